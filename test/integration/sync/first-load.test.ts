import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../core/api/define.js';
import type { MappingDocument } from '../../../core/mapping/document.js';
import { checkMapping } from '../../../core/mapping/validate.js';
import { ProblemLog } from '../../../core/plan/problems.js';
import type { PlanSource } from '../../../core/plan/source-rows.js';
import type { PlanSummary } from '../../../core/plan/types.js';
import { firstLoad } from '../../../core/sync/first-load.js';
import { businessColumns } from '../../../core/target/managed-table.js';
import { rowHashSql } from '../../../core/target/row-hash.js';
import { ident, qualified } from '../../../core/target/sql.js';
import { freshDatabase, query } from '../../support/databases.js';
import { artMapping, basicExport, EDITION_HEADERS, PRINT_HEADERS, sources, sync, type ExportRows } from './harness.js';

async function load(
  url: string,
  mapping: MappingDocument,
  e: ExportRows,
  opts: { signal?: AbortSignal; progress?: (p: Progress) => void; sources?: PlanSource[] } = {},
) {
  const check = checkMapping(mapping);
  if (!check.ok) throw new Error(JSON.stringify(check.issues));
  return firstLoad({
    config: { connectionString: url },
    mapping: check.mapping,
    order: check.order,
    sources: opts.sources ?? sources(e),
    files: [],
    mode: 'incremental',
    target: 'test',
    runId: 'run-first-load',
    log: new ProblemLog(),
    signal: opts.signal ?? new AbortController().signal,
    progress: opts.progress ?? (() => {}),
  });
}

/**
 * Each table's rows as a first load and a dry run + apply must both leave them: every business
 * column, a link as its parent's key hash (ids differ: a first load numbers rows by export row),
 * the system columns that do not hold times or ids.
 */
async function contents(url: string, mapping: MappingDocument): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of mapping.tables) {
    const cols = t.fields.map((f) => `x.${ident(f.column)}::text AS ${ident(f.column)}`);
    const links = t.links.map(
      (l) =>
        `(SELECT p.source_key_hash FROM ${qualified(mapping.schema, l.table)} p WHERE p.id = x.${ident(l.column)}) AS ${ident(l.column)}`,
    );
    out[t.name] = await query(
      url,
      `SELECT x.source_key_hash, x.sync_version, x.is_active, x.extra::text AS extra,
              x.created_run_id IS NOT NULL AND x.last_run_id = x.created_run_id AS by_run,
              x.last_synced_at IS NOT NULL AS synced, ${[...cols, ...links].join(', ')}
         FROM ${qualified(mapping.schema, t.name)} x ORDER BY x.source_key_hash`,
    );
  }
  return out;
}

/** Rows whose stored data_hash is not what PostgreSQL computes for them now (should be none). */
async function wrongHashes(url: string, mapping: MappingDocument): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of mapping.tables) {
    const [r] = await query<{ bad: number; n: number }>(
      url,
      `SELECT count(*) FILTER (WHERE x.data_hash <> ${rowHashSql(businessColumns(t), 'x')})::int AS bad, count(*)::int AS n
         FROM ${qualified(mapping.schema, t.name)} x`,
    );
    expect(r.n).toBeGreaterThan(0);
    out[t.name] = r.bad;
  }
  return out;
}

function planned(p: PlanSummary) {
  return {
    tables: p.tables,
    problems: p.problems,
    problemsUnlisted: p.problemsUnlisted,
    ruleEffects: p.ruleEffects,
    conflicts: p.conflicts,
  };
}

/** Every quirk the planner handles on a first sync: duplicates both ways, each link status, skipped rows, odd extra values. */
function messyExport(): ExportRows {
  const e = basicExport();
  e.printHeaders = [...PRINT_HEADERS, 'Record Id'];
  e.prints = e.prints.map((r, i) => [...r, `recP${i}`]);
  e.prints.push(
    ['Fen Lights', 'a second Fen Lights', '5', '', '', '', 'recP9'],
    ['test', '', '', '', '', '', ''],
    ['', 'a print without a name', '7', '', '', '', ''],
  );
  e.editionHeaders = [...EDITION_HEADERS, 'Print Lookup', 'Remarks'];
  e.editions = e.editions.map((r) => [...r, `${String(r[1])},${String(r[1])}`, '']);
  const row = (cells: unknown[]) => e.editions.push(cells);
  row(['Ghost #1', 'Nowhere Print', '1', 'North Gallery', 'Small', 'Framed', '', '$10', '', '', '', 'tab\there']);
  row(['Two #9', '"Harbour, at dawn",Fen Lights', '9', 'North Gallery', 'Small', 'Framed', '', '$11', '', '', '', '']);
  row(['Two #1', '"Harbour, at dawn",Fen Lights', '1', '', 'Small', 'Framed', '', '$12', '', '', '', '']);
  row([
    'Harbour #2 sold',
    '"Harbour, at dawn"',
    '2',
    'North Gallery',
    'Small',
    'Framed',
    'checked',
    '$99',
    '1/2/2025',
    'preferred: sold',
    '',
    '',
  ]);
  row(['Fen #1 again', 'Fen Lights', '1', 'Unknown Gallery', 'Small', 'Framed', '', '$13', '', '', '', '']);
  row([
    'Fen #2',
    'Fen Lights',
    '2',
    'Unknown Gallery',
    'Small',
    'Framed',
    '',
    '$5',
    '',
    '',
    '',
    'unicode é 😀 "quoted" back\\slash\nnew line \u0001',
  ]);
  row(['No print #3', '', '3', 'North Gallery', 'Small', 'Framed', '', '$5', '', '', '', '']);
  row([
    'Kestrel #2',
    '"Kestrel ""blue"""',
    '2',
    'North Gallery',
    'Medium',
    'Framed',
    'nope',
    '$1,250.5',
    '',
    '',
    '',
    42,
  ]);
  row(['Kestrel #3', '"Kestrel ""blue"""', '3', '', 'large', 'Framed', '', '-$0.50', '2/29/2024', '', '', '']);
  return e;
}

async function bothWays(mapping: MappingDocument, e: ExportRows) {
  const direct = await freshDatabase('load');
  const viaPlan = await freshDatabase('loadplan');
  const loaded = await load(direct, mapping, e);
  const synced = await sync(viaPlan, mapping, e);
  return { direct, viaPlan, loaded, synced };
}

describe('first load into a database without the tables', () => {
  it('plans, writes and lists exactly what a dry run and an apply do, with the hashes PostgreSQL computes', async () => {
    const e = messyExport();
    const mapping = artMapping(e);
    const { direct, viaPlan, loaded, synced } = await bothWays(mapping, e);

    expect(planned(loaded.summary)).toEqual(planned(synced.plan));
    expect(loaded.result.tables).toEqual(synced.result.tables);
    expect(await contents(direct, mapping)).toEqual(await contents(viaPlan, mapping));
    expect(await wrongHashes(direct, mapping)).toEqual({ prints: 0, distributors: 0, editions: 0 });
    // The export's quirks were there to be handled: held back, set aside, refused and listed.
    const editions = loaded.summary.tables.find((t) => t.name === 'editions')!;
    expect(editions.counts.pending).toBeGreaterThanOrEqual(3);
    expect(editions.duplicates).toBe(3);
    expect(loaded.summary.problems.filter((p) => p.stage === 'link').length).toBeGreaterThanOrEqual(3);
    // A row set aside as a duplicate is not listed again for its link (Fen #1 again names an unknown gallery).
    const again = e.editions.findIndex((r) => r[0] === 'Fen #1 again') + 2;
    const listed = loaded.summary.problems.filter((p) => p.row === again).map((p) => p.stage);
    expect(listed).toEqual(['plan']);
    for (const t of loaded.summary.tables) expect(loaded.result.tables[t.name].insert).toBe(t.counts.insert);
  });

  it('leaves rows that a later sync of the same export finds unchanged', async () => {
    const e = messyExport();
    const mapping = artMapping(e);
    const url = await freshDatabase('loadagain');
    const loaded = await load(url, mapping, e);
    const again = await sync(url, mapping, e);
    for (const t of again.plan.tables) {
      expect(t.counts, t.name).toMatchObject({ insert: 0, update: 0, conflict: 0, retire: 0 });
      expect(t.counts.unchanged, t.name).toBe(loaded.result.tables[t.name].insert);
    }
    // New rows added after a first load take ids after the export's row numbers.
    const [max] = await query<{ m: string }>(url, `SELECT max(id)::text AS m FROM editions`);
    e.editions.push(['Fen #7', 'Fen Lights', '7', 'North Gallery', 'Small', 'Framed', '', '$5', '', '', '', '']);
    const more = await sync(url, mapping, e);
    expect(more.result.tables.editions.insert).toBe(1);
    const [fen7] = await query<{ id: string }>(url, `SELECT id::text FROM editions WHERE display_name = 'Fen #7'`);
    expect(BigInt(fen7.id)).toBeGreaterThan(BigInt(max.m));
  });

  it('follows the other policies the same way: refused links, last one wins, names shared by two parents', async () => {
    const e = messyExport();
    const mapping = artMapping(e);
    const prints = mapping.tables.find((t) => t.name === 'prints')!;
    // Two prints may now share a name: an edition naming it cannot tell which.
    prints.key = ['name', 'description'];
    e.prints[2][1] = 'Lights over the fen';
    prints.duplicates = { keep: 'last' };
    // A list column: its hash cannot be a generated column, so PostgreSQL computes it after the rows.
    prints.fields.find((f) => f.column === 'notes')!.type = 'list';
    const editions = mapping.tables.find((t) => t.name === 'editions')!;
    editions.links.find((l) => l.table === 'distributors')!.onUnresolved = 'reject';
    const printLink = editions.links.find((l) => l.table === 'prints')!;
    printLink.onUnresolved = 'null';
    printLink.match = 'name';
    editions.duplicates = { keep: 'last' };
    const { direct, viaPlan, loaded, synced } = await bothWays(mapping, e);

    expect(planned(loaded.summary)).toEqual(planned(synced.plan));
    expect(loaded.result.tables).toEqual(synced.result.tables);
    expect(await contents(direct, mapping)).toEqual(await contents(viaPlan, mapping));
    expect(await wrongHashes(direct, mapping)).toEqual({ prints: 0, distributors: 0, editions: 0 });
    const reasons = loaded.summary.problems.map((p) => p.reason);
    expect(reasons.some((r) => r.startsWith('Several prints records are called "Fen Lights"'))).toBe(true);
    expect(loaded.summary.tables.find((t) => t.name === 'editions')!.rejected).toBeGreaterThan(0);
  });

  it('declines when a table exists, and writes nothing when the export cannot be loaded', async () => {
    const e = basicExport();
    const mapping = artMapping(e);
    const url = await freshDatabase('loadbad');
    // A key column the export lacks stops the load before anything is written.
    const broken = structuredClone(mapping);
    broken.tables.find((t) => t.name === 'editions')!.fields.find((f) => f.column === 'edition_number')!.source = [
      'Number That Is Not There',
    ];
    await expect(load(url, broken, e)).rejects.toThrow(/identifies rows of "editions"/);
    const tables = await query(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables).toEqual([]);

    await load(url, mapping, e);
    await expect(load(url, mapping, e)).rejects.toThrow(/created some of these tables/);
  });

  it('leaves the database as it was when cancelled, or when its connection is killed, midway through the rows', async () => {
    const e = basicExport();
    for (let i = 10; i < 40_000; i++)
      e.editions.push([
        `Harbour #${i}`,
        '"Harbour, at dawn"',
        String(i),
        'North Gallery',
        'Small',
        'Framed',
        '',
        '$5',
        '',
        '',
      ]);
    const mapping = artMapping(e);
    const publicTables = (url: string) =>
      query(url, `SELECT table_name FROM information_schema.tables WHERE table_schema IN ('public', 'ferry')`);
    const midway = (p: Progress) => p.stage === 'read' && (p.done ?? 0) >= 8192 && /Editions/.test(p.message ?? '');

    const cancelled = await freshDatabase('loadcancel');
    const stop = new AbortController();
    await expect(
      load(cancelled, mapping, e, { signal: stop.signal, progress: (p) => midway(p) && stop.abort() }),
    ).rejects.toThrow(/cancel/i);
    expect(await publicTables(cancelled)).toEqual([]);

    const killed = await freshDatabase('loadkill');
    let kill: Promise<unknown> | undefined;
    // The editions file stops at row 10,000 until its COPY's connection is gone.
    const stalled = sources(e).map((src) =>
      src.name !== 'Editions'
        ? src
        : {
            ...src,
            rows: async function* (o?: Parameters<PlanSource['rows']>[0]) {
              for await (const r of src.rows(o)) {
                if (r.row === 10_000) {
                  kill = query(
                    killed,
                    `SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity
                      WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY%'`,
                  );
                  await kill;
                }
                yield r;
              }
            },
          },
    );
    await expect(load(killed, mapping, e, { sources: stalled })).rejects.toThrow(/nothing was written/);
    expect(await kill).toEqual([{ gone: true }]);
    expect(await publicTables(killed)).toEqual([]);
    // The same export loads in full once nothing interferes, saying what it does as it goes: while
    // the editions are read, nothing repeats an earlier table's stage.
    const said: Progress[] = [];
    const whole = await load(killed, mapping, e, { progress: (p) => said.push(p) });
    expect(whole.result.tables.editions.insert).toBe(e.editions.length);
    const reading = said.map((p, i) => [p, i] as const).filter(([p]) => /Editions/.test(p.message ?? ''));
    expect(reading.length).toBeGreaterThan(5);
    const during = said.slice(reading[0][1], reading[reading.length - 1][1] + 1);
    expect(during.filter((p) => p.stage !== 'read')).toEqual([]);
    expect(said.at(-1)).toMatchObject({ stage: 'done' });
  });
});
