import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { copyField, CopyWriter } from '../../../core/target/copy-text.js';
import { freshDatabase } from '../../support/databases.js';

/** The COPY writer encodes lines into chunks itself: every byte must arrive, whatever the line's size or script. */
describe('CopyWriter on a real PostgreSQL', () => {
  it('delivers lines across chunk boundaries, multi-byte text and a line longer than a chunk, unchanged', async () => {
    const client = new pg.Client({ connectionString: await freshDatabase('copyw') });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (n integer, v text)');
      const values: string[] = [];
      for (let i = 0; i < 40_000; i++) values.push(`${i % 3 ? 'plain' : 'Café 🖼 naïve'} ${i}\tand a tab`);
      values.push('é'.repeat(400_000));
      values.push('line one\nline two\\end');
      const writer = new CopyWriter(client, 'COPY t FROM STDIN');
      let flushes = 0;
      for (const [n, v] of values.entries()) {
        if (writer.line(`${n}\t${copyField(v)}`)) {
          flushes++;
          await writer.flush();
        }
      }
      await writer.end();
      // ~2 MB of lines in 256 KB chunks: the caller was asked to wait more than once.
      expect(flushes).toBeGreaterThan(4);
      const { rows } = await client.query<{ n: number; v: string }>('SELECT n, v FROM t ORDER BY n');
      expect(rows.length).toBe(values.length);
      const wrong = rows.filter((r) => r.v !== values[r.n]).map((r) => r.n);
      expect(wrong).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('reports a line PostgreSQL refuses as an error of end(), and the table stays empty', async () => {
    const client = new pg.Client({ connectionString: await freshDatabase('copyw') });
    await client.connect();
    try {
      await client.query('CREATE TABLE t (n integer, v text)');
      const writer = new CopyWriter(client, 'COPY t FROM STDIN');
      writer.line('1\tfine');
      writer.line('not a number\tbad');
      await expect(writer.end()).rejects.toThrow(/integer/);
      expect((await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
