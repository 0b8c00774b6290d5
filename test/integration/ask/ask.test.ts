import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../core/api/dispatch.js';
import { FerryError } from '../../../core/api/errors.js';
import { READER_ROLE } from '../../../core/ask/reader-role.js';
import { runReadOnlyQuery, withReadOnlyTransaction } from '../../../core/ask/run-query.js';
import { askQuestion, runQuestionSql } from '../../../core/ask/service.js';
import { createEnv } from '../../../core/env/env.js';
import { freshDatabase, query } from '../../support/databases.js';
import { answerWith, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-ask-'));
const env = createEnv({ home });
const ctx = { env, carrier: 'cli' as const, signal: new AbortController().signal, progress: () => {} };
const API_KEY = 'sk-ant-test-0123456789abcdef';

let fake: FakeAnthropic;
let url: string;
let workspaceId: string;

/** Every row of the two tables and the list of tables: what "unchanged" means here. */
async function dump(): Promise<string> {
  const rows = await query(
    url,
    `SELECT (SELECT json_agg(p ORDER BY id) FROM prints p)::text AS prints,
            (SELECT json_agg(e ORDER BY id) FROM editions e)::text AS editions,
            (SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace) AS tables`,
  );
  return JSON.stringify(rows[0]);
}

async function failure(p: Promise<unknown>): Promise<FerryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FerryError);
    return err as FerryError;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  fake = await startFakeAnthropic();
  process.env.ANTHROPIC_BASE_URL = fake.url;
  url = await freshDatabase('ask');
  await query(
    url,
    `CREATE TABLE prints (id bigint PRIMARY KEY, title text NOT NULL, artist text);
     CREATE TABLE editions (id bigint PRIMARY KEY, print_id bigint REFERENCES prints (id), number int, price numeric(10,2), note text);
     INSERT INTO prints VALUES (1, 'Blue Heron', 'Ana Ruiz'), (2, 'Red Fox', 'Ben Ode');
     INSERT INTO editions VALUES (1, 1, 1, 120.00, NULL), (2, 1, 2, 135.50, '=HYPERLINK("x")'), (3, 2, 1, -5.00, 'damaged');
     CREATE SCHEMA ferry; CREATE TABLE ferry.runs (id text);`,
  );
  const ws = await call('workspace/create', { name: 'Ask test', target: { kind: 'url', url } }, ctx);
  workspaceId = ws.id;
});

afterAll(async () => {
  delete process.env.ANTHROPIC_BASE_URL;
  await fake.close();
  await env.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('Ask your data', () => {
  it('without a key: the status says so, and asking explains it plainly without calling the service', async () => {
    const status = await call('ask/status', { workspaceId }, ctx);
    expect(status).toMatchObject({ hasKey: false, model: 'claude-sonnet-5-5', readerRole: 'missing' });
    const err = await failure(call('ask/question', { workspaceId, question: 'How many prints?' }, ctx));
    expect(err.code).toBe('ask-no-key');
    expect(err.message).toMatch(/needs an API key.*Settings.*rest of Ferry works without it/);
    expect(fake.requests).toHaveLength(0);
  });

  it('a good answer: the SDK sends the schema, the model from settings and the key; the query runs and returns rows', async () => {
    await call('ask/save-key', { apiKey: API_KEY }, ctx);
    const status = await call('ask/save-model', { model: 'claude-haiku-5-5' }, ctx);
    expect(status).toMatchObject({ hasKey: true, model: 'claude-haiku-5-5', keyStorage: 'session-memory' });
    expect(JSON.stringify(status)).not.toContain(API_KEY);
    expect(fs.readFileSync(path.join(home, 'settings.json'), 'utf8')).not.toContain(API_KEY);

    fake.script([
      answerWith(
        'SELECT p.title, count(*) AS editions, sum(e.price) AS total\nFROM prints p JOIN editions e ON e.print_id = p.id\nGROUP BY p.title ORDER BY p.title;',
        'Editions and takings per print.',
      ),
    ]);
    const answer = await call(
      'ask/question',
      { workspaceId, question: 'How many editions per print, and the total?' },
      ctx,
    );
    expect(answer.sql).toMatch(/^SELECT p.title, count\(\*\)/);
    expect(answer.note).toBe('Editions and takings per print.');
    expect(answer.model).toBe('claude-haiku-5-5');
    expect(answer.refused).toBeUndefined();

    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!;
    // This SDK version sends the API key as a bearer token.
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body.model).toBe('claude-haiku-5-5');
    expect(sent.body.messages).toEqual([{ role: 'user', content: 'How many editions per print, and the total?' }]);
    expect(sent.body.system).toContain('table "public"."prints"');
    expect(sent.body.system).toContain('print_id bigint → "public"."prints"(id)');
    expect(sent.body.system).toContain('"Blue Heron"');
    expect(sent.body.system).not.toContain('"ferry"."runs"');

    const result = await call('ask/run', { workspaceId, sql: answer.sql }, ctx);
    expect(result.columns).toEqual([
      { name: 'title', type: 'text' },
      { name: 'editions', type: 'bigint' },
      { name: 'total', type: 'numeric' },
    ]);
    expect(result.rows).toEqual([
      ['Blue Heron', '2', '255.50'],
      ['Red Fox', '1', '-5.00'],
    ]);
    expect(result).toMatchObject({ limited: false, limit: 200, asReaderRole: false });
  });

  it('the schema in the prompt: Ferry bookkeeping hidden, retired rows explained, samples short', async () => {
    await query(
      url,
      `CREATE TABLE public."Sales Log" (id bigint, source_key_hash text, data_hash text, sync_version int, is_active boolean,
                                "Buyer Name" text, memo text);
       INSERT INTO public."Sales Log" VALUES (1, 'h1', 'd1', 1, true, 'Ann', repeat('x', 300)), (2, 'h2', 'd2', 1, false, 'Bo', 'ok')`,
    );
    try {
      fake.script([answerWith('SELECT 1')]);
      await call('ask/question', { workspaceId, question: 'Who bought?' }, ctx);
      const system = fake.requests[0]!.body.system!;
      const table = system.slice(system.indexOf('table "public"."Sales Log"'));
      expect(table).toMatch(/^table "public"."Sales Log" \(about -?\d+ rows\)\n {2}- id bigint\n/);
      expect(table).toContain('- is_active boolean (false: the record was retired');
      expect(table).toContain('- "Buyer Name" text, e.g. "Ann", "Bo"');
      expect(table).toContain(`- memo text, e.g. "${'x'.repeat(40)}…", "ok"`);
      expect(table).not.toMatch(/source_key_hash|data_hash|sync_version/);
    } finally {
      await query(url, 'DROP TABLE public."Sales Log"');
    }
  });

  it('an answer that would write is shown with the reason it will not run', async () => {
    fake.script([answerWith('DELETE FROM editions WHERE price < 0')]);
    const answer = await call('ask/question', { workspaceId, question: 'Remove the cheap editions' }, ctx);
    expect(answer.sql).toBe('DELETE FROM editions WHERE price < 0');
    expect(answer.refused).toMatch(/Ferry did not run this query: .*starts with DELETE/);
  });

  const attempts: [string, string][] = [
    ['DELETE', 'DELETE FROM editions'],
    ['UPDATE hidden in a CTE', 'WITH x AS (UPDATE editions SET price = 0 RETURNING id) SELECT count(*) FROM x'],
    ['SELECT 1; DROP TABLE', 'SELECT 1; DROP TABLE editions'],
    ['SELECT … INTO', 'SELECT * INTO stolen FROM editions'],
    ['COPY', "COPY editions TO '/tmp/editions.csv'"],
    ['a comment-hidden second statement', 'SELECT 1 /* just a note */; DELETE FROM prints -- tidy up'],
    ['a function that writes files', "SELECT lo_export(1, '/tmp/x')"],
  ];
  it.each(attempts)('a write attempt is refused with the database unchanged: %s', async (_name, sql) => {
    const before = await dump();
    const err = await failure(call('ask/run', { workspaceId, sql }, ctx));
    expect(err.code).toBe('query-refused');
    expect(err.message).toMatch(/^Ferry did not run this query: .*Nothing was sent to the database\.$/s);
    const csv = await failure(call('ask/export-csv', { workspaceId, sql }, ctx));
    expect(csv.code).toBe('query-refused');
    expect(await dump()).toBe(before);
  });

  it('a statement timeout ends in plain words', async () => {
    const started = Date.now();
    const err = await failure(call('ask/run', { workspaceId, sql: 'SELECT pg_sleep(5)', timeoutSeconds: 1 }, ctx));
    expect(err.code).toBe('query-timeout');
    expect(err.message).toBe(
      'The query took longer than 1 second and was stopped. Try a narrower question, or a query that reads fewer rows.',
    );
    expect(Date.now() - started).toBeLessThan(4500);
  });

  it('a cancel stops the query on the server, not only the wait', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 300);
    const run = runQuestionSql(env, { kind: 'url', url }, 'SELECT pg_sleep(20)', {
      limit: 10,
      timeoutMs: 30_000,
      signal: stop.signal,
    });
    expect((await failure(run)).code).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5000);
    const sleeping = async () =>
      (
        await query<{ n: number }>(
          url,
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'`,
        )
      )[0]!.n;
    await expect.poll(sleeping, { timeout: 5000 }).toBe(0);
  });

  it('never loads more than the row limit, and says so', async () => {
    const result = await call(
      'ask/run',
      { workspaceId, sql: 'SELECT g FROM generate_series(1, 100000) g', limit: 10 },
      ctx,
    );
    expect(result.rows.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(result.limited).toBe(true);
  });

  it('a mistake in the query is named in plain words', async () => {
    const err = await failure(call('ask/run', { workspaceId, sql: 'SELECT colour FROM prints' }, ctx));
    expect(err.code).toBe('query-mistake');
    expect(err.message).toBe('The query has a mistake: column "colour" does not exist.');
  });

  it('exports CSV that a spreadsheet cannot run as formulas', async () => {
    const out = await call(
      'ask/export-csv',
      { workspaceId, sql: 'SELECT id, price, note FROM editions ORDER BY id' },
      ctx,
    );
    expect(out.rows).toBe(3);
    expect(out.fileName).toMatch(/^ferry-query-\d{8}-\d{4}\.csv$/);
    expect(out.csv).toBe('\uFEFFid,price,note\r\n1,120.00,\r\n2,135.50,"\'=HYPERLINK(""x"")"\r\n3,-5.00,damaged\r\n');
  });

  it('a rate limit (429) is said in plain words, without the key', async () => {
    fake.script([{ kind: 'error', status: 429, type: 'rate_limit_error', message: `Rate limited for key ${API_KEY}` }]);
    const err = await failure(call('ask/question', { workspaceId, question: 'How many prints?' }, ctx));
    expect(err.code).toBe('ask-rate-limited');
    expect(err.message).toMatch(/Too many questions in a short time.*Wait a minute/);
    expect(err.message).not.toContain(API_KEY);
    // The SDK retried once, then gave up.
    expect(fake.requests).toHaveLength(2);
  });

  it('a server error, a rejected key, a slow service and no network each have their own plain message', async () => {
    fake.script([{ kind: 'error', status: 500, type: 'api_error', message: 'boom' }]);
    expect((await failure(call('ask/question', { workspaceId, question: 'How many prints?' }, ctx))).code).toBe(
      'ask-service-down',
    );
    fake.script([{ kind: 'error', status: 401, type: 'authentication_error', message: 'invalid x-api-key' }]);
    const rejected = await failure(call('ask/question', { workspaceId, question: 'How many prints?' }, ctx));
    expect(rejected.code).toBe('ask-key-rejected');
    expect(rejected.message).toMatch(/did not accept the API key/);

    fake.script([{ ...answerWith('SELECT 1'), delayMs: 5000 }]);
    const conn = { kind: 'url' as const, url };
    const slow = await failure(askQuestion(env, conn, 'How many prints?', { timeoutMs: 300 }));
    expect(slow.code).toBe('ask-timeout');

    const offline = await failure(askQuestion(env, conn, 'How many prints?', { baseURL: 'http://127.0.0.1:9' }));
    expect(offline.code).toBe('ask-offline');
    expect(offline.message).toMatch(/could not reach the AI service.*rest of Ferry works without it/);
  });

  it('the read-only role: made on request, used for queries, and unable to write even without the guard', async () => {
    const made = await call('ask/create-reader-role', { workspaceId }, ctx);
    expect(made).toMatchObject({ role: READER_ROLE, created: true });
    expect(made.schemas).toContain('public');
    expect(made.schemas).not.toContain('ferry');
    expect(await call('ask/status', { workspaceId }, ctx)).toMatchObject({ readerRole: 'ready' });
    const result = await call(
      'ask/run',
      { workspaceId, sql: 'SELECT current_user AS who, count(*) AS n FROM prints' },
      ctx,
    );
    expect(result.asReaderRole).toBe(true);
    expect(result.rows).toEqual([[READER_ROLE, '2']]);
    // Ferry's own schema is not granted.
    expect((await failure(call('ask/run', { workspaceId, sql: 'SELECT * FROM ferry.runs' }, ctx))).code).toBe(
      'query-permission',
    );

    const before = await dump();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // The low-level runner, guard bypassed: READ ONLY stops the write...
      const readOnly = await failure(
        withReadOnlyTransaction(client, { timeoutMs: 5000, role: READER_ROLE }, (c) =>
          c.query("INSERT INTO prints VALUES (3, 'Intruder', NULL)"),
        ).catch((e: unknown) => {
          expect((e as { code?: string }).code).toBe('25006');
          throw new FerryError('read-only', 'refused');
        }),
      );
      expect(readOnly.code).toBe('read-only');
      // ...a data-modifying CTE cannot even be declared as the cursor...
      const cte = await failure(
        runReadOnlyQuery(client, 'WITH x AS (DELETE FROM editions RETURNING 1) SELECT * FROM x', {
          timeoutMs: 5000,
          limit: 10,
          role: READER_ROLE,
        }),
      );
      expect(cte.message).not.toMatch(/^Something went wrong/);
      // ...and the role alone, in a transaction that may write, has no right to.
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE ${READER_ROLE}`);
      await expect(client.query("INSERT INTO prints VALUES (3, 'Intruder', NULL)")).rejects.toMatchObject({
        code: '42501',
      });
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await client.query(`SET LOCAL ROLE ${READER_ROLE}`);
      await expect(client.query('DELETE FROM editions')).rejects.toMatchObject({ code: '42501' });
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
    expect(await dump()).toBe(before);
  });

  it('a user who may not create roles gets a plain message, and nothing is left half made', async () => {
    const name = `plain_${Date.now().toString(36)}`;
    await query(url, `CREATE ROLE ${name} LOGIN PASSWORD 'pw-${name}'`);
    await query(url, `GRANT USAGE ON SCHEMA public TO ${name}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${name}`);
    const limited = new URL(url);
    limited.username = name;
    limited.password = `pw-${name}`;
    const ws = await call(
      'workspace/create',
      { name: 'Limited', target: { kind: 'url', url: limited.toString() } },
      ctx,
    );
    // The cluster already has the role from the test above; this user cannot grant it rights here either.
    await query(
      url,
      `REVOKE ALL ON SCHEMA public FROM ${READER_ROLE}; REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM ${READER_ROLE}`,
    );
    const err = await failure(call('ask/create-reader-role', { workspaceId: ws.id }, ctx));
    expect(err.code).toBe('role-not-allowed');
    expect(err.message).toMatch(/may not create roles or grant access.*still run in a read-only transaction/);
    expect(err.message).not.toContain(`pw-${name}`);
    const [still] = await query<{ usage: boolean }>(
      url,
      `SELECT has_table_privilege('${READER_ROLE}', 'public.prints', 'SELECT') AS usage`,
    );
    expect(still!.usage).toBe(false);
  });

  it("unqualified names mean the owner's tables, not Ferry's own schema (the local login is named ferry)", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const user = (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
    try {
      // A table named like the owner's, in the schema "$user" would find first.
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${user}"`);
      await client.query(`CREATE TABLE "${user}".prints (id bigint)`);
      const res = await runReadOnlyQuery(client, 'SELECT count(*) FROM prints', { timeoutMs: 5000, limit: 10 });
      expect(res.rows).toEqual([['2']]);
    } finally {
      await client.query(`DROP TABLE IF EXISTS "${user}".prints`);
      await client.end();
    }
  });
});
