import { FerryError, throwIfCancelled } from '../api/errors.js';
import type { CallContext } from '../api/handler-types.js';
import { assertSyncAllowed } from '../cutover/guard.js';
import { withHistory, workspaceConnection } from '../history/open.js';
import type { FileFingerprint, SyncMode } from '../history/recorder.js';
import type { RunSummary, Workspace } from '../history/types.js';
import { rememberPlan } from '../sync/plan-registry.js';
import { applyAndRecord, planFiles } from '../sync/run-sync.js';
import { fingerprintFile } from './fingerprint.js';
import { candidates, pickNewest } from './pick.js';
import type { PickedFile, ResyncCheck, ResyncOutcome } from './types.js';
import { when } from '../report/when.js';

/** A table losing more than this share of its rows in one re-sync looks like a partial export. */
const MASS_RETIRE_SHARE = 0.5;
const MASS_RETIRE_MIN = 10;

interface Checked extends ResyncCheck {
  workspace: Workspace;
  lastSync?: RunSummary;
  paths: string[];
  fingerprints: FileFingerprint[];
}

/**
 * Picks the newest file per table of the saved export set and compares fingerprints with the last
 * applied sync. Reads only the files: the target database is not touched at all.
 */
export async function checkResync(workspaceId: string, fileIds: string[], ctx: CallContext): Promise<Checked> {
  // Cutover: in postgres-only re-sync is switched off; say so before reading any file.
  await assertSyncAllowed(ctx.env, workspaceId);
  const { workspace, lastSync, restoredSince } = await withHistory(ctx.env, (store) => {
    const ws = store.workspace(workspaceId);
    const applied = store.listRuns(workspaceId).filter((r) => !r.dryRun && r.status === 'completed');
    const last = applied.find((r) => r.kind === 'sync');
    return { workspace: ws, lastSync: last, restoredSince: applied[0] !== undefined && applied[0].kind === 'restore' };
  });
  if (!lastSync || workspace.files.length === 0) {
    throw new FerryError(
      'not-synced-yet',
      `"${workspace.name}" has not been synced yet, so there is nothing to compare with. Do a first sync, then re-sync later exports.`,
    );
  }
  const found = await candidates(fileIds.map((id) => ctx.env.files.resolve(id)));
  const { picked, missing, ignored } = pickNewest(workspace.files, found);
  const out: PickedFile[] = [];
  const fingerprints: FileFingerprint[] = [];
  for (const [i, p] of picked.entries()) {
    throwIfCancelled(ctx.signal);
    ctx.progress({
      stage: 'fingerprint',
      message: `Comparing ${p.file.name}`,
      done: i,
      total: picked.length,
      unit: 'files',
    });
    const fp = await fingerprintFile(p.file.path, ctx.signal);
    fingerprints.push(fp);
    const registered = await ctx.env.files.register(p.file.path);
    out.push({
      table: p.table,
      name: p.file.name,
      fileId: registered.id,
      ...(fp.modifiedAt ? { modifiedAt: fp.modifiedAt } : {}),
      changed: fp.sha256 !== p.saved.sha256 || fp.size !== p.saved.size,
    });
  }
  if (picked.length === 0) {
    throw new FerryError(
      'no-export-files',
      `None of those files belongs to the export set of "${workspace.name}" (${workspace.files.map((f) => f.table).join(', ')}). Choose the folder where Airtable exports are saved.`,
    );
  }
  const since = lastSync.endedAt ?? lastSync.startedAt;
  const changed = out.filter((p) => p.changed);
  // After a restore the database no longer holds what the last export gave it: sync it again.
  const nothingNew = changed.length === 0 && !restoredSince;
  const message = nothingNew
    ? `Nothing new since ${when(since, 'the last sync')}.`
    : changed.length === 0
      ? 'The files are the same as last time, but the database was restored since: syncing them again.'
      : `New export${changed.length === 1 ? '' : 's'} for ${changed.map((p) => p.table).join(', ')}.`;
  return {
    nothingNew,
    since,
    picked: out,
    missing,
    ignored,
    message: missing.length
      ? `${message} No file found for ${missing.join(', ')}: ${missing.length === 1 ? 'it is' : 'they are'} left as ${missing.length === 1 ? 'it is' : 'they are'}.`
      : message,
    workspace,
    lastSync,
    paths: picked.map((p) => p.file.path),
    fingerprints,
  };
}

export function publicCheck(c: Checked): ResyncCheck {
  const { workspace: _w, lastSync: _l, paths: _p, fingerprints: _f, ...rest } = c;
  return rest;
}

/**
 * One-step re-sync: nothing when no file changed; otherwise a dry run with the saved mapping,
 * applied only when it has no conflicts and retires no suspicious share of a table.
 */
export async function runResync(workspaceId: string, fileIds: string[], ctx: CallContext): Promise<ResyncOutcome> {
  const check = await checkResync(workspaceId, fileIds, ctx);
  const base = publicCheck(check);
  if (check.nothingNew) return { ...base, status: 'nothing-new' };
  const ws = check.workspace;
  if (!ws.mapping) {
    throw new FerryError('no-mapping', `"${ws.name}" has no saved mapping. Open it in Ferry and do a sync first.`);
  }
  const mode: SyncMode = check.lastSync?.mode ?? 'incremental';
  const session = await planFiles(ctx.env, {
    target: await workspaceConnection(ws, ctx.env),
    paths: check.paths,
    mapping: ws.mapping,
    mode,
    workspaceId: ws.id,
    signal: ctx.signal,
    progress: ctx.progress,
  });
  let keep = false;
  try {
    const plan = session.summary;
    const tables = Object.fromEntries(plan.tables.map((t) => [t.name, t.counts]));
    const stop = (reason: string): ResyncOutcome => {
      // The dry run stays open so the screen can show its rows and apply it once the owner decides.
      rememberPlan(ctx.env, session);
      keep = true;
      return { ...base, status: 'stopped', reason, planId: plan.planId, tables };
    };
    if (plan.conflicts > 0) {
      return stop(
        `Nothing was written: ${plan.conflicts} row${plan.conflicts === 1 ? ' was' : 's were'} edited in PostgreSQL since the last sync and the new export changes ${plan.conflicts === 1 ? 'it' : 'them'} too. Open the re-sync in Ferry to choose which to keep.`,
      );
    }
    for (const t of plan.tables) {
      const had = t.counts.update + t.counts.unchanged + t.counts.retire;
      if (t.counts.retire >= MASS_RETIRE_MIN && t.counts.retire > had * MASS_RETIRE_SHARE) {
        return stop(
          `Nothing was written: the new export would retire ${t.counts.retire} of ${had} ${t.name} rows, which looks like an incomplete export. Check the file, or do this sync from the app to confirm it.`,
        );
      }
    }
    const result = await applyAndRecord(ctx.env, session, {
      conflictPolicy: 'stop',
      signal: ctx.signal,
      progress: ctx.progress,
    });
    const applied = Object.values(result.tables).reduce((n, c) => n + c.insert + c.update + c.retire, 0);
    return {
      ...base,
      status: 'applied',
      runId: result.runId,
      planId: plan.planId,
      tables: result.tables,
      files: check.fingerprints,
      message: `${base.message} Applied: ${applied.toLocaleString('en-US')} row${applied === 1 ? '' : 's'} written.`,
    };
  } finally {
    if (!keep) await session.close();
  }
}
