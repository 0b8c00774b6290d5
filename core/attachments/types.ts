/** Shapes of the attachments domain. Node-free: the UI reads these types too. */
import type { ProblemRecord } from '../history/recorder.js';

/** One attached file named by an export cell. */
export interface AttachmentItem {
  table: string;
  /** File name of the export the cell came from. */
  file: string;
  /** Row number a person sees in the export (header is row 1). */
  row: number;
  /** The record's key (Airtable id or primary field), or `row N` when it has none. */
  recordKey: string;
  column: string;
  /** The attachment's name as the export gives it (not yet made safe for a disk). */
  name: string;
  url: string;
}

export interface AttachmentColumnCount {
  table: string;
  column: string;
  /** Records with at least one attachment in this column. */
  records: number;
  /** Attachments named in this column. */
  files: number;
}

export interface AttachmentList {
  columns: AttachmentColumnCount[];
  total: number;
  /** Where the files go unless the user chooses another folder. */
  defaultFolder: string;
}

export type AttachmentStatus = 'saved' | 'skipped' | 'failed' | 'cancelled';

export interface AttachmentDownloadResult {
  /** Absolute folder the files were saved in. */
  folder: string;
  /** The manifest listing every attachment and what happened to it. */
  manifest: string;
  total: number;
  saved: number;
  /** Already in the folder with the same size (or saved earlier, its link no longer checked). */
  skipped: number;
  failed: number;
  /** Bytes written by this run. */
  bytes: number;
  /** One per failed attachment: file, row, column, value (the link) and the reason in plain words. */
  problems: ProblemRecord[];
}
