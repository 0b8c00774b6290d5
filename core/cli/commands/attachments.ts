import fs from 'node:fs/promises';
import path from 'node:path';
import { call } from '../../api/dispatch.js';
import { FerryError } from '../../api/errors.js';
import type { AttachmentDownloadResult } from '../../attachments/types.js';
import type { Command } from '../command.js';
import { cliCtx } from '../target-workspace.js';

export const attachmentsCommand: Command = {
  name: 'attachments',
  usage: 'ferry attachments FOLDER|FILE… [--out DIR] [--timeout SECONDS] [--json]',
  summary: 'Download the files an Airtable export links to, before the links expire',
  options: { out: { type: 'string' }, timeout: { type: 'string' } },
  async run({ values, positionals }, ctx) {
    if (positionals.length === 0) {
      ctx.out('Name the export folder or files, e.g. ferry attachments ~/Downloads/my-export --out ~/attachments');
      return 2;
    }
    const files: string[] = [];
    for (const p of positionals) files.push((await ctx.env.files.register(p)).id);
    let folder: string | undefined;
    if (typeof values.out === 'string' && values.out) {
      const out = path.resolve(values.out);
      try {
        await fs.mkdir(out, { recursive: true });
      } catch {
        throw new FerryError('folder-unwritable', `Ferry cannot create the folder "${out}". Choose another folder.`);
      }
      folder = (await ctx.env.files.register(out)).id;
    }
    const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeoutSeconds !== undefined && !(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1)) {
      throw new FerryError('invalid-input', 'Give --timeout as a whole number of seconds, e.g. --timeout 60.');
    }
    const result = await call(
      'attachments/download',
      { files, ...(folder ? { folder } : {}), ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) },
      cliCtx(ctx),
    );
    ctx.out(ctx.json ? JSON.stringify(result) : describe(result));
    return result.failed > 0 ? 1 : 0;
  },
};

function describe(r: AttachmentDownloadResult): string {
  if (r.total === 0) return 'The export links to no attachments: there is nothing to download.';
  const lines = [
    `${r.saved} saved (${size(r.bytes)}), ${r.skipped} already there, ${r.failed} failed, of ${r.total} attachment${r.total === 1 ? '' : 's'}.`,
    `Folder: ${r.folder}`,
    `List of every file: ${r.manifest}`,
  ];
  for (const p of r.problems.slice(0, 20)) {
    lines.push(`  ${p.table} row ${p.row}, ${p.column}: ${p.value}\n    ${p.reason}`);
  }
  if (r.problems.length > 20) lines.push(`  … and ${r.problems.length - 20} more (see the list of every file)`);
  return lines.join('\n');
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
