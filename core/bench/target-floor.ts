import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { MappingDocument, TableSpec } from '../mapping/document.js';
import { createTableSql, foreignKeysSql, introspectTable, keysSql } from '../target/managed-table.js';
import { ident, qualified } from '../target/sql.js';
import { benchMapping } from './clean-floor.js';

export interface TargetFloor {
  /** The finished rows of every table COPY'd into Ferry's tables, created without their keys. */
  copyS: number;
  /** Primary keys, key-hash indexes and foreign keys built on those rows, as apply adds them. */
  keysS: number;
  /** Making the transaction's work durable. */
  commitS: number;
  /** The rows in, the keys built, committed. */
  totalS: number;
}

interface Dumped {
  spec: TableSpec;
  columns: string[];
  file: string;
  rows: number;
}

/**
 * What a first sync cannot go under on PostgreSQL's side: the rows a first sync stored (`from`),
 * already finished, stored again into an empty database (`to`) by PostgreSQL alone, in one
 * transaction as apply does: no reading, cleaning, classifying or hashing left, only the writing
 * and the keys. The rows wait in files under `dir` (a million editions are ~340 MB: not in memory).
 */
export async function benchTargetFloor(opts: {
  folder: string;
  from: string;
  to: string;
  dir: string;
}): Promise<TargetFloor> {
  const { mapping, order } = await benchMapping(opts.folder);
  const dumped: Dumped[] = [];
  try {
    await withClient(opts.from, async (c) => {
      for (const name of order) dumped.push(await dumpTable(c, mapping, name, opts.dir));
    });
    return await withClient(opts.to, async (c) => {
      const floor = await storeFinishedRows(c, mapping, dumped);
      await checkStored(c, mapping, dumped);
      return floor;
    });
  } finally {
    await Promise.all(dumped.map((d) => fs.promises.rm(d.file, { force: true })));
  }
}

async function withClient<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Every column the sync wrote, as COPY text, named so that the load cannot take them in another order. */
async function dumpTable(c: pg.Client, mapping: MappingDocument, name: string, dir: string): Promise<Dumped> {
  const spec = mapping.tables.find((t) => t.name === name)!;
  const columns = (await introspectTable(c, mapping.schema, name))?.map((col) => col.name);
  if (!columns) throw new Error(`The bench's first sync made no table "${name}".`);
  const file = path.join(dir, `target-floor-${name}.copy`);
  const out = c.query(copyTo(`COPY ${qualified(mapping.schema, name)} (${columns.map(ident).join(', ')}) TO STDOUT`));
  await pipeline(out, fs.createWriteStream(file));
  return { spec, columns, file, rows: out.rowCount };
}

async function storeFinishedRows(c: pg.Client, mapping: MappingDocument, dumped: Dumped[]): Promise<TargetFloor> {
  await c.query('BEGIN');
  try {
    // The same memory for index builds as apply's transaction, or the keys would be timed spilling to disk.
    await c.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${ident(mapping.schema)}`);
    // In the transaction, as apply makes them, but not timed: empty tables are not storing rows, and
    // a new connection's first catalog look-ups (~10 ms) would be most of a small bench's figure.
    for (const d of dumped) await c.query(createTableSql(mapping, d.spec, undefined, { keysLater: true }));
    const t1 = performance.now();
    // COPY keeps the given values of an identity column (as OVERRIDING SYSTEM VALUE would), so the
    // links between the tables still point at the same rows.
    for (const d of dumped) await copyIn(c, mapping, d);
    const t2 = performance.now();
    // Parents first, as apply adds them: a foreign key needs its parent's primary key.
    for (const d of dumped)
      for (const sql of [...keysSql(mapping, d.spec), ...foreignKeysSql(mapping, d.spec)]) await c.query(sql);
    const t3 = performance.now();
    await c.query('COMMIT');
    const t4 = performance.now();
    return { copyS: (t2 - t1) / 1000, keysS: (t3 - t2) / 1000, commitS: (t4 - t3) / 1000, totalS: (t4 - t1) / 1000 };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function copyIn(c: pg.Client, mapping: MappingDocument, d: Dumped): Promise<void> {
  const into = c.query(
    copyFrom(`COPY ${qualified(mapping.schema, d.spec.name)} (${d.columns.map(ident).join(', ')}) FROM STDIN`),
  );
  await pipeline(fs.createReadStream(d.file), into);
  if (into.rowCount !== d.rows)
    throw new Error(`${d.spec.name}: ${d.rows} rows written to the file, ${into.rowCount} stored from it.`);
}

/**
 * Ferry's DDL against the columns the sync actually wrote: a column only the new table had would
 * have been filled by its default, and the floor timed on a different shape. Checked after COMMIT,
 * so it is not timed.
 */
async function checkStored(c: pg.Client, mapping: MappingDocument, dumped: Dumped[]): Promise<void> {
  for (const d of dumped) {
    const made = (await introspectTable(c, mapping.schema, d.spec.name))?.map((col) => col.name) ?? [];
    if (made.toSorted().join() !== d.columns.toSorted().join())
      throw new Error(
        `${d.spec.name}: the sync wrote (${d.columns.join(', ')}), Ferry's DDL makes (${made.join(', ')}).`,
      );
  }
}
