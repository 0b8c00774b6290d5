import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SafeStorage } from 'electron';

/**
 * Secrets encrypted by the OS keychain (safeStorage); only ciphertext touches the disk.
 * Refuses to store anything when the OS offers no encryption rather than writing it in clear.
 */
export function keychainFile(home: string, safeStorage: SafeStorage) {
  const file = path.join(home, 'secrets.json');
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const write = (all: Record<string, string>) => {
    mkdirSync(home, { recursive: true });
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
  };
  return {
    async get(ref: string): Promise<string | undefined> {
      const blob = read()[ref];
      return blob ? safeStorage.decryptString(Buffer.from(blob, 'base64')) : undefined;
    },
    async set(ref: string, value: string): Promise<undefined> {
      if (!safeStorage.isEncryptionAvailable())
        throw new Error('This computer offers no secure storage for passwords.');
      write({ ...read(), [ref]: safeStorage.encryptString(value).toString('base64') });
      return undefined;
    },
    async delete(ref: string): Promise<undefined> {
      const all = read();
      delete all[ref];
      write(all);
      return undefined;
    },
  };
}
