/**
 * Where passwords and API keys live. In the desktop app this is the OS keychain (Electron
 * safeStorage, implemented in electron/); elsewhere a store that keeps them only in memory for
 * the session, so nothing secret is ever written in the clear.
 */
export interface SecretStore {
  /** Human-readable name of where secrets go, for the settings screen. */
  readonly kind: 'os-keychain' | 'session-memory';
  get(ref: string): Promise<string | undefined>;
  set(ref: string, secret: string): Promise<void>;
  delete(ref: string): Promise<void>;
}

export function sessionSecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    kind: 'session-memory',
    get: async (ref) => secrets.get(ref),
    set: async (ref, secret) => void secrets.set(ref, secret),
    delete: async (ref) => void secrets.delete(ref),
  };
}
