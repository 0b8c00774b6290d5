/** A moment as an owner reads it in messages and reports: `3 March 2026, 14:05 UTC`. */
export function when(iso: string | undefined, unknown = 'an unknown time'): string {
  if (!iso) return unknown;
  return (
    new Date(iso).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    }) + ' UTC'
  );
}
