import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFerry } from '../../support/cli.js';
import { freshDatabase, query } from '../../support/databases.js';
import { answerWith, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-ask-cli-'));
let fake: FakeAnthropic;
let db: string;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  db = await freshDatabase('askcli');
  await query(db, `CREATE TABLE prints (title text); INSERT INTO prints VALUES ('Blue Heron'), ('Red Fox')`);
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(home, { recursive: true, force: true });
});

async function ferry(env: Record<string, string>, ...args: string[]) {
  const { ANTHROPIC_API_KEY: _drop, ...rest } = process.env;
  const r = await runFerry(['ask', ...args, '--db', db, '--home', home], {
    ...rest,
    ANTHROPIC_BASE_URL: fake.url,
    ...env,
  });
  return { code: r.code, out: r.code === 0 ? r.stdout : `${r.stdout}${r.stderr}` };
}

describe('ferry ask', () => {
  it('asks with the key from ANTHROPIC_API_KEY and prints the rows as JSON', async () => {
    fake.script([answerWith('SELECT title FROM prints ORDER BY title')]);
    const r = await ferry({ ANTHROPIC_API_KEY: 'sk-ant-cli' }, 'Which prints are there?', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { sql: string; rows: string[][]; limited: boolean };
    expect(json.sql).toBe('SELECT title FROM prints ORDER BY title');
    expect(json.rows).toEqual([['Blue Heron'], ['Red Fox']]);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-ant-cli');
  });

  it('runs given SQL without a key, as a table, and refuses a write', async () => {
    const ok = await ferry({}, '--sql', "SELECT count(*) AS prints FROM prints WHERE title <> 'x;y'");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/prints\n------\n2\n\n1 row, read-only\./);
    const refused = await ferry({}, '--sql', 'SELECT 1; DELETE FROM prints');
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/Ferry did not run this query: it holds more than one statement/);
    expect(await query(db, 'SELECT count(*)::int AS n FROM prints')).toEqual([{ n: 2 }]);
  });

  it('without a key, a question says so plainly', async () => {
    const r = await ferry({}, 'How many prints?');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/needs an API key/);
    expect(r.out).not.toMatch(/at .*\.ts:\d+/);
  });
});
