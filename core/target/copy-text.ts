import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';

/** Escapes one value for COPY's text format; null is `\N`. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * A COPY … FROM STDIN writer that batches lines into large chunks and respects back-pressure,
 * so a million rows stream through with flat memory.
 */
export class CopyWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: Writable;
  private readonly done: Promise<void>;
  private failed?: Error;

  constructor(client: pg.ClientBase, sql: string) {
    this.stream = client.query(copyFrom(sql));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', () => resolve());
      this.stream.on('error', (err: Error) => {
        this.failed = err;
        reject(err);
      });
    });
    // Errors surface through `done`; avoid an unhandled rejection before someone awaits it.
    this.done.catch(() => {});
  }

  /**
   * Adds one line (fields already escaped and joined by tabs). Returns true when the buffer is
   * full: the caller then awaits `flush()` (one await per chunk, not per row).
   */
  line(text: string): boolean {
    this.buffer.push(text);
    this.size += text.length + 1;
    return this.size >= 1 << 18;
  }

  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.buffer.length) return;
    const chunk = this.buffer.join('\n') + '\n';
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (err: Error) => {
          this.stream.off('drain', onDrain);
          reject(err);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }

  /** Stops the COPY; PostgreSQL discards what it received. */
  abort(err: Error): void {
    this.stream.destroy(err);
  }
}
