import type { Progress } from '../api/define.js';

/** One self-overwriting progress line on a terminal. */
export function renderProgress(stream: NodeJS.WriteStream): (p: Progress) => void {
  return (p) => {
    const share = p.total
      ? ` ${Math.floor(((p.done ?? 0) / p.total) * 100)}%`
      : p.done !== undefined
        ? ` ${p.done.toLocaleString('en-US')} ${p.unit ?? ''}`
        : '';
    stream.write(`\r\x1b[2K${p.message}${share}`);
    if (p.total !== undefined && p.done === p.total) stream.write('\n');
  };
}
