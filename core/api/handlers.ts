import type { Contract } from './contract.js';
import type { DomainHandlers } from './handler-types.js';
import { appHandlers } from './handlers/app.js';
import { compareHandlers } from './handlers/compare.js';
import { askHandlers } from './handlers/ask.js';
import { attachmentsHandlers } from './handlers/attachments.js';
import { cutoverHandlers } from './handlers/cutover.js';
import { historyHandlers } from './handlers/history.js';
import { sourceHandlers } from './handlers/source.js';
import { syncHandlers } from './handlers/sync.js';
import { workspaceHandlers } from './handlers/workspace.js';

/** Every operation's implementation; the compiler checks that none is missing. */
export const handlers: DomainHandlers<Contract> = {
  ...appHandlers,
  ...sourceHandlers,
  ...syncHandlers,
  ...historyHandlers,
  ...workspaceHandlers,
  ...cutoverHandlers,
  ...askHandlers,
  ...compareHandlers,
  ...attachmentsHandlers,
};
