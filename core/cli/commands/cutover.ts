import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import type { CutoverStatus, DriftReport, Gate } from '../../cutover/types.js';
import { phaseTitle } from '../../cutover/phases.js';
import type { Command } from '../command.js';
import { cliCtx, requireDb, workspaceForDb } from '../target-workspace.js';

const PHASE_NAMES = ['parallel', 'postgres-primary', 'postgres-only'] as const;
type PhaseName = (typeof PHASE_NAMES)[number];

/** Exactly the documented `--json` shape of `ferry drift`. */
export function driftJson(report: DriftReport): {
  tables: Record<
    string,
    { onlyInExport: number; onlyInDatabase: number; differ: number; fields: Record<string, number> }
  >;
} {
  return {
    tables: Object.fromEntries(
      Object.entries(report.tables).map(([name, t]) => [
        name,
        { onlyInExport: t.onlyInExport, onlyInDatabase: t.onlyInDatabase, differ: t.differ, fields: t.fields },
      ]),
    ),
  };
}

const driftCommand: Command = {
  name: 'drift',
  usage: 'ferry drift FOLDER|FILE… --db URL|local [--json]',
  summary: 'Compare an export with PostgreSQL without writing (exit code 1 when they differ)',
  options: { db: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    if (positionals.length === 0) {
      throw new FerryError('invalid-input', `Name the export files or their folder. Usage: ${driftCommand.usage}`);
    }
    const ws = await workspaceForDb(requireDb(values), ctx);
    const files: string[] = [];
    for (const p of positionals) files.push((await ctx.env.files.register(p)).id);
    const report = await call('cutover/drift', { workspaceId: ws.id, files }, cliCtx(ctx));
    if (ctx.json) {
      ctx.out(JSON.stringify(driftJson(report)));
      return report.total === 0 ? 0 : 1;
    }
    ctx.out(report.summary);
    for (const [name, t] of Object.entries(report.tables)) {
      ctx.out(
        `  ${name}: ${t.onlyInExport} only in the export, ${t.onlyInDatabase} only in PostgreSQL, ${t.differ} differ${t.editedInDatabase ? ` (${t.editedInDatabase} edited in PostgreSQL)` : ''}`,
      );
      for (const [column, n] of Object.entries(t.fields)) ctx.out(`      ${column}: ${n}`);
      for (const ex of t.examples.differ) {
        ctx.out(
          `      e.g. ${ex.key}: ${(ex.changes ?? []).map((c) => `${c.column} ${JSON.stringify(c.database)} in PostgreSQL, ${JSON.stringify(c.export)} in the export`).join('; ')}`,
        );
      }
    }
    return report.total === 0 ? 0 : 1;
  },
};

function gateLines(gate: Gate): string[] {
  return [
    `To move to ${phaseTitle(gate.to)}:`,
    ...gate.items.map((i) => `  [${i.passed ? 'x' : ' '}] ${i.label}: ${i.reason}`),
  ];
}

function statusLines(s: CutoverStatus): string[] {
  const lines = [s.summary];
  if (s.gate) lines.push(...gateLines(s.gate));
  if (s.archivedExport?.length) {
    lines.push('Final export archived:', ...s.archivedExport.map((f) => `  ${f.name}  sha256 ${f.sha256}`));
  }
  return lines;
}

const phaseCommand: Command = {
  name: 'phase',
  usage: 'ferry phase [parallel|postgres-primary|postgres-only] --db URL|local [--confirm-final-export] [--json]',
  summary: 'Show the cutover phase and its checklist, or move to another phase when the checklist passes',
  options: { db: { type: 'string' }, 'confirm-final-export': { type: 'boolean' } },
  async run({ values, positionals }, ctx) {
    const name = positionals[0];
    if (name !== undefined && !PHASE_NAMES.includes(name as PhaseName)) {
      throw new FerryError('invalid-input', `The phases are ${PHASE_NAMES.join(', ')}. Usage: ${phaseCommand.usage}`);
    }
    const ws = await workspaceForDb(requireDb(values), ctx);
    if (name === undefined) {
      const status = await call('cutover/status', { workspaceId: ws.id }, cliCtx(ctx));
      if (ctx.json) ctx.out(JSON.stringify(status));
      else for (const l of statusLines(status)) ctx.out(l);
      return 0;
    }
    const result = await call(
      'cutover/move',
      {
        workspaceId: ws.id,
        to: name as PhaseName,
        ...(values['confirm-final-export'] ? { confirmFinalExport: true } : {}),
      },
      cliCtx(ctx),
    );
    if (ctx.json) ctx.out(JSON.stringify(result));
    else {
      ctx.out(result.moved ? result.message : `Not moved: ${phaseTitle(result.from)} stays.`);
      if (!result.moved && result.gate) for (const l of gateLines(result.gate)) ctx.out(l);
    }
    return result.moved ? 0 : 1;
  },
};

const reconcileCommand: Command = {
  name: 'reconcile',
  usage: 'ferry reconcile --db URL|local [--json]',
  summary: 'Save the reconciliation report: row counts and a checksum of every column of every table',
  options: { db: { type: 'string' } },
  async run({ values }, ctx) {
    const ws = await workspaceForDb(requireDb(values), ctx);
    const report = await call('cutover/reconciliation', { workspaceId: ws.id }, cliCtx(ctx));
    if (ctx.json) ctx.out(JSON.stringify(report));
    else {
      ctx.out(`Reconciliation of ${report.target} saved (checksum ${report.checksum}):`);
      for (const t of report.tables) {
        ctx.out(`  ${t.table}: ${t.rows} rows (${t.activeRows} active)`);
        for (const c of t.columns)
          ctx.out(`      ${c.column.padEnd(24)} ${String(c.filled).padStart(8)} filled  ${c.checksum}`);
      }
    }
    return 0;
  },
};

export const cutoverCommands: Command[] = [driftCommand, phaseCommand, reconcileCommand];
