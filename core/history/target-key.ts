import type { Connection } from '../api/ops/connection-input.js';
import { describeConnection } from '../target/connection.js';
import type { StoredTarget } from './types.js';

/**
 * Which database a connection points at, without the password: two connections with the same key
 * are the same target, so `ferry history --db …` finds the runs `ferry sync --db …` recorded.
 */
export function targetKey(conn: Connection): string {
  switch (conn.kind) {
    case 'local':
      return 'local';
    case 'url': {
      try {
        const u = new URL(conn.url);
        const port = u.port || '5432';
        const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username);
        return `pg:${decodeURIComponent(u.username)}@${u.hostname.toLowerCase()}:${port}/${db}`;
      } catch {
        return `url:${conn.url}`;
      }
    }
    case 'fields':
      return `pg:${conn.user}@${conn.host.toLowerCase()}:${conn.port}/${conn.database}`;
  }
}

/** The password taken out of a connection, and the connection without it (what SQLite may keep). */
export function splitSecret(conn: Connection): { target: StoredTarget; password?: string } {
  switch (conn.kind) {
    case 'local':
      return { target: { kind: 'local' } };
    case 'url': {
      let u: URL;
      try {
        u = new URL(conn.url);
      } catch {
        return { target: { ...conn } };
      }
      const password = u.password ? decodeURIComponent(u.password) : undefined;
      u.password = '';
      return { target: { ...conn, url: u.toString() }, password };
    }
    case 'fields': {
      const { password, ...rest } = conn;
      return { target: rest, password };
    }
  }
}

/** A stored target made usable again, with the password from the secret store when there is one. */
export function joinSecret(target: StoredTarget, password: string | undefined): Connection {
  switch (target.kind) {
    case 'local':
      return { kind: 'local' };
    case 'url': {
      const { secretRef: _ref, ...conn } = target;
      if (!password) return conn;
      const u = new URL(conn.url);
      u.password = encodeURIComponent(password);
      return { ...conn, url: u.toString() };
    }
    case 'fields':
      return password ? { ...target, password } : target;
  }
}

export function targetLabel(target: StoredTarget): string {
  const { secretRef: _ignored, ...conn } = target;
  return describeConnection(conn as Connection);
}
