import type { CleanResult } from './types.js';

const TRUE = new Set(['checked', 'yes', 'y', 'true', 't', '1', 'x', '✓', '✔', '☑', 'on', 'ja', 'oui', 'sí', 'si']);
const FALSE = new Set(['unchecked', 'no', 'n', 'false', 'f', '0', 'off', '☐', 'nein', 'non']);

/** Tokens a checkbox column may hold; the words (not 1/0) are what make a column look boolean. */
export function booleanToken(s: string): boolean | undefined {
  if (s.length > 9) return undefined;
  const t = s.trim().toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  return undefined;
}

/** `checked`, yes/no, true/false, 1/0, `x`. */
export function cleanBoolean(s: string): CleanResult<boolean | null> {
  const b = booleanToken(s);
  if (b === undefined) return { value: null, problem: `"${s}" is not a yes/no value.` };
  return s === s.trim() ? { value: b } : { value: b, changed: true };
}
