import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import { API_KEY_REF } from '../../ask/settings.js';
import type { QueryRows } from '../../ask/types.js';
import type { Command } from '../command.js';
import { cliCtx, requireDb, workspaceForDb } from '../target-workspace.js';

/** Rows as aligned plain text; long or multi-line cells are shortened for the terminal. */
function textTable(result: QueryRows): string[] {
  const cell = (v: string | null) => {
    const flat = (v ?? '').replace(/\s*\n\s*/g, ' ⏎ ');
    return flat.length > 32 ? `${flat.slice(0, 31)}…` : flat;
  };
  const header = result.columns.map((c) => c.name);
  const body = result.rows.map((r) => r.map(cell));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

export const askCommand: Command = {
  name: 'ask',
  usage: 'ferry ask "QUESTION" --db URL|local [--sql "SELECT …"] [--limit N] [--json]',
  summary: 'A question in plain words becomes one read-only query, shown, then run (key from ANTHROPIC_API_KEY)',
  options: { db: { type: 'string' }, sql: { type: 'string' }, limit: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    const question = positionals.join(' ').trim();
    const given = typeof values.sql === 'string' ? values.sql : undefined;
    if (!question && !given) throw new FerryError('invalid-input', `Usage: ${askCommand.usage}`);
    const ws = await workspaceForDb(requireDb(values), ctx);
    const c = cliCtx(ctx);
    // The command line keeps secrets for this run only: the key comes from the environment.
    const key = process.env.ANTHROPIC_API_KEY?.trim();
    if (key) await ctx.env.secrets.set(API_KEY_REF, key);

    const answer = given ? undefined : await call('ask/question', { workspaceId: ws.id, question }, c);
    const sql = given ?? answer!.sql;
    if (!ctx.json) {
      if (answer?.note) ctx.out(answer.note);
      ctx.out(`\n${sql}\n`);
    }
    if (answer?.refused) {
      if (ctx.json) ctx.out(JSON.stringify({ question, ...answer, ran: false }));
      else ctx.out(answer.refused);
      return 1;
    }
    const limit = Math.min(Math.max(Number(values.limit ?? 50) || 50, 1), 1000);
    const result = await call('ask/run', { workspaceId: ws.id, sql, limit }, c);
    if (ctx.json) {
      ctx.out(
        JSON.stringify({ question: question || undefined, sql, note: answer?.note, model: answer?.model, ...result }),
      );
      return 0;
    }
    for (const l of textTable(result)) ctx.out(l);
    const n = result.rows.length;
    ctx.out(
      `\n${n} ${n === 1 ? 'row' : 'rows'}${result.limited ? ` (limited to ${limit}; there are more)` : ''}, read-only${result.asReaderRole ? ' as the read-only role' : ''}.`,
    );
    return 0;
  },
};
