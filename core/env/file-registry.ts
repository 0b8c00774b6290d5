import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FerryError } from '../api/errors.js';
import type { RegisteredFile } from '../api/ops/app.js';

export type { RegisteredFile };

/**
 * Paths the user chose (a native dialog, an upload, the command line) get an opaque id; the UI
 * only ever sends ids back, so no carrier trusts a path that came from a web page.
 */
export class FileRegistry {
  private readonly byId = new Map<string, { path: string; file: RegisteredFile }>();

  async register(filePath: string): Promise<RegisteredFile> {
    const resolved = path.resolve(filePath);
    let stat;
    try {
      stat = await fs.stat(resolved);
    } catch {
      throw new FerryError(
        'file-missing',
        `Ferry could not find "${path.basename(resolved)}". It may have been moved or deleted.`,
      );
    }
    if (!stat.isFile() && !stat.isDirectory()) {
      throw new FerryError('not-a-file', `"${path.basename(resolved)}" is not a file or a folder.`);
    }
    for (const entry of this.byId.values()) if (entry.path === resolved) return entry.file;
    const file: RegisteredFile = {
      id: randomUUID(),
      name: path.basename(resolved),
      kind: stat.isDirectory() ? 'folder' : 'file',
      size: stat.isFile() ? stat.size : 0,
    };
    this.byId.set(file.id, { path: resolved, file });
    return file;
  }

  /** The path behind an id; unknown ids are refused in plain words. */
  resolve(id: string): string {
    const entry = this.byId.get(id);
    if (!entry) throw new FerryError('file-unknown', 'That file is no longer available. Choose it again.');
    return entry.path;
  }

  describe(id: string): RegisteredFile | undefined {
    return this.byId.get(id)?.file;
  }
}
