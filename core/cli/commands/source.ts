import { call } from '../../api/dispatch.js';
import type { InspectReport } from '../../source/inspect-types.js';
import type { Command } from '../command.js';
import { cliCtx } from '../target-workspace.js';

export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'ferry inspect FILE|FOLDER… [--json]',
  summary: 'Read export files and show tables, column types, links and problems',
  async run({ positionals }, ctx) {
    if (positionals.length === 0) {
      ctx.out('Name at least one export file or folder, e.g. ferry inspect "Prints-Grid view.csv".');
      return 2;
    }
    const ids: string[] = [];
    for (const p of positionals) ids.push((await ctx.env.files.register(p)).id);
    const report = await call('source/inspect', { files: ids }, cliCtx(ctx));
    if (ctx.json) {
      // The path stays on this machine's side: machine-readable output carries names only.
      ctx.out(JSON.stringify({ ...report, files: report.files.map(({ path: _path, ...f }) => f) }));
    } else ctx.out(renderReport(report));
    return 0;
  },
};

function renderReport(report: InspectReport): string {
  const lines: string[] = [];
  for (const t of report.tables) {
    lines.push(`${t.name}  (${t.file}${t.sheet ? `, sheet ${t.sheet}` : ''})  ${t.rows} row${t.rows === 1 ? '' : 's'}`);
    const width = Math.min(30, Math.max(...t.columns.map((c) => c.name.length), 4));
    for (const c of t.columns) {
      const conf = `${Math.round(c.confidence * 100)}%`.padStart(4);
      const extra = [c.dateOrder, c.currency, c.ambiguousDates ? 'date order unclear' : ''].filter(Boolean).join(', ');
      lines.push(
        `  ${c.name.slice(0, 30).padEnd(width)}  ${c.type.padEnd(11)} ${conf}  empty ${String(c.empty).padStart(6)}  ${c.examples
          .slice(0, 3)
          .map((e) => JSON.stringify(e.length > 24 ? `${e.slice(0, 24)}…` : e))
          .join(' ')}${extra ? `  (${extra})` : ''}`,
      );
    }
    for (const l of t.links) {
      lines.push(`  link: ${l.column} → ${l.toTable}.${l.toColumn}  (${l.matched} of ${l.total} values match)`);
    }
    if (t.problemCount > 0) {
      lines.push(`  ${t.problemCount} problem${t.problemCount === 1 ? '' : 's'}:`);
      for (const p of t.problems.slice(0, 10)) {
        lines.push(`    ${p.row ? `row ${p.row}: ` : ''}${p.column ? `${p.column}: ` : ''}${p.reason}`);
      }
      if (t.problemCount > 10) lines.push(`    … and ${t.problemCount - 10} more (use --json to see the first 200)`);
    }
    lines.push('');
  }
  for (const p of report.problems) lines.push(`${p.file ? `${p.file}: ` : ''}${p.reason}`);
  if (report.attachments) {
    lines.push(
      'Attachments: Airtable links to attached files stop working a few hours after the export. Download them soon.',
    );
  }
  return lines.join('\n');
}

export const sourceCommands: Command[] = [inspectCommand];
