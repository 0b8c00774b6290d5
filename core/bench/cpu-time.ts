import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * CPU-seconds spent by Ferry and by PostgreSQL during one measured step, read from Linux's /proc.
 * Wall time alone cannot tell "slow because one side waits" from "slow because there is that much
 * work": the sum of both sides' CPU, spread over the machine's cores, is a bound no scheduling
 * of the same work can beat. Undefined where /proc is not there (macOS, Windows).
 */

interface ProcTimes {
  state: string;
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children this process has waited for, in clock ticks. */
  reaped: number;
}

function procTimes(pid: number | 'self'): ProcTimes | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may hold spaces or parentheses itself: fields start after the last ')'.
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // f[0] is field 3 (state), so field n is f[n - 3].
  return { state: f[0], ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
}

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU-seconds of this process's children that have exited and been waited for (a `ferry sync` run as a child). */
export function exitedChildrenCpuSeconds(): number | undefined {
  // Ticks first: finding them out may run `getconf`, a child of this process.
  const perSecond = clockTicks();
  const t = procTimes('self');
  return t ? t.reaped / perSecond : undefined;
}

/**
 * CPU-seconds a PostgreSQL server has used so far: the postmaster's own, that of its backends
 * which have ended (the postmaster waited for them), and that of the processes running now.
 * `processes` counts the postmaster's children, and `exiting` those that have ended but are not
 * yet waited for: their CPU shows nowhere until they are (see `settledServerCpu`).
 */
export function serverCpu(postmasterPid: number): { seconds: number; processes: number; exiting: number } | undefined {
  // A backend waited for while its siblings are read would be counted in neither place: read
  // again until the postmaster's count of waited-for CPU is the same before and after.
  for (let attempt = 0; ; attempt++) {
    const main = procTimes(postmasterPid);
    if (!main) return undefined;
    let ticks = main.own + main.reaped;
    let processes = 0;
    let exiting = 0;
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const t = procTimes(Number(entry));
      if (!t || t.ppid !== postmasterPid) continue;
      processes++;
      if (t.state === 'Z' || t.state === 'X') exiting++;
      else ticks += t.own + t.reaped;
    }
    if (procTimes(postmasterPid)?.reaped === main.reaped || attempt >= 10)
      return { seconds: ticks / clockTicks(), processes, exiting };
  }
}

/**
 * The server's CPU-seconds once the connections of a step just measured have wound down: no
 * more server processes than `before` had, none of them exiting (two seconds at most).
 */
export async function settledServerCpu(
  postmasterPid: number,
  before?: { processes: number },
): Promise<ReturnType<typeof serverCpu>> {
  let now = serverCpu(postmasterPid);
  for (let i = 0; i < 40 && now && (now.exiting > 0 || (before && now.processes > before.processes)); i++) {
    await new Promise((r) => setTimeout(r, 50));
    now = serverCpu(postmasterPid);
  }
  return now;
}
