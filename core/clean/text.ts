import type { CleanResult } from './types.js';

/** True when a string needs no repair: the common case, checked with char codes, not regexes. */
function isClean(s: string): boolean {
  const n = s.length;
  if (n === 0) return true;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first <= 32 || last <= 32 || first === 0xa0 || last === 0xa0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 32) {
      if (c !== 10 && c !== 9) return false;
    } else if (c === 127 || c === 0xa0 || c === 0x200b || c === 0xfeff || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/**
 * Text as a person meant it: trimmed, non-breaking spaces as spaces, line endings as `\n`,
 * control and zero-width characters removed. Inner spacing and tabs are kept.
 */
export function cleanText(s: string): CleanResult<string | null> {
  if (isClean(s)) return { value: s === '' ? null : s };
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 13) {
      out += '\n';
      if (s.charCodeAt(i + 1) === 10) i++;
    } else if (c === 0xa0 || c === 0x2028 || c === 0x2029) out += c === 0xa0 ? ' ' : '\n';
    else if ((c < 32 && c !== 10 && c !== 9) || c === 127 || c === 0x200b || c === 0xfeff) continue;
    else out += s[i];
  }
  out = out.trim();
  return out === '' ? { value: null, changed: true } : { value: out, changed: true };
}
