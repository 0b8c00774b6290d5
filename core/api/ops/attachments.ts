import { z } from 'zod';
import { op } from '../define.js';
import type { AttachmentDownloadResult, AttachmentList } from '../../attachments/types.js';

export type { AttachmentDownloadResult, AttachmentList, AttachmentColumnCount } from '../../attachments/types.js';

const files = z.array(z.string().min(1)).min(1, 'Choose at least one export file or folder.');

// Attachments: Airtable's links to attached files expire hours after the export, so Ferry offers to fetch them.
export const attachmentsOps = {
  'attachments/list': op<AttachmentList>()({
    input: z.object({ files }).strict(),
    summary: 'Count the attached files an export links to, per column, and say where they would be saved',
    long: true,
  }),
  'attachments/download': op<AttachmentDownloadResult>()({
    input: z
      .object({
        files,
        /** A folder the user chose (its id); by default `attachments` next to the export. */
        folder: z.string().min(1).optional(),
        /** Longest wait for a server to answer or send more of a file; two minutes unless said otherwise. */
        timeoutSeconds: z.number().int().min(1).max(3600).optional(),
      })
      .strict(),
    summary: 'Download the attached files an export links to, before the links expire',
    long: true,
  }),
};
