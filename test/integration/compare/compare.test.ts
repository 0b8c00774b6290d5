import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { FerryError } from '../../../core/api/errors.js';
import { applyCopy } from '../../../core/compare/compare.js';
import { copyAndRecord } from '../../../core/compare/run-copy.js';
import { openHistoryStore } from '../../../core/history/store.js';
import { WRITE_LOCK_SQL } from '../../../core/target/system-columns.js';
import { freshDatabase, query } from '../../support/databases.js';
import { compareCtx, dump, jobDatabases, jobSpec, publicSpec } from './support.js';

const counts = (p: { matched: number; notFound: number; notInSource: number; update: number }) => ({
  matched: p.matched,
  notFound: p.notFound,
  notInSource: p.notInSource,
  update: p.update,
});

describe('compare and copy between two databases', () => {
  it('plans a composite key with different names, applies the same counts, and restores every copied field', async () => {
    const { from, to } = await jobDatabases();
    const ctx = await compareCtx();
    const spec = jobSpec(from, to, [
      { source: 'title', target: 'title', transform: { kind: 'trim' } },
      { source: 'qty', target: 'qty' },
      { source: 'price', target: 'price', transform: { kind: 'number' } },
      { source: 'status', target: 'status' },
    ]);
    const before = await dump(to);
    const plan = await call('compare/plan', spec, ctx);
    expect(counts(plan)).toEqual({ matched: 6, notFound: 2, notInSource: 1, update: 3 });
    // 'Beta ' trimmed equals 'Beta': only qty changes there; price text '1.50' equals numeric 1.50.
    expect(plan.fields).toEqual({ title: 1, qty: 2, price: 0, status: 1 });
    expect(plan.notFoundRows).toEqual([
      { job_no: 'D', rel: '1' },
      { job_no: 'D', rel: '2' },
    ]);
    expect(plan.changes).toEqual([
      {
        key: { job_no: 'A', rel: '2' },
        fields: [
          { column: 'title', old: 'Alpha 2', new: 'Alpha two' },
          { column: 'status', old: 'open', new: 'closed' },
        ],
      },
      { key: { job_no: 'B', rel: '1' }, fields: [{ column: 'qty', old: '31', new: '30' }] },
      { key: { job_no: 'C', rel: '1' }, fields: [{ column: 'qty', old: '50', new: '55' }] },
    ]);
    expect(plan.errors).toEqual([]);
    expect(plan.synced).toBe(false);
    expect(await dump(to)).toBe(before);

    const done = await call('compare/apply', { spec, expect: counts(plan) }, ctx);
    expect(counts(done)).toEqual(counts(plan));
    expect(done.fields).toEqual(plan.fields);
    expect(done.runId).toMatch(/^run-/);
    const rows = await query(
      to,
      `SELECT job_no, rel, title, qty, status FROM jobs WHERE job_no IN ('A','B','C') ORDER BY 1, 2`,
    );
    expect(rows.map((r) => [r.job_no, r.rel, r.title, r.qty, r.status])).toEqual([
      ['A', 1, 'Alpha', 10, 'open'],
      ['A', 2, 'Alpha two', 20, 'closed'],
      ['B', 1, 'Beta', 30, 'open'],
      ['B', 2, 'Beta two', 40, 'open'],
      ['C', 1, 'Gamma', 55, 'open'],
      ['C', 2, 'Gamma two', 60, 'open'],
    ]);
    // Recorded both in the target and in the local history, like a sync.
    const runs = await query(to, `SELECT kind FROM ferry.runs WHERE run_id = $1`, [done.runId]);
    expect(runs).toEqual([{ kind: 'copy' }]);
    const store = openHistoryStore(ctx.env.home);
    const ws = store.workspaceForTarget(spec.to);
    const listed = store.listRuns(ws.id);
    store.close();
    expect(listed.map((r) => [r.runId, r.kind, r.status, r.totals.update])).toEqual([
      [done.runId, 'copy', 'completed', 3],
    ]);

    // The tables to choose from: the user's, never Ferry's own record of runs.
    const { tables } = await call('compare/tables', { connection: spec.to }, ctx);
    expect(tables.map((t) => [t.schema, t.name, t.columns.map((c) => c.name).join(',')])).toEqual([
      ['public', 'jobs', 'id,job_no,rel,title,qty,price,status,updated'],
    ]);
    expect(tables[0]!.columns.find((c) => c.name === 'price')!.type).toBe('numeric(10,2)');
    await expect(
      call('compare/tables', { connection: { kind: 'url', url: to.replace(/\/[^/]*$/, '/no_such_db') } }, ctx),
    ).rejects.toMatchObject({ code: 'database-missing' });

    // A second copy after it is a plan with nothing to do.
    const again = await call('compare/plan', spec, ctx);
    expect(again.update).toBe(0);

    const preview = await call('restore/preview', { workspaceId: ws.id, runId: done.runId }, ctx);
    expect(preview.tables.jobs).toEqual({ remove: 0, revert: 3, reinsert: 0, conflict: 0 });
    expect(preview.summary).toContain('before the copy of');
    expect(await dump(to)).not.toBe(before);
    const restored = await call('restore/apply', { workspaceId: ws.id, runId: done.runId, conflicts: 'skip' }, ctx);
    expect(restored.verified).toEqual({ checked: 3, matched: 3 });
    expect(await dump(to)).toBe(before);

    // The restore is itself a run: undoing it puts the copied values back.
    await call('restore/apply', { workspaceId: ws.id, runId: restored.runId, conflicts: 'skip' }, ctx);
    expect((await query(to, `SELECT qty FROM jobs WHERE job_no = 'C' AND rel = 1`))[0]!.qty).toBe(55);
  });

  it('keeps a field edited since the copy unless told to overwrite it', async () => {
    const { from, to } = await jobDatabases();
    const ctx = await compareCtx();
    const spec = jobSpec(from, to, [{ source: 'qty', target: 'qty' }]);
    const plan = await call('compare/plan', spec, ctx);
    const done = await call('compare/apply', { spec, expect: counts(plan) }, ctx);
    await query(to, `UPDATE jobs SET qty = 999 WHERE job_no = 'B' AND rel = 1`);
    const store = openHistoryStore(ctx.env.home);
    const ws = store.workspaceForTarget(spec.to);
    store.close();
    const preview = await call('restore/preview', { workspaceId: ws.id, runId: done.runId }, ctx);
    expect(preview.conflictCount).toBe(1);
    // Listed row by row: found by the copy's key, the value now and the one a restore would put back.
    expect(preview.conflicts).toEqual([
      { table: 'jobs', key: { job_no: 'B', rel: 1 }, fields: [{ column: 'qty', now: 999, restored: 31 }] },
    ]);
    const kept = await call('restore/apply', { workspaceId: ws.id, runId: done.runId, conflicts: 'skip' }, ctx);
    expect(kept.skipped).toBe(1);
    const qty = await query(to, `SELECT job_no, rel, qty FROM jobs WHERE job_no IN ('B', 'C') AND rel = 1 ORDER BY 1`);
    expect(qty.map((r) => r.qty)).toEqual([999, 50]);
  });

  it('matches a single key, reports missing columns and fetches only the columns that exist', async () => {
    const from = await freshDatabase('cmp_single_from');
    const to = await freshDatabase('cmp_single_to');
    await query(
      from,
      `CREATE TABLE items (sku text PRIMARY KEY, name text, colour text);
      INSERT INTO items VALUES ('s1', 'One', 'red'), ('s2', 'Two', 'blue'), ('s3', 'Three', 'green')`,
    );
    await query(
      to,
      `CREATE TABLE items (sku text PRIMARY KEY, name text, size text);
      INSERT INTO items VALUES ('s1', 'one', 'S'), ('s2', 'Two', 'M'), ('s4', 'Four', 'L')`,
    );
    // Reading a column the source does not have would fail the whole COPY: the plan succeeding
    // with the others copied shows only existing columns were fetched.
    const ctx = await compareCtx();
    const plan = await call(
      'compare/plan',
      publicSpec(
        from,
        to,
        'items',
        [{ source: 'sku', target: 'sku' }],
        [
          { source: 'name', target: 'name', transform: { kind: 'upper' } },
          { source: 'colour', target: 'colour' },
          { source: 'size', target: 'size' },
        ],
      ),
      ctx,
    );
    expect(counts(plan)).toEqual({ matched: 2, notFound: 1, notInSource: 1, update: 2 });
    expect(plan.copied).toEqual(['name']);
    expect(plan.fields).toEqual({ name: 2 });
    expect(plan.missingColumns).toEqual([
      { side: 'target', table: 'items', column: 'colour' },
      { side: 'source', table: 'items', column: 'size' },
    ]);
    expect(plan.notFoundRows).toEqual([{ sku: 's3' }]);
  });

  it('reports values that do not fit the target type as errors and copies the rest', async () => {
    const from = await freshDatabase('cmp_type_from');
    const to = await freshDatabase('cmp_type_to');
    await query(
      from,
      `CREATE TABLE t (k int, n text, d text);
      INSERT INTO t VALUES (1, '10', '2025-01-02'), (2, 'abc', 'not a date'), (3, ' 30 ', '3/4/2025'), (3, '31', NULL), (NULL, '5', NULL)`,
    );
    await query(
      to,
      `CREATE TABLE t (k int, n int, d date); INSERT INTO t VALUES (1, 1, NULL), (2, 2, NULL), (3, 3, NULL)`,
    );
    const ctx = await compareCtx();
    const spec = {
      from: { kind: 'url' as const, url: from },
      to: { kind: 'url' as const, url: to },
      source: { schema: 'public', name: 't' },
      target: { schema: 'public', name: 't' },
      keys: [{ source: 'k', target: 'k' }],
      fields: [
        { source: 'n', target: 'n' },
        { source: 'd', target: 'd', transform: { kind: 'date' as const } },
      ],
    };
    const plan = await call('compare/plan', spec, ctx);
    // Key 3 is in the source twice: left out, yet not "only in the target".
    expect(counts(plan)).toEqual({ matched: 2, notFound: 0, notInSource: 0, update: 1 });
    expect(plan.errors.map((e) => [e.code, e.column ?? null, e.count])).toEqual([
      ['duplicate-source-key', null, 2],
      ['empty-key', null, 1],
      ['type-mismatch', 'n', 1],
      ['type-mismatch', 'd', 1],
    ]);
    expect(plan.errors[2]!.message).toBe(
      `1 value of "n" cannot be stored in the target's "n" (integer), for example "abc"; that value is not copied.`,
    );
    expect(plan.errors[2]!.examples).toEqual([{ key: { k: '2' }, value: 'abc' }]);
    const done = await call('compare/apply', { spec, expect: counts(plan) }, ctx);
    expect(done.update).toBe(1);
    const rows = await query(to, `SELECT k, n, d::text AS d FROM t ORDER BY k`);
    expect(rows).toEqual([
      { k: 1, n: 10, d: '2025-01-02' },
      { k: 2, n: 2, d: null },
      { k: 3, n: 3, d: null },
    ]);
  });

  it('says plainly when a table or a key column is missing', async () => {
    const { from, to } = await jobDatabases();
    const ctx = await compareCtx();
    const noTable = {
      ...jobSpec(from, to, [{ source: 'qty', target: 'qty' }]),
      target: { schema: 'public', name: 'nope' },
    };
    await expect(call('compare/plan', noTable, ctx)).rejects.toThrow(/target database has no table "nope"/);
    const noKey = {
      ...jobSpec(from, to, [{ source: 'qty', target: 'qty' }]),
      keys: [{ source: 'job', target: 'job' }],
    };
    await expect(call('compare/plan', noKey, ctx)).rejects.toThrow(
      /key column "job" is not in the target table "jobs"/,
    );
  });

  it('leaves the target byte-for-byte unchanged when a step fails midway, and refuses an outdated plan', async () => {
    const { from, to } = await jobDatabases();
    const ctx = await compareCtx();
    const spec = jobSpec(from, to, [
      { source: 'qty', target: 'qty' },
      { source: 'status', target: 'status' },
    ]);
    const plan = await call('compare/plan', spec, ctx);
    const before = await dump(to);
    // After the images and the update were written, before the run record: all of it must roll back.
    await expect(
      copyAndRecord(spec, counts(plan), ctx, {
        beforeStep: async (step) => {
          if (step === 'record') throw new Error('the disk is full');
        },
      }),
    ).rejects.toThrow(/the disk is full.*Nothing was written/);
    expect(await dump(to)).toBe(before);
    expect(await query(to, `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ferry'`)).toEqual([{ n: 0 }]);
    const store = openHistoryStore(ctx.env.home);
    const runs = store.listRuns(store.workspaceForTarget(spec.to).id);
    store.close();
    expect(runs.map((r) => r.status)).toEqual(['failed']);

    // Another writer (a sync, a restore) holds Ferry's lock: the copy waits for nothing and writes nothing.
    const holder = new pg.Client({ connectionString: to });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(WRITE_LOCK_SQL);
      await expect(copyAndRecord(spec, counts(plan), ctx)).rejects.toMatchObject({ code: 'sync-busy' });
    } finally {
      await holder.end();
    }
    expect(await dump(to)).toBe(before);

    await query(to, `UPDATE jobs SET qty = 1 WHERE job_no = 'A' AND rel = 1`);
    const outdated = copyAndRecord(spec, counts(plan), ctx);
    await expect(outdated).rejects.toBeInstanceOf(FerryError);
    await expect(outdated).rejects.toThrow(/changed since the dry run/);
  });

  it('rolls back when cancelled', async () => {
    const { from, to } = await jobDatabases();
    const controller = new AbortController();
    const ctx = await compareCtx(controller.signal);
    const spec = jobSpec(from, to, [{ source: 'qty', target: 'qty' }]);
    const plan = await call('compare/plan', spec, ctx);
    const before = await dump(to);
    await expect(
      applyCopy(spec, {
        ...ctx,
        runId: 'run-cancelled',
        expect: counts(plan),
        beforeStep: async (step) => {
          if (step === 'commit') controller.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(await dump(to)).toBe(before);
  });

  it('copies and restores moments, dates, numbers, arrays and json exactly, whatever the database time zone', async () => {
    const from = await freshDatabase('cmp_types_from');
    const to = await freshDatabase('cmp_types_to');
    const table = `CREATE TABLE t (k int PRIMARY KEY, ts timestamptz, d date, n numeric(8,3), tags text[], doc jsonb, doc2 json)`;
    await query(
      from,
      `${table}; INSERT INTO t VALUES
      (1, '2025-03-30 01:30:00+00', '2025-02-28', 1.5, '{a,"b c"}', '{"x": [1, 2]}', '{"y": 1}'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL)`,
    );
    await query(to, `${table}; ALTER DATABASE ${new URL(to).pathname.slice(1)} SET timezone = 'America/New_York'`);
    await query(
      to,
      `INSERT INTO t VALUES
      (1, '2024-01-01 12:00:00+05', '2024-01-01', 2.250, '{z}', '{"x": []}', '{"y":  1}'),
      (2, '2024-06-01 00:00:00+00', '2024-06-01', 0, '{}', 'null', '[]')`,
    );
    const before = await dump(to, 't');
    const ctx = await compareCtx();
    const spec = {
      from: { kind: 'url' as const, url: from },
      to: { kind: 'url' as const, url: to },
      source: { schema: 'public', name: 't' },
      target: { schema: 'public', name: 't' },
      keys: [{ source: 'k', target: 'k' }],
      fields: ['ts', 'd', 'n', 'tags', 'doc', 'doc2'].map((f) => ({ source: f, target: f })),
    };
    const plan = await call('compare/plan', spec, ctx);
    // json compares as jsonb: spacing alone is no change.
    expect(plan.fields).toEqual({ ts: 2, d: 2, n: 2, tags: 2, doc: 2, doc2: 1 });
    const done = await call('compare/apply', { spec, expect: counts(plan) }, ctx);
    expect(
      await query(to, `SELECT k, ts = '2025-03-30 01:30:00+00' AS ts, n::text AS n, tags FROM t ORDER BY k`),
    ).toEqual([
      { k: 1, ts: true, n: '1.500', tags: ['a', 'b c'] },
      { k: 2, ts: null, n: null, tags: null },
    ]);
    const store = openHistoryStore(ctx.env.home);
    const ws = store.workspaceForTarget(spec.to);
    store.close();
    const restored = await call('restore/apply', { workspaceId: ws.id, runId: done.runId, conflicts: 'skip' }, ctx);
    expect(restored.skipped).toBe(0);
    expect(restored.verified).toEqual({ checked: 2, matched: 2 });
    expect(await dump(to, 't')).toBe(before);
  });

  it('applies each transform set-based before checking the value against the target type', async () => {
    const from = await freshDatabase('cmp_tx_from');
    const to = await freshDatabase('cmp_tx_to');
    await query(
      from,
      `CREATE TABLE t (k text, a text, b text, c text, d text, e text, f text, g text);
      INSERT INTO t VALUES ('1', '  padded  ', 'shout', 'QUIET', '$1,250.50', '2025-03-04 23:30:00+00', 'In progress', 'toolong'),
                           ('2', 'x', 'y', 'Z', 'n/a', '4 March', 'Done', 'ok')`,
    );
    await query(
      to,
      `CREATE TABLE t (k int, a text, b text, c text, d numeric, e date, f text, g varchar(3));
      INSERT INTO t (k) VALUES (1), (2)`,
    );
    const ctx = await compareCtx();
    const plan = await call(
      'compare/plan',
      publicSpec(
        from,
        to,
        't',
        [{ source: 'k', target: 'k' }],
        [
          { source: 'a', target: 'a', transform: { kind: 'trim' } },
          { source: 'b', target: 'b', transform: { kind: 'upper' } },
          { source: 'c', target: 'c', transform: { kind: 'lower' } },
          { source: 'd', target: 'd', transform: { kind: 'number' } },
          { source: 'e', target: 'e', transform: { kind: 'date' } },
          { source: 'f', target: 'f', transform: { kind: 'map', map: { 'In progress': 'open', Done: 'closed' } } },
          { source: 'g', target: 'g' },
        ],
      ),
      ctx,
    );
    expect(plan.changes[0]).toEqual({
      key: { k: '1' },
      fields: [
        { column: 'a', old: null, new: 'padded' },
        { column: 'b', old: null, new: 'SHOUT' },
        { column: 'c', old: null, new: 'quiet' },
        { column: 'd', old: null, new: '1250.50' },
        { column: 'e', old: null, new: '2025-03-04' },
        { column: 'f', old: null, new: 'open' },
      ],
    });
    expect(plan.changes[1]!.fields.find((f) => f.column === 'f')).toEqual({ column: 'f', old: null, new: 'closed' });
    // Not a number, not a date, too long: reported with an example, never emptied.
    expect(plan.errors.map((e) => [e.column, e.count, e.examples[0]!.value])).toEqual([
      ['d', 1, 'n/a'],
      ['e', 1, '4 March'],
      ['g', 1, 'toolong'],
    ]);
  });

  it('says when the target is a table Ferry syncs from an export (copied values then count as edits there)', async () => {
    const { from, to } = await jobDatabases();
    const ctx = await compareCtx();
    const spec = jobSpec(from, to, [{ source: 'qty', target: 'qty' }]);
    expect((await call('compare/plan', spec, ctx)).synced).toBe(false);
    // The columns only a sync makes: a table with them is one the next export is compared with.
    await query(
      to,
      `ALTER TABLE jobs ADD COLUMN source_key_hash text, ADD COLUMN data_hash text, ADD COLUMN sync_version int`,
    );
    expect((await call('compare/plan', spec, ctx)).synced).toBe(true);
  });
});
