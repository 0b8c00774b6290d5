import fs from 'node:fs/promises';
import path from 'node:path';
import type { Progress } from '../api/define.js';
import { CancelledError, FerryError } from '../api/errors.js';
import type { ProblemRecord } from '../history/recorder.js';
import { fetchToFile, type FetchOutcome } from './fetch-file.js';
import { writeManifest, type ManifestEntry } from './manifest.js';
import { inside, safeSegment, UniqueNames } from './safe-name.js';
import type { AttachmentDownloadResult, AttachmentItem } from './types.js';

export interface DownloadOptions {
  /** Schemes that may be fetched; production passes `['https:']`. */
  schemes?: readonly string[];
  /** Downloads at a time. */
  concurrency?: number;
  /** Longest wait for a server to answer or send more of a file. */
  timeoutMs?: number;
  /** Largest file kept. */
  maxBytes?: number;
  signal?: AbortSignal;
  progress?: (p: Progress) => void;
  /** How often progress is reported while files arrive. */
  progressEveryMs?: number;
}

export const DOWNLOAD_DEFAULTS = {
  schemes: ['https:'] as readonly string[],
  concurrency: 4,
  timeoutMs: 120_000,
  maxBytes: 500 * 1024 * 1024,
};

/**
 * Saves every attachment under `folder/<table>/<record>/<name>`, a few at a time, and writes
 * `attachments.csv` listing each one and what happened to it. Failing links become problems;
 * a cancel stops every download, keeps the files already complete and leaves no partial file.
 */
export async function downloadAttachments(
  items: AttachmentItem[],
  folder: string,
  opts: DownloadOptions = {},
): Promise<AttachmentDownloadResult> {
  const root = path.resolve(folder);
  try {
    await fs.mkdir(root, { recursive: true });
  } catch {
    throw new FerryError('folder-unwritable', `Ferry cannot create the folder "${root}". Choose another folder.`);
  }
  const names = new UniqueNames();
  const entries: ManifestEntry[] = items.map((item) => {
    const dir = path.join(safeSegment(item.table, 'table'), safeSegment(item.recordKey, `row ${item.row}`));
    const relative = path.join(dir, names.claim(dir, safeSegment(item.name)));
    inside(root, relative);
    return { item, relative, status: 'cancelled' as const, bytes: 0 };
  });

  await removeStaleParts(new Set(entries.map((e) => inside(root, path.dirname(e.relative)))));
  const totalFiles = entries.length;
  let finished = 0;
  let bytes = 0;
  const report = () =>
    opts.progress?.({
      stage: 'download',
      message: `Downloading attachments: ${(bytes / 1024 / 1024).toFixed(1)} MB so far`,
      done: finished,
      total: totalFiles,
      unit: 'files',
    });
  report();
  const timer = setInterval(report, opts.progressEveryMs ?? 200);
  const fetchOpts = {
    schemes: opts.schemes ?? DOWNLOAD_DEFAULTS.schemes,
    timeoutMs: opts.timeoutMs ?? DOWNLOAD_DEFAULTS.timeoutMs,
    maxBytes: opts.maxBytes ?? DOWNLOAD_DEFAULTS.maxBytes,
    signal: opts.signal,
    onBytes: (n: number) => (bytes += n),
  };

  let next = 0;
  const worker = async () => {
    while (next < entries.length && !opts.signal?.aborted) {
      const entry = entries[next++];
      const outcome: FetchOutcome = await fetchToFile(entry.item.url, inside(root, entry.relative), fetchOpts);
      entry.status = outcome.status;
      if (outcome.status === 'failed') entry.reason = outcome.reason;
      else {
        entry.bytes = outcome.bytes;
        if (outcome.status === 'skipped' && outcome.note) entry.reason = outcome.note;
      }
      finished++;
    }
  };
  const workers = Array.from({ length: Math.max(1, opts.concurrency ?? DOWNLOAD_DEFAULTS.concurrency) }, worker);
  const settled = await Promise.allSettled(workers);
  clearInterval(timer);
  const manifest = path.join(root, 'attachments.csv');
  await writeManifest(manifest, entries);
  const broken = settled.find((s) => s.status === 'rejected');
  if (broken || opts.signal?.aborted) {
    const reason = broken?.status === 'rejected' ? broken.reason : new CancelledError();
    if (reason instanceof CancelledError) {
      const saved = entries.filter((e) => e.status === 'saved').length;
      throw new FerryError(
        'cancelled',
        `Stopped because you cancelled. ${saved} file${saved === 1 ? ' was' : 's were'} saved in full and kept; no file was left half written. Run it again to fetch the rest.`,
      );
    }
    throw reason;
  }
  report();

  const problems: ProblemRecord[] = entries
    .filter((e) => e.status === 'failed')
    .map((e) => ({
      file: e.item.file,
      table: e.item.table,
      row: e.item.row,
      column: e.item.column,
      value: `${e.item.name} (${e.item.url})`,
      reason: e.reason ?? 'The file could not be downloaded.',
      stage: 'download',
      action: 'skipped',
    }));
  const count = (s: string) => entries.filter((e) => e.status === s).length;
  return {
    folder: root,
    manifest,
    total: totalFiles,
    saved: count('saved'),
    skipped: count('skipped'),
    failed: count('failed'),
    bytes,
    problems,
  };
}

/** What `fetchToFile` names a file while it arrives: `.<name>.<8 hex>.part`. */
const PART = /^\..+\.[0-9a-f]{8}\.part$/;

/**
 * Parts left by a Ferry that was killed mid-download (a cancel removes its own), in the folders
 * this run writes to only: the chosen folder may be a big one the user also keeps other things in.
 */
async function removeStaleParts(dirs: Set<string>): Promise<void> {
  for (const dir of dirs) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (PART.test(name)) await fs.rm(path.join(dir, name), { force: true });
  }
}
