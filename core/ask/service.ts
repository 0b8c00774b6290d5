import type pg from 'pg';
import { CancelledError, FerryError } from '../api/errors.js';
import type { Connection } from '../api/ops/connection-input.js';
import type { FerryEnv } from '../env/env.js';
import { backendPid, cancelOnAbort, connectTarget } from '../target/connect.js';
import { resolveConnection } from '../target/connection.js';
import { resultsCsv } from './csv.js';
import { guardQuery } from './guard.js';
import { askModel } from './model.js';
import { extractQuery, systemPrompt } from './prompt.js';
import { createReaderRole, READER_ROLE, readerRoleReady } from './reader-role.js';
import { runAskQuery } from './run-query.js';
import { describeSchema } from './schema.js';
import { DEFAULT_MODEL, readApiKey, readAskSettings } from './settings.js';
import type { AskAnswer, AskStatus, CsvExport, QueryRows, ReaderRoleResult } from './types.js';

/** How long the schema description may take; it reads catalog tables and 50 rows per table. */
const SCHEMA_TIMEOUT_MS = 15_000;
export const MODEL_TIMEOUT_MS = 60_000;

async function withTarget<T>(env: FerryEnv, conn: Connection, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectTarget(conn, env);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function readerRole(client: pg.ClientBase): Promise<string | undefined> {
  return (await readerRoleReady(client)) ? READER_ROLE : undefined;
}

export async function askStatus(env: FerryEnv, conn?: Connection): Promise<AskStatus> {
  const [key, settings] = await Promise.all([readApiKey(env.secrets), readAskSettings(env.home)]);
  const status: AskStatus = {
    hasKey: Boolean(key),
    model: settings.model,
    defaultModel: DEFAULT_MODEL,
    keyStorage: env.secrets.kind,
  };
  if (!conn) return status;
  try {
    const ready = await withTarget(env, conn, readerRoleReady);
    return { ...status, readerRole: ready ? 'ready' : 'missing' };
  } catch (err) {
    // The key and model still show; running a query will say what is wrong with the connection.
    if (err instanceof FerryError) return { ...status, databaseProblem: err.message };
    throw err;
  }
}

export interface AskOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  baseURL?: string;
}

/** A question in plain words → the schema → the model → one query, checked but not run. */
export async function askQuestion(
  env: FerryEnv,
  conn: Connection,
  question: string,
  opts: AskOptions = {},
): Promise<AskAnswer> {
  const apiKey = await readApiKey(env.secrets);
  if (!apiKey) {
    throw new FerryError(
      'ask-no-key',
      'Ask your data needs an API key, and none is saved yet. Add one in Settings → Ask your data. The rest of Ferry works without it.',
    );
  }
  const { model } = await readAskSettings(env.home);
  const schema = await withTarget(env, conn, async (client) =>
    describeSchema(client, { timeoutMs: SCHEMA_TIMEOUT_MS, role: await readerRole(client) }),
  );
  const answer = await askModel({
    apiKey,
    model,
    system: systemPrompt(schema.text),
    question,
    baseURL: opts.baseURL,
    timeoutMs: opts.timeoutMs ?? MODEL_TIMEOUT_MS,
    signal: opts.signal,
  });
  const { sql, note } = extractQuery(answer);
  let refused: string | undefined;
  try {
    guardQuery(sql);
  } catch (err) {
    if (!(err instanceof FerryError)) throw err;
    refused = err.message;
  }
  return { sql, note, model, ...(refused ? { refused } : {}) };
}

export interface RunOptions {
  limit: number;
  timeoutMs: number;
  maxCellChars?: number;
  /** Stops the query on the server too, not only the wait for it. */
  signal?: AbortSignal;
}

/** The guard, then the query in a read-only transaction, as the reader role when there is one. */
export async function runQuestionSql(
  env: FerryEnv,
  conn: Connection,
  sql: string,
  opts: RunOptions,
): Promise<QueryRows> {
  guardQuery(sql);
  const { signal, ...fetch } = opts;
  return withTarget(env, conn, async (client) => {
    const role = await readerRole(client);
    return cancellable(env, conn, client, signal, () => runAskQuery(client, sql, { ...fetch, role }));
  });
}

/** Runs `work` on `client`; a cancel asks the server, from a second connection, to stop that backend's query. */
async function cancellable<T>(
  env: FerryEnv,
  conn: Connection,
  client: pg.Client,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!signal) return work();
  if (signal.aborted) throw new CancelledError();
  const stopCancel = cancelOnAbort(signal, [{ config: await resolveConnection(conn, env), pid: backendPid(client) }]);
  try {
    return await work();
  } catch (err) {
    if (signal.aborted) throw new CancelledError();
    throw err;
  } finally {
    stopCancel();
  }
}

export async function exportQueryCsv(
  env: FerryEnv,
  conn: Connection,
  sql: string,
  opts: Omit<RunOptions, 'maxCellChars'>,
): Promise<CsvExport> {
  const result = await runQuestionSql(env, conn, sql, opts);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return {
    csv: resultsCsv(result.columns, result.rows),
    rows: result.rows.length,
    limited: result.limited,
    fileName: `ferry-query-${stamp}.csv`,
  };
}

export async function makeReaderRole(env: FerryEnv, conn: Connection): Promise<ReaderRoleResult> {
  return withTarget(env, conn, createReaderRole);
}
