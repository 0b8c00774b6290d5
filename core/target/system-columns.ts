/**
 * What Ferry keeps on every managed table besides the business columns, and the one lock that
 * keeps two writers (a sync, a restore) from overlapping on a database.
 */

/** Columns Ferry adds to every managed table; a mapping cannot use these names. */
export const SYSTEM_COLUMNS = [
  'id',
  'source_key_hash',
  'data_hash',
  'sync_version',
  'last_synced_at',
  'last_run_id',
  'created_run_id',
  'is_active',
  'created_at',
  'updated_at',
  'extra',
] as const;

export const SYSTEM_COLUMN_SET: ReadonlySet<string> = new Set(SYSTEM_COLUMNS);

/** A PostgreSQL table holds at most 1600 columns; Ferry's own take some of them. */
export const MAX_BUSINESS_COLUMNS = 1600 - SYSTEM_COLUMNS.length;

/** Taken inside the writing transaction; released by its commit or rollback. */
export const WRITE_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('ferry.sync')) AS ok`;
