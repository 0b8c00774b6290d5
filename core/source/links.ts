import { throwIfCancelled } from '../api/errors.js';
import { parseList } from '../clean/list.js';
import type { DetectedLink, ExportSet, SourceTable } from './types.js';

/** A column is reported as a link when at least this share of its values name another table's records. */
const MIN_MATCH_SHARE = 0.5;
/** Beyond this many records, a table's primary values are not held in memory for matching. */
const MAX_PRIMARY_VALUES = 2_000_000;

/**
 * Finds linked-record (and lookup) columns by matching their values, read as lists, against the
 * other tables' primary (first) column. Streams every table twice: once for the primary values,
 * once for the candidates. Only the best-matching target is reported per column.
 */
export async function detectLinks(
  set: Pick<ExportSet, 'tables'>,
  opts: { signal?: AbortSignal } = {},
): Promise<DetectedLink[]> {
  if (set.tables.length < 2) return [];
  const primaries = new Map<SourceTable, Set<string>>();
  for (const table of set.tables) {
    const values = new Set<string>();
    let tooMany = false;
    for await (const row of table.rows({ signal: opts.signal })) {
      const v = row.values[0];
      if (v === null || v === undefined || v === '') continue;
      values.add(String(v).trim());
      if (values.size > MAX_PRIMARY_VALUES) {
        tooMany = true;
        break;
      }
    }
    throwIfCancelled(opts.signal);
    if (!tooMany && values.size > 0) primaries.set(table, values);
  }
  const links: DetectedLink[] = [];
  for (const table of set.tables) {
    const others = [...primaries.entries()].filter(([t]) => t !== table);
    // The first column is a candidate too: Airtable never makes the primary field a link, but a
    // spreadsheet from elsewhere often leads with the parent's name (Print, Edition Number, …).
    if (others.length === 0) continue;
    // counts[column][other] = matched items; totals[column] = all items.
    const width = table.columns.length;
    const counts = Array.from({ length: width }, () => new Array<number>(others.length).fill(0));
    const totals = new Array<number>(width).fill(0);
    const unmatched = Array.from({ length: width }, () =>
      new Array<string[]>(others.length).fill([]).map(() => [] as string[]),
    );
    for await (const row of table.rows({ signal: opts.signal })) {
      for (let c = 0; c < width; c++) {
        const raw = row.values[c];
        if (raw === null || raw === undefined || raw === '') continue;
        const items = itemsOf(raw);
        for (const item of items) {
          totals[c]++;
          for (let o = 0; o < others.length; o++) {
            if (others[o][1].has(item)) counts[c][o]++;
            else if (unmatched[c][o].length < 5 && !unmatched[c][o].includes(item)) unmatched[c][o].push(item);
          }
        }
      }
    }
    throwIfCancelled(opts.signal);
    for (let c = 0; c < width; c++) {
      if (totals[c] === 0) continue;
      let best = -1;
      for (let o = 0; o < others.length; o++) if (best === -1 || counts[c][o] > counts[c][best]) best = o;
      if (best === -1 || counts[c][best] < totals[c] * MIN_MATCH_SHARE) continue;
      const [toTable] = others[best];
      links.push({
        table: table.name,
        column: table.columns[c],
        toTable: toTable.name,
        toColumn: toTable.columns[0],
        matched: counts[c][best],
        total: totals[c],
        unmatched: unmatched[c][best],
      });
    }
  }
  return withoutMirrors(links, set.tables);
}

/**
 * Two tables whose first columns name each other's records (Editions.Print ↔ Prints.Name) hold
 * one link, not two: the child is the side whose values match better.
 */
function withoutMirrors(links: DetectedLink[], tables: SourceTable[]): DetectedLink[] {
  const first = (l: DetectedLink) => tables.find((t) => t.name === l.table)?.columns[0] === l.column;
  const share = (l: DetectedLink) => l.matched / l.total;
  return links.filter((l) => {
    if (!first(l)) return true;
    const mirror = links.find((m) => m !== l && first(m) && m.table === l.toTable && m.toTable === l.table);
    return !mirror || share(l) > share(mirror) || (share(l) === share(mirror) && l.table < mirror.table);
  });
}

function itemsOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => String(v).trim()).filter(Boolean);
  const s = String(raw);
  if (s.indexOf(',') === -1 && s.indexOf('"') === -1) {
    const t = s.trim();
    return t ? [t] : [];
  }
  return parseList(s);
}
