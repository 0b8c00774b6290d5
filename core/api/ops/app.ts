import { z } from 'zod';
import { op } from '../define.js';
import { connectionInput } from './connection-input.js';

export interface AppInfo {
  name: string;
  version: string;
  /** Folder holding Ferry's local state: history, workspaces, the local database. */
  home: string;
  /** Which carrier is serving this call: `electron` or `http`. */
  carrier: string;
  node: string;
  platform: string;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Stable code: `ok`, `invalid-url`, `host-unreachable`, `wrong-password`, `database-missing`, `ssl-required`, ... */
  code: string;
  /** Plain words for the owner; never contains the password. */
  message: string;
  serverVersion?: string;
  database?: string;
}

/** A file or folder the user chose; the engine keeps its path, the UI only the id. */
export interface RegisteredFile {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
}

export const appOps = {
  'app/info': op<AppInfo>()({
    input: z.object({}).strict(),
    summary: 'Version of Ferry and where it keeps its local state',
  }),
  'connection/test': op<ConnectionTestResult>()({
    input: connectionInput,
    summary: 'Try a PostgreSQL connection and say in plain words whether it works',
  }),
  'files/choose': op<{ files: RegisteredFile[] }>()({
    input: z.object({ kind: z.enum(['files', 'folder']) }).strict(),
    summary: 'Open the native dialog to choose export files or a folder (desktop app only)',
  }),
};
