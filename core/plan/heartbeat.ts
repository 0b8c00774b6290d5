import type { Progress } from '../api/define.js';

/** Long SQL statements give no progress of their own: repeat the current stage four times a second. */
export class Heartbeat {
  private current?: Progress;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly progress: (p: Progress) => void) {
    this.timer = setInterval(() => this.current && this.progress(this.current), 200);
    this.timer.unref();
  }
  set(stage: string, message: string): void {
    this.current = { stage, message };
    this.progress(this.current);
  }
  /** The work reports its own progress again (rows read): no stage repeated meanwhile. */
  quiet(): void {
    this.current = undefined;
  }
  stop(): void {
    clearInterval(this.timer);
  }
}
