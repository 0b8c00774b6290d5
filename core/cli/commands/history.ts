import fs from 'node:fs/promises';
import path from 'node:path';
import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import type { TableCounts } from '../../history/recorder.js';
import type { RunSummary } from '../../history/types.js';
import type { Command } from '../command.js';
import { cliCtx, requireDb, workspaceForDb } from '../target-workspace.js';
import { conflictRowLabel } from '../../history/conflict-label.js';

const when = (iso?: string) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '');

function countsLine(c: TableCounts): string {
  const parts = [
    [c.insert, 'new'],
    [c.update, 'changed'],
    [c.retire, 'retired'],
    [c.unchanged, 'unchanged'],
    [c.pending, 'pending'],
    [c.conflict, 'conflicts'],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, w]) => `${n.toLocaleString('en-US')} ${w}`)
      .join(', ') || 'no changes'
  );
}

function runLine(r: RunSummary): string {
  const what =
    r.kind === 'restore' ? `restore to before ${r.restoreOf ?? '?'}` : `${r.kind}${r.mode ? ` (${r.mode})` : ''}`;
  const status = r.dryRun ? 'dry run' : r.status;
  return `${r.runId}  ${when(r.startedAt).padEnd(23)}  ${what.padEnd(22)}  ${status.padEnd(11)}  ${countsLine(r.totals)}${r.problemsCount ? `, ${r.problemsCount} problems` : ''}`;
}

const historyCommand: Command = {
  name: 'history',
  usage: 'ferry history --db URL|local [--json]',
  summary: 'List every sync, copy and restore made to a database, newest first',
  options: { db: { type: 'string' } },
  async run({ values }, ctx) {
    const ws = await workspaceForDb(requireDb(values), ctx);
    const { runs } = await call('history/list', { workspaceId: ws.id }, cliCtx(ctx));
    if (ctx.json) {
      ctx.out(JSON.stringify({ workspaceId: ws.id, target: ws.targetLabel, runs }));
      return 0;
    }
    if (runs.length === 0) {
      ctx.out(`No syncs to ${ws.targetLabel} yet.`);
      return 0;
    }
    ctx.out(`History of ${ws.targetLabel} (newest first):`);
    for (const r of runs) ctx.out(runLine(r));
    ctx.out(`\nUndo with: ferry restore RUN_ID --db …   Report: ferry report RUN_ID --format html --out report.html`);
    return 0;
  },
};

const reportCommand: Command = {
  name: 'report',
  usage: 'ferry report RUN_ID --format html|csv --out PATH [--json]',
  summary: 'Write the import report of a run: a page to read and print (html) or a spreadsheet (csv)',
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const runId = positionals[0];
    const format = values.format ?? 'html';
    if (!runId || (format !== 'html' && format !== 'csv') || typeof values.out !== 'string') {
      throw new FerryError('invalid-input', `Usage: ${reportCommand.usage}`);
    }
    const report = await call('report/render', { runId, format }, cliCtx(ctx));
    const out = path.resolve(values.out);
    await fs.writeFile(out, report.content, 'utf8');
    if (ctx.json) ctx.out(JSON.stringify({ runId, format, out, bytes: Buffer.byteLength(report.content) }));
    else ctx.out(`Wrote the report of ${runId} to ${out}`);
    return 0;
  },
};

const restoreCommand: Command = {
  name: 'restore',
  usage: 'ferry restore RUN_ID --db URL|local [--dry-run] [--conflicts skip|overwrite] [--json]',
  summary: 'Put the database back as it was before a run (shows what would change first with --dry-run)',
  options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, conflicts: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const runId = positionals[0];
    if (!runId) throw new FerryError('invalid-input', `Say which run to undo. Usage: ${restoreCommand.usage}`);
    const policy = values.conflicts;
    if (policy !== undefined && policy !== 'skip' && policy !== 'overwrite') {
      throw new FerryError(
        'invalid-input',
        '--conflicts must be skip (keep the edits made in PostgreSQL) or overwrite.',
      );
    }
    const ws = await workspaceForDb(requireDb(values), ctx);
    const preview = await call('restore/preview', { workspaceId: ws.id, runId }, cliCtx(ctx));
    if (values['dry-run'] || (preview.conflictCount > 0 && policy === undefined)) {
      if (ctx.json) ctx.out(JSON.stringify({ preview }));
      else {
        ctx.out(preview.summary);
        for (const [table, c] of Object.entries(preview.tables)) {
          ctx.out(
            `  ${table}: remove ${c.remove}, put back ${c.revert}, bring back ${c.reinsert}, edited since ${c.conflict}`,
          );
        }
        for (const c of preview.conflicts.slice(0, 20)) {
          ctx.out(
            `  edited in PostgreSQL since: ${c.table} row ${conflictRowLabel(c)} (${c.fields.map((f) => f.column).join(', ')})`,
          );
        }
      }
      if (values['dry-run']) return 0;
      if (!ctx.json) {
        ctx.out(
          `\n${preview.conflictCount} rows were edited in PostgreSQL since. Nothing was written. Run again with --conflicts skip (keep those edits) or --conflicts overwrite.`,
        );
      }
      return 1;
    }
    const result = await call('restore/apply', { workspaceId: ws.id, runId, conflicts: policy ?? 'skip' }, cliCtx(ctx));
    if (ctx.json) ctx.out(JSON.stringify(result));
    else {
      ctx.out(`Restored. runId: ${result.runId}`);
      for (const [table, c] of Object.entries(result.tables)) {
        ctx.out(`  ${table}: removed ${c.remove}, put back ${c.revert}, brought back ${c.reinsert}`);
      }
      if (result.skipped) ctx.out(`  ${result.skipped} rows edited in PostgreSQL since were left as they are.`);
      ctx.out(`  Checked ${result.verified.checked} restored rows: ${result.verified.matched} match what they were.`);
      ctx.out(`This restore can itself be undone: ferry restore ${result.runId} --db …`);
    }
    return result.verified.matched === result.verified.checked ? 0 : 1;
  },
};

const resyncCommand: Command = {
  name: 'resync',
  usage: 'ferry resync FOLDER|FILE… --db URL|local [--json]',
  summary: 'Sync a newer export with the saved mapping; does nothing when no file changed',
  options: { db: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    if (positionals.length === 0)
      throw new FerryError('invalid-input', `Say which folder or files. Usage: ${resyncCommand.usage}`);
    const ws = await workspaceForDb(requireDb(values), ctx);
    const files = [];
    for (const p of positionals) files.push((await ctx.env.files.register(p)).id);
    const outcome = await call('resync/run', { workspaceId: ws.id, files }, cliCtx(ctx));
    if (ctx.json) ctx.out(JSON.stringify(outcome));
    else {
      ctx.out(outcome.status === 'stopped' ? (outcome.reason ?? outcome.message) : outcome.message);
      if (outcome.runId) ctx.out(`runId: ${outcome.runId}`);
      for (const [table, c] of Object.entries(outcome.tables ?? {})) ctx.out(`  ${table}: ${countsLine(c)}`);
    }
    return outcome.status === 'stopped' ? 1 : 0;
  },
};

export const historyCommands: Command[] = [historyCommand, restoreCommand, resyncCommand, reportCommand];
