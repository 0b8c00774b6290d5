/**
 * A linked-record, multi-select or lookup cell is a small CSV of its own: names joined by `,`
 * (sometimes `, `), and a name holding a comma or a quote is quoted again. `"Harbour, at dawn",Kestrel`
 * is two names. Empty items are dropped.
 */
export function parseListCell(cell: string): string[] {
  if (!cell.includes('"')) {
    const out: string[] = [];
    for (const part of cell.split(',')) {
      const t = part.trim();
      if (t) out.push(t);
    }
    return out;
  }
  const out: string[] = [];
  let i = 0;
  const n = cell.length;
  while (i < n) {
    while (i < n && (cell[i] === ' ' || cell[i] === '\t')) i++;
    let item = '';
    if (cell[i] === '"') {
      i++;
      while (i < n) {
        if (cell[i] === '"') {
          if (cell[i + 1] === '"') {
            item += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        item += cell[i++];
      }
      // Anything between the closing quote and the next comma belongs to the name.
      while (i < n && cell[i] !== ',') item += cell[i++];
    } else {
      while (i < n && cell[i] !== ',') item += cell[i++];
    }
    i++; // the comma
    const t = item.trim();
    if (t) out.push(t);
  }
  return out;
}

/** `images (1).jpeg (https://…)` items: the URL is the last parenthesised part of each item. */
export function parseAttachmentsCell(cell: string): { name: string; url: string }[] | undefined {
  const out: { name: string; url: string }[] = [];
  const re = /\s*(.*?)\s*\((https?:\/\/[^\s)]*)\)\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(cell)) !== null) {
    if (m[0] === '') break;
    out.push({ name: m[1], url: m[2] });
    last = re.lastIndex;
  }
  if (cell.slice(last).trim() !== '') return undefined;
  return out;
}
