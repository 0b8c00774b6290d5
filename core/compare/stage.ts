import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * Streams the result of `select` on the source straight into `stage` on the target, COPY to COPY:
 * rows pass through in PostgreSQL's own text format and are never parsed in Node, so memory stays
 * flat whatever the table's size. `onRows` hears the running count (a row ends at each newline:
 * COPY escapes newlines inside values).
 */
export async function streamRows(
  source: pg.ClientBase,
  target: pg.ClientBase,
  select: string,
  stage: string,
  onRows: (rows: number) => void,
): Promise<number> {
  let rows = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      onRows(rows);
      done(null, chunk);
    },
  });
  await pipeline(
    source.query(copyTo(`COPY (${select}) TO STDOUT`)),
    counter,
    target.query(copyFrom(`COPY ${stage} FROM STDIN`)),
  );
  return rows;
}
