import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../../core/mapping/validate.js';
import { createPlan } from '../../../core/plan/plan.js';
import type { PlanSource } from '../../../core/plan/source-rows.js';
import { openCsv } from '../../../core/source/csv-reader.js';
import { createTableSql } from '../../../core/target/managed-table.js';
import { applyPlan } from '../../../core/sync/apply.js';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, DISTRIBUTOR_HEADERS, EDITION_HEADERS, PRINT_HEADERS, sync } from './harness.js';

/**
 * The shortcuts taken for speed give the same plans as the plain way: CSV rows read a batch at a
 * time (versus one by one), duplicate keys found while staging, link cells staged with their first
 * name, and keys built after the first load of a new table.
 */

function csvText(rows: string[][]): string {
  const cell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

async function writeExport(dir: string): Promise<string[]> {
  const e = basicExport();
  const editions = e.editions.map((r) => r.map(String));
  // The quirks whose problems the reader reports while rows stream: blank rows, a repeated header,
  // a short row, a cell over two lines; plus a duplicate key and a link naming one print twice.
  editions.splice(
    1,
    0,
    EDITION_HEADERS.map(() => ''),
  );
  editions.splice(2, 0, [...EDITION_HEADERS]);
  editions.push(['Short row', 'Fen Lights', '7']);
  editions.push(['Two lines', 'Fen Lights', '8', '', 'Small', 'Framed', '', '$10', '', 'line one\nline two']);
  editions.push(['Fen Lights twice', 'Fen Lights,Fen Lights', '9', '', 'Small', 'Framed', '', '$10', '', '']);
  editions.push([...editions[0]]);
  editions.push(EDITION_HEADERS.map(() => ''));
  const files = [
    ['Prints-Grid view.csv', [PRINT_HEADERS, ...e.prints.map((r) => r.map(String))]],
    ['Distributors-Grid view.csv', [DISTRIBUTOR_HEADERS, ...e.distributors.map((r) => r.map(String))]],
    ['Editions-All Records.csv', [EDITION_HEADERS, ...editions]],
  ] as const;
  const paths: string[] = [];
  for (const [name, rows] of files) {
    const p = path.join(dir, name);
    await fs.writeFile(p, csvText(rows.map((r) => [...r])));
    paths.push(p);
  }
  return paths;
}

async function planAndApply(url: string, sources: PlanSource[]) {
  const check = checkMapping(artMapping(basicExport()));
  if (!check.ok) throw new Error(JSON.stringify(check.issues));
  const session = await createPlan({
    config: { connectionString: url },
    mapping: check.mapping,
    order: check.order,
    sources,
    files: [],
    mode: 'incremental',
    target: 'test',
    signal: new AbortController().signal,
    progress: () => {},
  });
  try {
    const result = await applyPlan(session, {
      runId: `run-speed-${Date.now()}-${Math.random()}`,
      conflictPolicy: 'stop',
      signal: new AbortController().signal,
      progress: () => {},
    });
    const { planId: _i, seconds: _s, timings: _t, ...plan } = session.summary;
    return { plan, result };
  } finally {
    await session.close();
  }
}

const editionsData = (url: string) =>
  query(
    url,
    `SELECT e.display_name, e.edition_number, p.name AS print, e.notes, e.size, e.retail_price::text AS price, e.extra
       FROM editions e LEFT JOIN prints p ON p.id = e.print_id ORDER BY e.display_name, e.edition_number`,
  );

describe('speed shortcuts give the same plans', () => {
  it('CSV rows read a batch at a time plan exactly like rows read one by one', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ferry-speed-'));
    try {
      const paths = await writeExport(dir);
      const names = ['Prints', 'Distributors', 'Editions'];
      const batched = await Promise.all(paths.map((p, i) => openCsv(p, names[i])));
      expect(batched.every((s) => typeof s.batches === 'function')).toBe(true);
      const oneByOne = batched.map((s) => ({ ...s, batches: undefined }));

      const urlA = await freshDatabase('speed_batches');
      const urlB = await freshDatabase('speed_rows');
      const a = await planAndApply(urlA, batched);
      const b = await planAndApply(urlB, oneByOne);
      expect(a.plan).toEqual(b.plan);
      expect(a.result.tables).toEqual(b.result.tables);
      expect(await editionsData(urlA)).toEqual(await editionsData(urlB));

      const ed = a.plan.tables.find((t) => t.name === 'editions')!;
      expect(ed.duplicates).toBe(1);
      const reasons = a.plan.problems.filter((p) => p.table === 'editions').map((p) => [p.row, p.reason]);
      // In file order: the blank row, the repeated header, the short row, then the duplicate (listed after reading).
      const rowsOf = (re: RegExp) => reasons.filter(([, r]) => re.test(String(r))).map(([row]) => row);
      expect(rowsOf(/is empty/)).toEqual([3, 12]);
      expect(rowsOf(/repeats the header/)).toEqual([4]);
      expect(rowsOf(/the missing ones are left empty/)).toEqual([8]);
      expect(rowsOf(/same key as row 2/)).toEqual([11]);
      // A cell naming the same print twice links to it; nothing waits.
      expect(ed.counts.pending).toBe(0);
      expect(
        await query(
          urlA,
          `SELECT p.name FROM editions e JOIN prints p ON p.id = e.print_id WHERE e.display_name = 'Fen Lights twice'`,
        ),
      ).toEqual([{ name: 'Fen Lights' }]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a table created and filled by the first sync is the table declared up front, keys included', async () => {
    const url = await freshDatabase('speed_keys');
    const e = basicExport();
    const mapping = artMapping(e);
    const r = await sync(url, mapping, e);
    expect(r.result.tables.editions.insert).toBe(r.plan.tables.find((t) => t.name === 'editions')!.counts.insert);
    const constraints = await query<{ name: string; type: string; def: string }>(
      url,
      `SELECT conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'public.editions'::regclass AND contype IN ('p', 'u', 'f') ORDER BY conname`,
    );
    expect(constraints).toEqual([
      {
        name: 'editions_distributor_id_fkey',
        type: 'f',
        def: 'FOREIGN KEY (distributor_id) REFERENCES distributors(id)',
      },
      { name: 'editions_pkey', type: 'p', def: 'PRIMARY KEY (id)' },
      { name: 'editions_print_id_fkey', type: 'f', def: 'FOREIGN KEY (print_id) REFERENCES prints(id)' },
      { name: 'editions_source_key_hash_key', type: 'u', def: 'UNIQUE (source_key_hash)' },
    ]);
    for (const t of ['prints', 'distributors']) {
      const keys = await query<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'public.${t}'::regclass AND contype IN ('p', 'u')`,
      );
      expect(keys).toEqual([{ n: 2 }]);
    }
    // Same shape as the table declared up front (made here in another schema to compare).
    const spec = mapping.tables.find((t) => t.name === 'editions')!;
    await query(url, `CREATE SCHEMA ref`);
    await query(url, createTableSql(mapping, spec, '"ref"."editions"'));
    const shape = (schema: string) =>
      query(
        url,
        `SELECT a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, a.attidentity,
                pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attcollation
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = '${schema}.editions'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      );
    expect(await shape('public')).toEqual(await shape('ref'));
    const own = (schema: string) =>
      query(
        url,
        `SELECT conname AS name, contype::text AS type, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE conrelid = '${schema}.editions'::regclass AND contype <> 'f' ORDER BY conname`,
      );
    expect(await own('public')).toEqual(await own('ref'));
    // The identity goes on where inserting the rows one by one would have left it.
    const n = r.result.tables.editions.insert;
    expect(await query(url, `SELECT max(id)::int AS max, count(*)::int AS n FROM editions`)).toEqual([{ max: n, n }]);
    expect(
      await query(
        url,
        `SELECT start_value::int AS start, last_value::int AS last FROM pg_sequences WHERE schemaname = 'public' AND sequencename = 'editions_id_seq'`,
      ),
    ).toEqual([{ start: 1, last: n }]);
    // The key-hash index is what keeps two rows from sharing a key.
    await expect(
      query(url, `INSERT INTO editions (source_key_hash, data_hash) SELECT source_key_hash, 'x' FROM editions LIMIT 1`),
    ).rejects.toThrow(/duplicate key/);
  });

  it('a new table that an existing table now links to gets its keys at once', async () => {
    const url = await freshDatabase('speed_newparent');
    const e = basicExport();
    const full = artMapping(e);
    // First without distributors: editions has no distributor link yet.
    const without = structuredClone(full);
    without.tables = without.tables.filter((t) => t.name !== 'distributors');
    const ed = without.tables.find((t) => t.name === 'editions')!;
    ed.links = ed.links.filter((l) => l.table !== 'distributors');
    const first = await sync(url, without, e);
    expect(first.result.tables.editions.insert).toBe(4);
    // Then with it: distributors is created and editions gains a column referencing it, in one transaction.
    const second = await sync(url, full, e);
    expect(second.result.tables.distributors.insert).toBe(2);
    expect(second.result.tables.editions.update).toBe(
      second.plan.tables.find((t) => t.name === 'editions')!.counts.update,
    );
    expect(
      await query(
        url,
        `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'public.distributors'::regclass AND contype IN ('p', 'u') ORDER BY 1`,
      ),
    ).toEqual([{ name: 'distributors_pkey' }, { name: 'distributors_source_key_hash_key' }]);
    expect(
      await query(
        url,
        `SELECT count(*)::int AS n FROM pg_constraint WHERE conrelid = 'public.editions'::regclass AND confrelid = 'public.distributors'::regclass`,
      ),
    ).toEqual([{ n: 1 }]);
  });
});
