/** Formatting for people: numbers with separators, durations in words, dates in the owner's locale. */

const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number | undefined): string {
  return numberFormat.format(n ?? 0);
}

/** `1 row`, `2,500 rows`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `less than a second`, `12 seconds`, `3 minutes`, `1 hour 5 minutes`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 1) return 'less than a second';
  if (seconds < 60) return plural(Math.round(seconds), 'second');
  if (seconds < 3600) return plural(Math.round(seconds / 60), 'minute');
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return minutes ? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}` : plural(hours, 'hour');
}

/**
 * Time left from the rate so far. Says nothing until there is enough evidence (a little work done
 * and a second spent), because an early guess swings wildly and misleads more than it helps.
 */
export function estimateTimeLeft(done: number, total: number, elapsedMs: number): string | null {
  if (!(total > 0) || done <= 0 || elapsedMs < 1000 || done >= total) return null;
  const rate = done / elapsedMs;
  return `about ${formatDuration((total - done) / rate / 1000)} left`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[i]}`;
}

/** A date and time in the owner's locale; `never` for missing values. */
export function formatWhen(iso: string | undefined | null): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How a cell value reads in a diff: empty values are named rather than shown as nothing. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
