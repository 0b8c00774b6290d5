import { FerryError } from '../api/errors.js';
import { LexError, tokenize, type Token } from './tokenize.js';

/**
 * The first wall of "read-only by construction": a query reaches the database only if it is one
 * SELECT (or WITH … SELECT) that names no statement or function able to change anything. The
 * database adds the others (READ ONLY transaction, statement timeout, a role without write grants),
 * so this errs on the side of refusing.
 */

/** Words that only appear in statements that change data or take locks. */
const WRITE_WORDS = new Set(['insert', 'update', 'delete', 'merge', 'truncate', 'into']);

/** Functions that write, reach the file system or another server, or change the session. */
const DANGEROUS_FUNCTIONS = new Set([
  'set_config',
  'nextval',
  'setval',
  'pg_notify',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_promote',
  'pg_stat_file',
  'pg_current_logfile',
  'pg_log_backend_memory_contexts',
  'txid_current',
  'pg_current_xact_id',
  'pg_stat_statements_reset',
]);
const DANGEROUS_PREFIXES = [
  'lo_',
  'dblink',
  'pg_read_',
  'pg_ls_',
  'pg_file_',
  'pg_stat_reset',
  'pg_advisory',
  'pg_try_advisory',
  'pg_logical_',
  'pg_replication_',
  'pg_create_',
  'pg_drop_',
  'pg_copy_',
  'pg_wal_',
  'pg_switch_',
  'pg_backup',
  'pg_start_backup',
  'pg_stop_backup',
  'pg_export_',
  'pg_import_',
  'pg_signal_',
  'query_to_xml',
  'cursor_to_xml',
];

export interface GuardedQuery {
  /** The query as written, without a trailing `;` or trailing comments. */
  sql: string;
}

function refuse(reason: string): never {
  throw new FerryError('query-refused', `Ferry did not run this query: ${reason} Nothing was sent to the database.`);
}

/** Returns the query ready to run, or throws a `query-refused` FerryError in plain words. */
export function guardQuery(sql: string): GuardedQuery {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (err) {
    if (err instanceof LexError) refuse(`${err.message}.`);
    throw err;
  }
  while (tokens.length && tokens[tokens.length - 1]!.value === ';' && tokens[tokens.length - 1]!.kind === 'punct') {
    tokens.pop();
  }
  if (tokens.length === 0) refuse('it is empty.');
  if (tokens.some((t) => t.kind === 'punct' && t.value === ';')) {
    refuse('it holds more than one statement (a ";" in the middle). Only one query that reads can run.');
  }

  const first = tokens.find((t) => !(t.kind === 'punct' && t.value === '('));
  if (!first || first.kind !== 'word' || (first.value !== 'select' && first.value !== 'with')) {
    const said = first ? sql.slice(first.start, first.end).toUpperCase() : '';
    refuse(
      `only a query that reads (SELECT, or WITH … SELECT) can run here, and this one starts with ${said || 'something else'}.`,
    );
  }

  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.kind === 'word' && WRITE_WORDS.has(t.value)) {
      refuse(
        t.value === 'into'
          ? 'SELECT … INTO creates a table. Only a query that reads can run.'
          : t.value === 'update' && tokens[i - 1]?.value === 'for'
            ? 'FOR UPDATE locks rows. Only a query that reads can run.'
            : `it contains ${t.value.toUpperCase()}, which changes data. Only a query that reads can run.`,
      );
    }
    if (
      t.kind === 'word' &&
      t.value === 'for' &&
      next?.kind === 'word' &&
      ['share', 'key', 'no'].includes(next.value)
    ) {
      refuse('FOR SHARE / FOR KEY SHARE locks rows. Only a query that reads can run.');
    }
    if ((t.kind === 'word' || t.kind === 'quoted') && next?.kind === 'punct' && next.value === '(') {
      const name = t.value.toLowerCase();
      if (DANGEROUS_FUNCTIONS.has(name) || DANGEROUS_PREFIXES.some((p) => name.startsWith(p))) {
        refuse(`it calls ${name}(), which can change the database or reach outside it.`);
      }
    }
    if (t.kind === 'param') refuse(`it has a placeholder (${t.value}) with no value.`);
  });

  return { sql: sql.slice(0, tokens[tokens.length - 1]!.end) };
}
