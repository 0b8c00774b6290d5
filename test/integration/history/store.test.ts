import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { historyMigrations, type Migration } from '../../../core/history/migrations.js';
import { openHistoryStore, type HistoryStore } from '../../../core/history/store.js';

const homes: string[] = [];
const stores: HistoryStore[] = [];

function tempHome(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-history-'));
  homes.push(dir);
  return dir;
}

function open(home: string, migrations?: Migration[]): HistoryStore {
  const store = openHistoryStore(home, migrations ? { migrations } : {});
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

const counts = (insert: number, update = 0) => ({
  insert,
  update,
  unchanged: 0,
  retire: 0,
  pending: 0,
  conflict: 0,
  problems: 0,
});

describe('history store', () => {
  it('creates ferry.sqlite in WAL mode with its migrations recorded', () => {
    const home = tempHome();
    open(home).close();
    const db = new Database(path.join(home, 'ferry.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT id, checksum FROM schema_migrations ORDER BY seq').all() as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(historyMigrations.map((m) => m.id));
    db.close();
  });

  it('refuses an edited migration and an unknown one, without changing the file', () => {
    const home = tempHome();
    open(home).close();
    const edited = historyMigrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(() => open(home, edited)).toThrow(/differs from the one in this version/);
    expect(() => open(home, [])).toThrow(/newer version of Ferry/);
    // Still opens with the real list afterwards: the failed opens wrote nothing.
    expect(open(home).listWorkspaces()).toEqual([]);
  });

  it('applies a new migration in order and rolls back a failing one entirely', () => {
    const home = tempHome();
    open(home).close();
    const good: Migration = { id: '9001_note', sql: 'ALTER TABLE workspaces ADD COLUMN note TEXT;' };
    const bad: Migration = { id: '9002_bad', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' };
    expect(() => open(home, [...historyMigrations, good, bad])).toThrow(/could not upgrade the history/);
    const db = new Database(path.join(home, 'ferry.sqlite'));
    const ids = (db.prepare('SELECT id FROM schema_migrations ORDER BY seq').all() as { id: string }[]).map(
      (r) => r.id,
    );
    expect(ids).toEqual([...historyMigrations.map((m) => m.id), '9001_note']);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('keeps workspaces without passwords and finds the workspace for a target', () => {
    const store = open(tempHome());
    const a = store.workspaceForTarget({ kind: 'url', url: 'postgresql://ann:s3cret@db.example.com:5433/shop' });
    const again = store.workspaceForTarget({ kind: 'url', url: 'postgresql://ann:other@DB.example.com:5433/shop' });
    expect(again.id).toBe(a.id);
    expect(a.targetLabel).toBe('db.example.com:5433/shop');
    expect(JSON.stringify(a)).not.toContain('s3cret');
    const local = store.workspaceForTarget({ kind: 'local' });
    expect(local.id).not.toBe(a.id);

    const ws = store.createWorkspace({
      name: 'Prints',
      target: {
        kind: 'fields',
        host: 'h',
        port: 5432,
        database: 'd',
        user: 'u',
        password: 'pw-in-clear',
        ssl: 'prefer',
      },
    });
    const raw = fs.readFileSync(store.file).toString('latin1') + readWal(store.file);
    expect(raw).not.toContain('s3cret');
    expect(raw).not.toContain('pw-in-clear');
    const updated = store.updateWorkspace(ws.id, { phase: 'postgres-primary', mapping: { version: 1 } });
    expect(updated.phase).toBe('postgres-primary');
    expect(updated.mapping).toEqual({ version: 1 });
    expect(updated.name).toBe('Prints');
    store.deleteWorkspace(ws.id);
    expect(store.getWorkspace(ws.id)).toBeUndefined();
    expect(() => store.workspace(ws.id)).toThrow(/no longer exists/);
  });

  it('records runs with counts, problems, rule effects and snapshot index', async () => {
    const store = open(tempHome());
    const ws = store.workspaceForTarget({ kind: 'local' });
    const files = [{ name: 'Prints-Grid view.csv', table: 'Prints', size: 10, sha256: 'ab' }];
    const first = await store.begin({ workspaceId: ws.id, kind: 'sync', mode: 'incremental', dryRun: false, files });
    expect(store.getRun(first)?.status).toBe('running');
    await store.end(first, {
      status: 'completed',
      tables: { prints: counts(3), editions: counts(5, 1) },
      problems: [
        { reason: 'Not a date', file: 'Prints-Grid view.csv', row: 4, column: 'Date', value: '31/31/2024' },
        { reason: 'Missing parent', table: 'editions', action: 'pending' },
      ],
      ruleEffects: [{ rule: 'size: "large " → "Large"', count: 7, examples: [{ before: 'large ', after: 'Large' }] }],
      snapshot: [{ table: 'prints', inserted: 3, updated: 0, retired: 0, revived: 0, deleted: 0 }],
      timings: { copy: 0.5 },
    });
    const second = await store.begin({ workspaceId: ws.id, kind: 'sync', dryRun: false, files });
    await store.end(second, { status: 'failed', tables: {}, problems: [], error: 'Could not connect.' });

    const runs = store.listRuns(ws.id);
    expect(runs.map((r) => r.runId)).toEqual([second, first]);
    const detail = store.run(first);
    expect(detail.totals.insert).toBe(8);
    expect(detail.totals.update).toBe(1);
    expect(detail.problemsCount).toBe(2);
    expect(detail.problems[0]).toMatchObject({ row: 4, column: 'Date', value: '31/31/2024' });
    expect(detail.ruleEffects[0]?.examples[0]?.after).toBe('Large');
    expect(detail.snapshot[0]).toMatchObject({ table: 'prints', inserted: 3 });
    expect(detail.files).toEqual(files);
    expect(store.appliedRunsSince(ws.id, first).map((r) => r.runId)).toEqual([first]);
    expect(() => store.appliedRunsSince(ws.id, second)).toThrow(/not a completed sync/);
    expect(store.getWorkspace(ws.id)?.lastRunAt).toBeDefined();
  });

  it('marks runs left running by a process that is gone as interrupted, but not those of a live one', async () => {
    const home = tempHome();
    const store = open(home);
    const ws = store.workspaceForTarget({ kind: 'local' });
    const dead = await store.begin({ workspaceId: ws.id, kind: 'sync', dryRun: false, files: [] });
    const alive = await store.begin({ workspaceId: ws.id, kind: 'sync', dryRun: false, files: [] });
    store.close();
    const gonePid = spawnSync(process.execPath, ['-e', '0']).pid;
    const db = new Database(path.join(home, 'ferry.sqlite'));
    db.prepare('UPDATE runs SET owner_pid = ? WHERE run_id = ?').run(gonePid, dead);
    db.close();

    const reopened = open(home);
    expect(reopened.interruptedAtOpen).toEqual([dead]);
    expect(reopened.run(dead).status).toBe('interrupted');
    expect(reopened.run(dead).targetCheck).toBe('unchecked');
    expect(reopened.run(alive).status).toBe('running');
    expect(reopened.uncheckedInterrupted().map((r) => r.runId)).toEqual([dead]);
    reopened.setTargetCheck(dead, 'not-committed');
    expect(reopened.uncheckedInterrupted()).toEqual([]);
    expect(reopened.run(dead).status).toBe('interrupted');
  });
});

function readWal(file: string): string {
  try {
    return fs.readFileSync(`${file}-wal`).toString('latin1');
  } catch {
    return '';
  }
}
