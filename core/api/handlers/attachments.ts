import type { DomainHandlers } from '../handler-types.js';
import type { attachmentsOps } from '../ops/attachments.js';
import { downloadAttachments } from '../../attachments/download.js';
import { listAttachments } from '../../attachments/list.js';
import { attachmentSchemes } from '../../attachments/schemes.js';

export const attachmentsHandlers: DomainHandlers<typeof attachmentsOps> = {
  'attachments/list': async (input, ctx) => {
    const listed = await listAttachments(
      input.files.map((id) => ctx.env.files.resolve(id)),
      { signal: ctx.signal, progress: ctx.progress },
    );
    return {
      columns: listed.columns,
      total: listed.items.length,
      defaultFolder: listed.defaultFolder,
    };
  },
  'attachments/download': async (input, ctx) => {
    // Resolve the destination first: an unknown folder id is refused before anything is read.
    const chosen = input.folder ? ctx.env.files.resolve(input.folder) : undefined;
    const listed = await listAttachments(
      input.files.map((id) => ctx.env.files.resolve(id)),
      { signal: ctx.signal, progress: ctx.progress },
    );
    return downloadAttachments(listed.items, chosen ?? listed.defaultFolder, {
      schemes: attachmentSchemes(),
      ...(input.timeoutSeconds ? { timeoutMs: input.timeoutSeconds * 1000 } : {}),
      signal: ctx.signal,
      progress: ctx.progress,
    });
  },
};
