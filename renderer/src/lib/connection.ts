import type { ConnectionInput } from '../../../core/api/ops/connection-input';

export type SslMode = 'disable' | 'prefer' | 'require' | 'verify-full';

/** What the connection fields hold while the owner types; turned into a contract input when sent. */
export interface TargetDraft {
  kind: 'local' | 'url' | 'fields';
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** Typed now; sent once, then kept by the keychain. Never filled back in from storage. */
  password: string;
  /** Set when a password is already stored for this connection. */
  secretRef?: string;
  ssl: SslMode;
}

export const emptyTarget = (): TargetDraft => ({
  kind: 'local',
  url: '',
  host: '',
  port: 5432,
  database: '',
  user: '',
  password: '',
  ssl: 'prefer',
});

export function toConnectionInput(d: TargetDraft): ConnectionInput {
  switch (d.kind) {
    case 'local':
      return { kind: 'local' };
    case 'url':
      return { kind: 'url', url: d.url.trim(), ssl: d.ssl };
    case 'fields':
      return {
        kind: 'fields',
        host: d.host.trim(),
        port: d.port,
        database: d.database.trim(),
        user: d.user.trim(),
        ssl: d.ssl,
        ...(d.password ? { password: d.password } : d.secretRef ? { secretRef: d.secretRef } : {}),
      };
  }
}

/** A stored target back into the fields, without any password (it stays in the keychain). */
export function fromConnection(c: unknown): TargetDraft {
  const base = emptyTarget();
  if (!c || typeof c !== 'object') return base;
  const t = c as Partial<Record<string, unknown>>;
  if (t.kind === 'url' && typeof t.url === 'string')
    return {
      ...base,
      kind: 'url',
      url: stripPassword(t.url),
      ssl: (t.ssl as SslMode) ?? 'prefer',
      secretRef: typeof t.secretRef === 'string' ? t.secretRef : undefined,
    };
  if (t.kind === 'fields')
    return {
      ...base,
      kind: 'fields',
      host: String(t.host ?? ''),
      port: Number(t.port ?? 5432),
      database: String(t.database ?? ''),
      user: String(t.user ?? ''),
      ssl: (t.ssl as SslMode) ?? 'prefer',
      secretRef: typeof t.secretRef === 'string' ? t.secretRef : undefined,
    };
  return base;
}

/** Field errors in plain words, keyed as the form keys them (`target.host`, ...). */
export function targetErrors(d: TargetDraft, prefix = 'target'): Record<string, string> {
  const errors: Record<string, string> = {};
  if (d.kind === 'url') {
    if (!d.url.trim()) errors[`${prefix}.url`] = 'Enter the connection string your hosting provider gave you';
    else if (!/^postgres(ql)?:\/\//i.test(d.url.trim()))
      errors[`${prefix}.url`] = 'A connection string starts with postgresql:// — copy it again from your provider';
  }
  if (d.kind === 'fields') {
    if (!d.host.trim()) errors[`${prefix}.host`] = 'Enter the server name, e.g. db.example.com';
    if (!d.database.trim()) errors[`${prefix}.database`] = 'Enter the database name';
    if (!d.user.trim()) errors[`${prefix}.user`] = 'Enter the user name';
    if (!Number.isInteger(d.port) || d.port < 1 || d.port > 65535)
      errors[`${prefix}.port`] = 'The port is a whole number between 1 and 65535 (usually 5432)';
  }
  return errors;
}

/** Connection strings can carry a password; it is never shown back. */
export function stripPassword(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/i, '$1@');
}

export function describeTarget(d: TargetDraft): string {
  switch (d.kind) {
    case 'local':
      return 'A database on this computer';
    case 'url':
      return stripPassword(d.url);
    case 'fields':
      return `${d.database} on ${d.host}${d.port !== 5432 ? `:${d.port}` : ''}`;
  }
}

/**
 * A saved target as a contract input. The password stays in the keychain: a saved connection
 * string becomes separate fields carrying the keychain reference, so the engine fetches it there.
 */
export function storedToInput(target: unknown): ConnectionInput {
  const t = (target ?? {}) as Partial<Record<string, unknown>>;
  if (t.kind === 'url' && typeof t.url === 'string' && typeof t.secretRef === 'string') {
    try {
      const u = new URL(t.url);
      return {
        kind: 'fields',
        host: u.hostname,
        port: u.port ? Number(u.port) : 5432,
        database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
        user: decodeURIComponent(u.username),
        secretRef: t.secretRef,
        ssl: (t.ssl as SslMode | undefined) ?? 'prefer',
      };
    } catch {
      // Not a URL after all: hand it on as it is and let the engine say what is wrong.
    }
  }
  if (t.kind === 'url') return { kind: 'url', url: String(t.url ?? ''), ...(t.ssl ? { ssl: t.ssl as SslMode } : {}) };
  return toConnectionInput(fromConnection(t));
}

/** What "Test connection" sends: a saved connection string without a typed password uses the keychain's. */
export function connectionToTest(d: TargetDraft): ConnectionInput {
  if (d.kind === 'url' && d.secretRef && !/^postgres(ql)?:\/\/[^/@\s]*:[^@\s]*@/i.test(d.url.trim()))
    return storedToInput({ kind: 'url', url: d.url.trim(), secretRef: d.secretRef, ssl: d.ssl });
  return toConnectionInput(d);
}
