/** Header and name helpers shared by templates and suggestions. Node-free. */

/** `"En  el Banco "` → `en el banco`: case, spacing and punctuation do not make two headers different. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/%/g, ' percent ')
    .replace(/#/g, ' number ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A target column name for a header: `Commission %` → `commission_percent`. Never empty, at most 63 bytes. */
export function columnNameFor(header: string): string {
  const name = normaliseHeader(header).replace(/ /g, '_');
  const safe = name === '' ? 'column' : /^\p{N}/u.test(name) ? `c_${name}` : name;
  return truncateBytes(safe, 63);
}

/** A name with a suffix (`_2`, `_id`), shortened first so that the whole stays within 63 bytes. */
export function nameWithSuffix(base: string, suffix: string): string {
  return truncateBytes(base, 63 - new TextEncoder().encode(suffix).length) + suffix;
}

/** `base`, else `base_2`, `base_3`… (each within 63 bytes): the first name `taken` says is free. */
export function freeName(base: string, taken: (name: string) => boolean): string {
  let name = base;
  for (let i = 2; taken(name); i++) name = nameWithSuffix(base, `_${i}`);
  return name;
}

/** `Editions-All Records.csv` and `Editions` both name the source table `Editions`. */
export function tableNameFor(sourceTable: string): string {
  return columnNameFor(sourceTable);
}

function truncateBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (new TextEncoder().encode(out + ch).length > max) break;
    out += ch;
  }
  return out;
}

/** 0..1: how alike two headers are, once normalised (1 = the same words). */
export function headerSimilarity(a: string, b: string): number {
  const x = normaliseHeader(a);
  const y = normaliseHeader(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  if (x.replace(/ /g, '') === y.replace(/ /g, '')) return 0.95;
  const xs = new Set(x.split(' '));
  const ys = new Set(y.split(' '));
  const common = [...xs].filter((w) => ys.has(w)).length;
  const jaccard = common / new Set([...xs, ...ys]).size;
  const edit = 1 - levenshtein(x, y) / Math.max(x.length, y.length);
  return Math.max(jaccard * 0.9, edit * 0.85);
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
