import fs from 'node:fs/promises';
import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import type { TableCounts } from '../../history/recorder.js';
import type { ApplyResult, PlanSummary } from '../../plan/types.js';
import { ident, qualified } from '../../target/sql.js';
import { connectionFromDbArg } from '../../target/connection.js';
import type { CliContext, Command } from '../command.js';
import { connectTarget } from '../../target/connect.js';
import { cliCtx } from '../target-workspace.js';

const planOptions = {
  template: { type: 'string' },
  mapping: { type: 'string' },
  db: { type: 'string' },
  mode: { type: 'string' },
} as const;

/** Shared by `plan` and `sync`: registers the files and finds the mapping. */
async function syncArgs(values: Record<string, unknown>, positionals: string[], ctx: CliContext) {
  if (positionals.length === 0)
    throw new FerryError(
      'invalid-input',
      'Name the export files or a folder, e.g. ferry plan resources/sample-export --template art-editions --db local.',
    );
  if (typeof values.db !== 'string')
    throw new FerryError(
      'invalid-input',
      'Say which database with --db local or --db postgresql://user:password@server/database.',
    );
  const mode = (values.mode as string | undefined) ?? 'incremental';
  if (!['incremental', 'full', 'merge'].includes(mode))
    throw new FerryError('invalid-input', '--mode is incremental, full or merge.');
  const ids: string[] = [];
  for (const p of positionals) ids.push((await ctx.env.files.register(p)).id);
  let mapping: unknown;
  if (typeof values.mapping === 'string') {
    try {
      mapping = JSON.parse(await fs.readFile(values.mapping, 'utf8'));
    } catch {
      throw new FerryError('invalid-input', `Ferry could not read the mapping file "${values.mapping}" as JSON.`);
    }
  } else if (typeof values.template === 'string') {
    if (values.template !== 'art-editions' && values.template !== 'generic')
      throw new FerryError('invalid-input', '--template is art-editions or generic.');
    mapping = (await call('mapping/suggest', { files: ids, template: values.template }, cliCtx(ctx))).mapping;
  } else {
    throw new FerryError(
      'invalid-input',
      'Say how to map the files: --template art-editions, --template generic, or --mapping FILE.',
    );
  }
  return {
    target: connectionFromDbArg(values.db),
    files: ids,
    mapping,
    mode: mode as 'incremental' | 'full' | 'merge',
  };
}

/** The dry run of the files and mapping the arguments name. */
async function planFromArgs(
  values: Record<string, unknown>,
  positionals: string[],
  ctx: CliContext,
): Promise<PlanSummary> {
  return call('sync/plan', await syncArgs(values, positionals, ctx), cliCtx(ctx));
}

function jsonShape(plan: PlanSummary, result?: ApplyResult) {
  const tables: Record<string, TableCounts> = {};
  for (const t of plan.tables) tables[t.name] = result?.tables[t.name] ?? t.counts;
  return {
    ...(result ? { runId: result.runId } : {}),
    tables,
    problems: plan.problems.map((p) => ({
      file: p.file ?? null,
      row: p.row ?? null,
      column: p.column ?? null,
      value: p.value ?? null,
      reason: p.reason,
    })),
  };
}

const n = (x: number) => x.toLocaleString('en-US');

/** `written`: the plan was carried out as it was read (a first load), so it is told as done. */
function renderPlan(
  plan: PlanSummary,
  heading = `Dry run (${plan.mode}) against ${plan.target}, ${plan.seconds.toFixed(1)} s:`,
  written = false,
): string {
  const lines = [heading, ''];
  const head = ['table', 'new', 'changed', 'unchanged', 'retired', 'pending', 'conflicts', 'problems'];
  const rows = plan.tables.map((t) =>
    [
      t.name,
      t.counts.insert,
      t.counts.update,
      t.counts.unchanged,
      t.counts.retire,
      t.counts.pending,
      t.counts.conflict,
      t.counts.problems,
    ].map((v) => (typeof v === 'number' ? n(v) : v)),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r: (string | number)[]) =>
    `  ${r.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ')}`;
  lines.push(fmt(head), ...rows.map(fmt));
  for (const t of plan.tables) {
    const notes = [
      t.schema === 'create'
        ? written
          ? 'table created'
          : 'table will be created'
        : t.schema === 'add-columns'
          ? `new columns: ${someNames(t.newColumns)}`
          : '',
      t.notProvided.length ? `not in this export (left as they are): ${someNames(t.notProvided)}` : '',
      t.extraColumns.length ? `kept in "extra": ${someNames(t.extraColumns)}` : '',
      t.duplicates ? `${n(t.duplicates)} duplicate key${t.duplicates === 1 ? '' : 's'} resolved` : '',
    ].filter(Boolean);
    if (notes.length) lines.push(`  ${t.name}: ${notes.join('; ')}`);
  }
  if (plan.ruleEffects.length) {
    lines.push('', 'Values standardised:');
    for (const r of plan.ruleEffects.slice(0, 15)) lines.push(`  ${r.table}.${r.rule} (${n(r.count)})`);
  }
  const total = plan.problems.length + plan.problemsUnlisted;
  if (total) {
    lines.push('', `${n(total)} problem${total === 1 ? '' : 's'}:`);
    for (const p of plan.problems.slice(0, 15)) {
      lines.push(`  ${[p.file, p.row ? `row ${p.row}` : '', p.column].filter(Boolean).join(', ')}: ${p.reason}`);
    }
    if (total > 15) lines.push(`  … and ${n(total - 15)} more (--json lists them)`);
  }
  return lines.join('\n');
}

export const planCommand: Command = {
  name: 'plan',
  usage:
    'ferry plan FILE|FOLDER… (--template NAME | --mapping FILE) --db URL|local [--mode incremental|full|merge] [--json]',
  summary: 'Dry run: show what a sync would insert, change, retire or hold back, without writing',
  options: planOptions,
  async run({ values, positionals }, ctx) {
    const plan = await planFromArgs(values, positionals, ctx);
    ctx.out(ctx.json ? JSON.stringify(jsonShape(plan)) : renderPlan(plan));
    // Nothing can apply this plan once the command ends: close its database session now.
    const { forgetPlan } = await import('../../sync/plan-registry.js');
    await forgetPlan(ctx.env, plan.planId);
    return 0;
  },
};

export const syncCommand: Command = {
  name: 'sync',
  usage:
    'ferry sync FILE|FOLDER… (--template NAME | --mapping FILE) --db URL|local [--mode …] [--conflicts keep-postgres|take-export|stop] [--via-plan] [--json]',
  summary:
    'Dry run, then apply it in one transaction and record it in the history (prints the run id); into a database without these tables, straight in',
  options: {
    ...planOptions,
    conflicts: { type: 'string' },
    snapshot: { type: 'string' },
    'via-plan': { type: 'boolean' },
  },
  async run({ values, positionals }, ctx) {
    const conflictPolicy = (values.conflicts as string | undefined) ?? 'stop';
    if (!['keep-postgres', 'take-export', 'stop'].includes(conflictPolicy))
      throw new FerryError('invalid-input', '--conflicts is keep-postgres, take-export or stop.');
    const args = await syncArgs(values, positionals, ctx);
    // Into a database without these tables, nothing needs comparing: the rows go straight in.
    // `--via-plan` (for `npm run bench`) takes the wizard's way, a dry run then an apply, instead.
    const first = values['via-plan'] ? { loaded: false as const } : await call('sync/first-load', args, cliCtx(ctx));
    if (first.loaded) {
      if (!ctx.json)
        ctx.out(
          `${renderPlan(first.plan, `First sync (${first.plan.mode}) into ${first.plan.target}, where none of these tables existed: read, checked and written in one transaction.`, true)}\n`,
        );
      return printResult(first.plan, first.result, values, ctx);
    }
    const plan = await call('sync/plan', args, cliCtx(ctx));
    if (!ctx.json) ctx.out(`${renderPlan(plan)}\n`);
    let result: ApplyResult;
    if (values.snapshot === 'off') {
      // For `npm run bench` only: measures what writing the before-images costs.
      const { findPlan } = await import('../../sync/plan-registry.js');
      const { applyAndRecord } = await import('../../sync/run-sync.js');
      result = await applyAndRecord(ctx.env, findPlan(ctx.env, plan.planId), {
        conflictPolicy: conflictPolicy as 'stop',
        snapshot: false,
        signal: ctx.signal,
        progress: ctx.progress,
      });
    } else {
      result = await call('sync/apply', { planId: plan.planId, conflictPolicy }, cliCtx(ctx));
    }
    return printResult(plan, result, values, ctx);
  },
};

function printResult(plan: PlanSummary, result: ApplyResult, values: Record<string, unknown>, ctx: CliContext): number {
  if (ctx.json) {
    ctx.out(JSON.stringify(jsonShape(plan, result)));
    return 0;
  }
  const lines = [`Applied in ${result.seconds.toFixed(1)} s as one transaction. Run id: ${result.runId}`];
  for (const [name, c] of Object.entries(result.tables)) {
    lines.push(
      `  ${name}: ${n(c.insert)} new, ${n(c.update)} changed, ${n(c.retire)} retired, ${n(c.unchanged)} unchanged${c.pending ? `, ${n(c.pending)} waiting for a link` : ''}`,
    );
  }
  const db = String(values.db);
  const dbArg = db === 'local' ? 'local' : '<your connection>';
  lines.push('', 'Look at the data:', ...Object.keys(result.tables).map((t) => `  npx ferry show ${t} --db ${dbArg}`));
  lines.push(`Undo this sync:  npx ferry restore ${result.runId} --db ${dbArg}`);
  ctx.out(lines.join('\n'));
  return 0;
}

export const showCommand: Command = {
  name: 'show',
  usage: 'ferry show TABLE --db URL|local [--limit N] [--schema NAME] [--json]',
  summary: 'Print the first rows of a table Ferry wrote (read-only)',
  options: { db: { type: 'string' }, limit: { type: 'string' }, schema: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const table = positionals[0];
    if (!table || typeof values.db !== 'string')
      throw new FerryError('invalid-input', 'Usage: ferry show TABLE --db local');
    const limit = Math.min(Math.max(Number(values.limit ?? 20) || 20, 1), 1000);
    const schema = typeof values.schema === 'string' ? values.schema : 'public';
    const client = await connectTarget(connectionFromDbArg(values.db), ctx.env);
    try {
      await client.query('BEGIN READ ONLY');
      const exists = await client.query(
        'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
        [schema, table],
      );
      if (!exists.rowCount) throw new FerryError('table-missing', `There is no table "${table}" in that database yet.`);
      const { rows } = await client.query(
        `SELECT * FROM ${qualified(schema, table)} ORDER BY ${ident('id')} LIMIT ${limit}`,
      );
      const total = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${qualified(schema, table)}`)).rows[0]
        .n;
      if (ctx.json) {
        ctx.out(JSON.stringify({ table, total: Number(total), rows }));
        return 0;
      }
      const hidden = new Set([
        'source_key_hash',
        'data_hash',
        'last_synced_at',
        'last_run_id',
        'created_run_id',
        'created_at',
        'updated_at',
      ]);
      const cols = Object.keys(rows[0] ?? {}).filter((c) => !hidden.has(c));
      const cell = (v: unknown) => {
        const s =
          v === null || v === undefined
            ? ''
            : v instanceof Date
              ? v.toISOString().slice(0, 16).replace('T00:00', '').replace('T', ' ')
              : typeof v === 'object'
                ? JSON.stringify(v)
                : String(v);
        const flat = s.replace(/\s*\n\s*/g, ' ⏎ ');
        return flat.length > 24 ? `${flat.slice(0, 23)}…` : flat;
      };
      const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
      ctx.out(`${table}: ${Number(total).toLocaleString('en-US')} rows (first ${rows.length})`);
      ctx.out(cols.map((c, i) => c.padEnd(widths[i])).join(' | '));
      for (const r of rows) ctx.out(cols.map((c, i) => cell(r[c]).padEnd(widths[i])).join(' | '));
      return 0;
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      await client.end();
    }
  },
};

export const benchCommand: Command = {
  name: 'bench',
  usage: 'ferry bench [--rows N] [--json]',
  summary: 'Measure sync speed and memory on a generated export against a throwaway database',
  options: { rows: { type: 'string' } },
  async run({ values }, ctx) {
    const rows = values.rows === undefined ? 1_000_000 : Number(values.rows);
    if (!Number.isInteger(rows) || rows < 10)
      throw new FerryError('invalid-input', '--rows is a whole number of at least 10.');
    const { runBench } = await import('../../bench/bench.js');
    return runBench({ rows }, ctx);
  },
};

export const syncCommands: Command[] = [planCommand, syncCommand, showCommand, benchCommand];

/** A list of column names short enough to read: a spreadsheet can have thousands. */
function someNames(names: string[], shown = 12): string {
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} and ${n(names.length - shown)} more`;
}
