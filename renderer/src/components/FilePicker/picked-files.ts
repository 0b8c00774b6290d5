import type { RegisteredFile } from '../../../../core/api/ops/app';

export interface PickedFiles {
  files: RegisteredFile[];
  /** The folder the files came from (desktop) or were received into (browser); re-sync looks there next time. */
  folder?: RegisteredFile;
}
