import type { RestoreConflict } from './types.js';

/** How a person finds the row: Ferry's row id for a synced row, the key values for a copied one. Node-free. */
export function conflictRowLabel(c: RestoreConflict): string {
  if (c.rowId !== undefined) return String(c.rowId);
  return Object.entries(c.key ?? {})
    .map(([k, v]) => `${k} ${v === null ? '(empty)' : String(v)}`)
    .join(', ');
}
