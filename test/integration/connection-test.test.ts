import net from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { dispatch } from '../../core/api/dispatch.js';
import { createEnv } from '../../core/env/env.js';
import { connectTarget } from '../../core/target/connect.js';
import { freshDatabase, query } from '../support/databases.js';

const ctx = () => ({
  env: createEnv({ home: inject('ferryHome') }),
  carrier: 'cli' as const,
  signal: new AbortController().signal,
});

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function testUrl(url: string) {
  const r = await dispatch('connection/test', { kind: 'url', url }, ctx());
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { ok: boolean; code: string; message: string; serverVersion?: string };
}

describe('connection/test against a real PostgreSQL', () => {
  it('connects with the right details and names the server version', async () => {
    const r = await testUrl(inject('postgresUrl'));
    expect(r).toMatchObject({ ok: true, code: 'ok' });
    expect(r.serverVersion).toMatch(/^18\./);
  });

  it('gives three different plain messages for a garbage URL, a closed port and a wrong password', async () => {
    const good = new URL(inject('postgresUrl'));
    const garbage = await testUrl('this is not a url');
    const closed = await testUrl(`postgresql://ferry:secret-one@127.0.0.1:${await closedPort()}/ferry`);
    const wrong = new URL(good);
    wrong.password = 'hunter2-not-it';
    const badPassword = await testUrl(wrong.toString());

    expect([garbage.code, closed.code, badPassword.code]).toEqual([
      'invalid-url',
      'host-unreachable',
      'wrong-password',
    ]);
    const messages = [garbage.message, closed.message, badPassword.message];
    expect(new Set(messages).size).toBe(3);
    for (const m of messages) {
      expect(m).not.toMatch(/\bat .*\.(js|ts):\d+/); // no stack trace
      expect(m).not.toContain('hunter2');
      expect(m).not.toContain('secret-one');
      expect(m).not.toContain(good.password);
    }
  });

  it('says when the database does not exist', async () => {
    const missing = new URL(inject('postgresUrl'));
    missing.pathname = '/no_such_database_here';
    expect((await testUrl(missing.toString())).code).toBe('database-missing');
  });

  it('explains a refused connection in the same plain words wherever the engine connects', async () => {
    const wrong = new URL(inject('postgresUrl'));
    wrong.password = 'hunter2-not-it';
    const err = await connectTarget({ kind: 'url', url: wrong.toString() }, ctx().env).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'wrong-password', message: expect.stringMatching(/was not accepted/) });
    expect((err as Error).message).not.toContain('hunter2');
    const client = await connectTarget({ kind: 'url', url: inject('postgresUrl') }, ctx().env);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('uses a saved password from secure storage, and says so plainly when it is no longer there', async () => {
    const good = new URL(inject('postgresUrl'));
    const c = ctx();
    const fields = {
      kind: 'fields' as const,
      host: good.hostname,
      port: Number(good.port),
      database: good.pathname.slice(1),
      user: decodeURIComponent(good.username),
      ssl: 'disable' as const,
      secretRef: 'connection-test-saved',
    };
    const before = await dispatch('connection/test', fields, c);
    expect(before).toMatchObject({ ok: true, value: { ok: false, code: 'password-missing' } });
    expect(JSON.stringify(before)).toMatch(/Type it again in Settings/);

    await c.env.secrets.set('connection-test-saved', decodeURIComponent(good.password));
    expect(await dispatch('connection/test', fields, c)).toMatchObject({ ok: true, value: { ok: true, code: 'ok' } });
  });

  it('writes to and reads from a fresh database', async () => {
    const url = await freshDatabase('conn');
    await query(url, 'CREATE TABLE "Prints" ("name" text primary key, "total editions" int)');
    await query(url, 'INSERT INTO "Prints" VALUES ($1, $2), ($3, $4)', ['Harbour, at dawn', 50, 'Kestrel "blue"', 25]);
    const rows = await query(url, 'SELECT * FROM "Prints" ORDER BY name');
    expect(rows).toEqual([
      { name: 'Harbour, at dawn', 'total editions': 50 },
      { name: 'Kestrel "blue"', 'total editions': 25 },
    ]);
  });
});
