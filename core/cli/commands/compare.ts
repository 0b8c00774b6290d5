import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import type { CompareSpec, FieldTransform } from '../../api/ops/compare.js';
import type { ComparePlan } from '../../compare/types.js';
import { connectionFromDbArg } from '../../target/connection.js';
import type { CliContext, Command } from '../command.js';
import { cliCtx } from '../target-workspace.js';

const TRANSFORMS = ['trim', 'upper', 'lower', 'number', 'date'] as const;

/** `a,b=c` → [{source: a, target: a}, {source: b, target: c}]: a name, or source=target when they differ. */
function pairs(list: string, what: string): { source: string; target: string }[] {
  const items = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length) throw new FerryError('invalid-input', `Name at least one ${what} column.`);
  return items.map((item) => {
    const [source, target, extra] = item.split('=').map((s) => s.trim());
    if (!source || extra !== undefined || target === '') {
      throw new FerryError('invalid-input', `"${item}" is not a ${what} column: write name, or source=target.`);
    }
    return { source, target: target ?? source };
  });
}

/** `schema.table` or `table` (in public). */
function tableRef(value: string): { schema: string; name: string } {
  const dot = value.indexOf('.');
  return dot > 0 ? { schema: value.slice(0, dot), name: value.slice(dot + 1) } : { schema: 'public', name: value };
}

/** `--transform price=number --transform status=map:old>new;x>y` */
function transforms(values: unknown): Map<string, FieldTransform> {
  const out = new Map<string, FieldTransform>();
  for (const t of (values as string[] | undefined) ?? []) {
    const at = t.indexOf('=');
    const field = t.slice(0, at).trim();
    const how = t.slice(at + 1).trim();
    if (at <= 0 || !how)
      throw new FerryError('invalid-input', `--transform is field=trim|upper|lower|number|date|map:a>b;c>d`);
    if (how.startsWith('map:')) {
      const map: Record<string, string> = {};
      for (const entry of how.slice(4).split(';').filter(Boolean)) {
        const [from, to] = entry.split('>');
        if (from === undefined || to === undefined)
          throw new FerryError('invalid-input', `"${entry}" in --transform map is not from>to.`);
        map[from] = to;
      }
      out.set(field, { kind: 'map', map });
    } else if ((TRANSFORMS as readonly string[]).includes(how)) {
      out.set(field, { kind: how as (typeof TRANSFORMS)[number] });
    } else {
      throw new FerryError(
        'invalid-input',
        `"${how}" is not a transform: use trim, upper, lower, number, date or map:a>b.`,
      );
    }
  }
  return out;
}

function specFromArgs(values: Record<string, unknown>): CompareSpec {
  for (const need of ['from', 'to', 'table', 'key', 'fields']) {
    if (typeof values[need] !== 'string' || !values[need]) {
      throw new FerryError('invalid-input', `--${need} is missing. Usage: ${copyCommand.usage}`);
    }
  }
  const table = tableRef(values.table as string);
  const byField = transforms(values.transform);
  const fields = pairs(values.fields as string, 'field').map((f) => {
    const t = byField.get(f.source) ?? byField.get(f.target);
    return t ? { ...f, transform: t } : f;
  });
  return {
    from: connectionFromDbArg(values.from as string),
    to: connectionFromDbArg(values.to as string),
    source: table,
    target: typeof values['target-table'] === 'string' ? tableRef(values['target-table']) : table,
    keys: pairs(values.key as string, 'key'),
    fields,
  };
}

/** The `--json` shape the issue asks for. */
function jsonOf(plan: ComparePlan, runId?: string) {
  return {
    ...(runId ? { runId } : {}),
    matched: plan.matched,
    notFound: plan.notFound,
    notInSource: plan.notInSource,
    update: plan.update,
    fields: plan.fields,
    missingColumns: [...new Set(plan.missingColumns.map((m) => m.column))],
    errors: plan.errors.map((e) => e.message),
  };
}

function printPlan(plan: ComparePlan, ctx: CliContext, done = false): void {
  const n = (v: number) => v.toLocaleString('en-US');
  ctx.out(
    `${n(plan.matched)} matched, ${n(plan.update)} ${done ? 'changed' : 'would change'}, ${n(plan.notFound)} not found in the target, ${n(plan.notInSource)} only in the target.`,
  );
  for (const [column, count] of Object.entries(plan.fields))
    ctx.out(`  ${column}: ${n(count)} ${count === 1 ? 'change' : 'changes'}`);
  for (const m of plan.missingColumns) ctx.out(`  missing: "${m.column}" is not in the ${m.side} table ${m.table}`);
  for (const e of plan.errors) ctx.out(`  problem: ${e.message}`);
  if (plan.synced)
    ctx.out(
      '  note: Ferry syncs this table from an export; copied values count as edits made in PostgreSQL, so a later export that changes the same rows shows them as conflicts.',
    );
  for (const c of plan.changes.slice(0, 10)) {
    const key = Object.entries(c.key)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    ctx.out(`  ${key}: ${c.fields.map((f) => `${f.column} ${f.old ?? '(empty)'} → ${f.new ?? '(empty)'}`).join('; ')}`);
  }
}

const copyCommand: Command = {
  name: 'copy',
  usage:
    'ferry copy --from URL|local --to URL|local --table T --key a,b --fields x,y [--target-table T] [--transform x=trim] [--dry-run] [--json]',
  summary: 'Copy fields between two databases for rows matched by a key (key and field names: name or source=target)',
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    table: { type: 'string' },
    'target-table': { type: 'string' },
    key: { type: 'string' },
    fields: { type: 'string' },
    transform: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const spec = specFromArgs(values);
    const plan = await call('compare/plan', spec, cliCtx(ctx));
    if (values['dry-run'] || plan.update === 0) {
      if (ctx.json) ctx.out(JSON.stringify(jsonOf(plan)));
      else {
        printPlan(plan, ctx);
        ctx.out(
          values['dry-run']
            ? 'Dry run: nothing was written.'
            : 'Nothing to copy: the target already holds these values.',
        );
      }
      return 0;
    }
    const expect = {
      matched: plan.matched,
      notFound: plan.notFound,
      notInSource: plan.notInSource,
      update: plan.update,
    };
    const done = await call('compare/apply', { spec, expect }, cliCtx(ctx));
    if (ctx.json) ctx.out(JSON.stringify(jsonOf(done, done.runId)));
    else {
      printPlan(done, ctx, true);
      ctx.out(`Copied. runId: ${done.runId}`);
      ctx.out(`Undo with: ferry restore ${done.runId} --db …`);
    }
    return 0;
  },
};

export const compareCommands: Command[] = [copyCommand];
