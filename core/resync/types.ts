/** Node-free: the re-sync screen reads these through the contract. */
import type { FileFingerprint, TableCounts } from '../history/recorder.js';

export interface PickedFile {
  /** Source table of the saved export set. */
  table: string;
  /** The newest file found for it (name only; the engine keeps the path). */
  name: string;
  /** File id registered for it, usable in `sync/plan`. */
  fileId: string;
  modifiedAt?: string;
  changed: boolean;
}

export interface ResyncCheck {
  /** True when every file's fingerprint matches the last sync: nothing to do. */
  nothingNew: boolean;
  /** When the export set was last synced. */
  since?: string;
  picked: PickedFile[];
  /** Tables of the saved export set for which no file was found. */
  missing: string[];
  /** Files given that belong to no table of the saved export set. */
  ignored: string[];
  /** One line for a person. */
  message: string;
}

export interface ResyncOutcome extends ResyncCheck {
  status: 'nothing-new' | 'applied' | 'stopped';
  /** The applied run, when there was one. */
  runId?: string;
  planId?: string;
  tables?: Record<string, TableCounts>;
  /** Why it stopped without writing, in plain words. */
  reason?: string;
  files?: FileFingerprint[];
}
