import path from 'node:path';
import fs from 'node:fs/promises';
import type { Progress } from '../api/define.js';
import { throwIfCancelled } from '../api/errors.js';
import { parseAttachments } from '../clean/list.js';
import { readExportSet } from '../source/export-set.js';
import { inspectExportSet } from '../source/inspect.js';
import type { RawValue } from '../source/types.js';
import type { AttachmentColumnCount, AttachmentItem } from './types.js';

export interface ListedAttachments {
  items: AttachmentItem[];
  columns: AttachmentColumnCount[];
  /** `<export folder>/attachments`: the folder the export came from, or the folder chosen. */
  defaultFolder: string;
}

/**
 * Every attachment an export set names, in the columns inspect reads as attachments. Names can
 * hold parentheses and commas, so cells go through the same parser the sync uses.
 */
export async function listAttachments(
  paths: string[],
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void } = {},
): Promise<ListedAttachments> {
  const set = await readExportSet(paths, opts);
  const report = await inspectExportSet(set, opts);
  const items: AttachmentItem[] = [];
  const columns: AttachmentColumnCount[] = [];
  for (const table of set.tables) {
    const inspected = report.tables.find((t) => t.name === table.name);
    const wanted = (inspected?.columns ?? [])
      .map((c, i) => ({ name: c.name, index: i, type: c.type }))
      .filter((c) => c.type === 'attachments');
    if (wanted.length === 0) continue;
    const counts = wanted.map((c) => ({ table: table.name, column: c.name, records: 0, files: 0 }));
    const keyIndexes = (table.key ?? []).map((k) => table.columns.indexOf(k)).filter((i) => i >= 0);
    for await (const row of table.rows({ signal: opts.signal })) {
      const recordKey = keyOf(row.values, keyIndexes) || `row ${row.row}`;
      wanted.forEach((c, w) => {
        const found = attachmentsIn(row.values[c.index]);
        if (found.length === 0) return;
        counts[w].records++;
        counts[w].files += found.length;
        for (const a of found) {
          items.push({ table: table.name, file: table.file, row: row.row, recordKey, column: c.name, ...a });
        }
      });
    }
    columns.push(...counts);
  }
  throwIfCancelled(opts.signal);
  return { items, columns, defaultFolder: path.join(await exportFolder(paths[0]), 'attachments') };
}

/** The record's own key (Airtable ids when exported), else its primary field, the first column. */
function keyOf(values: RawValue[], keyIndexes: number[]): string {
  const parts = (keyIndexes.length ? keyIndexes : [0]).map((i) => text(values[i])).filter(Boolean);
  return parts.join(' ').slice(0, 80);
}

function text(v: RawValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return typeof v === 'object' ? '' : String(v).trim();
}

/** A CSV cell (`name (url), …`) or a JSON export's list of `{ url, filename }` objects. */
function attachmentsIn(v: RawValue | undefined): { name: string; url: string }[] {
  if (typeof v === 'string') {
    if (!v.includes('(http')) return [];
    return (parseAttachments(v) ?? []).flatMap((a) => (a.url ? [{ name: a.name, url: a.url }] : []));
  }
  if (!Array.isArray(v)) return [];
  const out: { name: string; url: string }[] = [];
  for (const item of v as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const { url, filename, name } = item as Record<string, unknown>;
    if (typeof url !== 'string' || !url) continue;
    const label = typeof filename === 'string' ? filename : typeof name === 'string' ? name : '';
    out.push({ name: label || url.split('/').pop() || 'attachment', url });
  }
  return out;
}

async function exportFolder(first: string | undefined): Promise<string> {
  if (!first) return process.cwd();
  const stat = await fs.stat(first).catch(() => undefined);
  return stat?.isDirectory() ? path.resolve(first) : path.dirname(path.resolve(first));
}
