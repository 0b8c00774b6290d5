import type { DomainHandlers } from '../handler-types.js';
import type { askOps } from '../ops/ask.js';
import type { FerryEnv } from '../../env/env.js';
import { askQuestion, askStatus, exportQueryCsv, makeReaderRole, runQuestionSql } from '../../ask/service.js';
import { API_KEY_REF, readAskSettings, saveAskSettings } from '../../ask/settings.js';
import { withHistory, workspaceConnection } from '../../history/open.js';

/** Cells longer than this are cut on screen; the CSV export keeps them whole. */
const SCREEN_CELL_CHARS = 2000;

async function connectionOf(env: FerryEnv, workspaceId: string) {
  const ws = await withHistory(env, (store) => store.workspace(workspaceId));
  return workspaceConnection(ws, env);
}

export const askHandlers: DomainHandlers<typeof askOps> = {
  'ask/status': async (input, ctx) =>
    askStatus(ctx.env, input.workspaceId ? await connectionOf(ctx.env, input.workspaceId) : undefined),
  'ask/save-key': async (input, ctx) => {
    await ctx.env.secrets.set(API_KEY_REF, input.apiKey);
    return askStatus(ctx.env);
  },
  'ask/remove-key': async (_input, ctx) => {
    await ctx.env.secrets.delete(API_KEY_REF);
    return askStatus(ctx.env);
  },
  'ask/save-model': async (input, ctx) => {
    await saveAskSettings(ctx.env.home, { ...(await readAskSettings(ctx.env.home)), model: input.model });
    return askStatus(ctx.env);
  },
  'ask/question': async (input, ctx) => {
    ctx.progress({ stage: 'ask', message: 'Reading the tables and asking the AI service…' });
    return askQuestion(ctx.env, await connectionOf(ctx.env, input.workspaceId), input.question, {
      signal: ctx.signal,
    });
  },
  'ask/run': async (input, ctx) => {
    ctx.progress({ stage: 'query', message: 'Running the query (read-only)…' });
    return runQuestionSql(ctx.env, await connectionOf(ctx.env, input.workspaceId), input.sql, {
      limit: input.limit,
      timeoutMs: input.timeoutSeconds * 1000,
      maxCellChars: SCREEN_CELL_CHARS,
      signal: ctx.signal,
    });
  },
  'ask/export-csv': async (input, ctx) =>
    exportQueryCsv(ctx.env, await connectionOf(ctx.env, input.workspaceId), input.sql, {
      limit: input.limit,
      timeoutMs: input.timeoutSeconds * 1000,
      signal: ctx.signal,
    }),
  'ask/create-reader-role': async (input, ctx) =>
    makeReaderRole(ctx.env, await connectionOf(ctx.env, input.workspaceId)),
};
