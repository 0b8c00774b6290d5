import type { Attachment, CleanResult } from './types.js';

/**
 * Splits a list cell (linked records, multi-selects, collaborators, lookups). Airtable joins the
 * items with `,` or `, ` and quotes an item that itself holds a comma or a quote, so the cell is
 * a one-line CSV of its own: `Alpha, "Smith, John", "The ""Big"" One"`.
 */
export function parseList(s: string): string[] {
  if (s.indexOf('"') === -1) {
    const out: string[] = [];
    for (const part of s.split(',')) {
      const t = part.trim();
      if (t) out.push(t);
    }
    return out;
  }
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    let item = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q === -1) {
          item += s.slice(i);
          i = n;
          break;
        }
        item += s.slice(i, q);
        if (s[q + 1] === '"') {
          item += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      const comma = s.indexOf(',', i);
      // Text after the closing quote (malformed, but keep it rather than lose it).
      item += (comma === -1 ? s.slice(i) : s.slice(i, comma)).trimEnd();
      i = comma === -1 ? n : comma + 1;
    } else {
      const comma = s.indexOf(',', i);
      item = comma === -1 ? s.slice(i) : s.slice(i, comma);
      i = comma === -1 ? n : comma + 1;
    }
    const t = item.trim();
    if (t) out.push(t);
  }
  return out;
}

/** Writes a list back as Airtable would (for reports and round trips). */
export function formatList(items: readonly string[]): string {
  return items.map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

export function cleanList(s: string): CleanResult<string[] | null> {
  const items = parseList(s);
  return items.length === 0 ? { value: null } : { value: items };
}

/**
 * Airtable attachment cells: `name (url)` items joined by commas. Names may hold parentheses
 * and commas (`images (1).jpeg (https://…)`), so an item ends only where ` (http…)` closes.
 */
export function parseAttachments(s: string): Attachment[] | undefined {
  const out: Attachment[] = [];
  let pos = 0;
  const n = s.length;
  while (pos < n) {
    const open = findUrlOpen(s, pos);
    if (open === -1) {
      const rest = s
        .slice(pos)
        .replace(/^[\s,]+/, '')
        .trim();
      if (rest) return undefined;
      break;
    }
    const name = s
      .slice(pos, open)
      .replace(/^[\s,]+/, '')
      .trim();
    // The url closes at a ')' followed by the end or by a comma: urls may hold ')' themselves.
    let close = s.indexOf(')', open);
    while (close !== -1) {
      let k = close + 1;
      while (k < n && s[k] === ' ') k++;
      if (k >= n || s[k] === ',') break;
      close = s.indexOf(')', close + 1);
    }
    if (close === -1) return undefined;
    out.push({
      name:
        name ||
        s
          .slice(open + 1, close)
          .split('/')
          .pop() ||
        'attachment',
      url: s.slice(open + 1, close).trim(),
    });
    pos = close + 1;
  }
  return out;
}

function findUrlOpen(s: string, from: number): number {
  let i = s.indexOf('(http', from);
  while (i !== -1) {
    const rest = s.startsWith('(https://', i) || s.startsWith('(http://', i);
    if (rest) return i;
    i = s.indexOf('(http', i + 1);
  }
  return -1;
}

export function cleanAttachments(s: string): CleanResult<Attachment[] | null> {
  const items = parseAttachments(s);
  if (!items) {
    // A plain list of file names (no links) is still worth keeping.
    const names = parseList(s);
    return {
      value: names.map((name) => ({ name, url: null })),
      problem: `"${s.length > 80 ? `${s.slice(0, 80)}…` : s}" has no links to the files; only the names were kept.`,
    };
  }
  return { value: items.length ? items : null };
}
