import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { LocalDatabase } from '../localdb/local-database.js';
import { FileRegistry } from './file-registry.js';
import { resolveHome } from './home.js';
import { sessionSecretStore, type SecretStore } from './secrets.js';

/**
 * Everything an operation may need from the outside world, made once per process and passed
 * down explicitly (no module-level mutable state).
 */
export interface FerryEnv {
  home: string;
  version: string;
  secrets: SecretStore;
  localDb: LocalDatabase;
  /** Files and folders the user chose, by opaque id. */
  files: FileRegistry;
  /** Folder of the built renderer, when this process serves the UI. */
  rendererDir?: string;
  /** Stop whatever this env started (the local database). */
  close(): Promise<void>;
}

export interface EnvOptions {
  home?: string;
  secrets?: SecretStore;
  localDb?: LocalDatabase;
  rendererDir?: string;
}

export function createEnv(options: EnvOptions = {}): FerryEnv {
  const home = resolveHome(options.home);
  const localDb = options.localDb ?? new LocalDatabase(home);
  return {
    home,
    version: ferryVersion(),
    secrets: options.secrets ?? sessionSecretStore(),
    localDb,
    files: new FileRegistry(),
    rendererDir: options.rendererDir,
    close: () => localDb.stop(),
  };
}

/** The package root, found from this file so it works from source (tsx) and from a bundle. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'ferry') return dir;
    } catch {
      // not here; look one level up
    }
    dir = path.dirname(dir);
  }
  return process.cwd();
}

function ferryVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}
