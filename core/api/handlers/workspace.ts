import type { DomainHandlers } from '../handler-types.js';
import type { workspaceOps } from '../ops/workspace.js';

export const workspaceHandlers: DomainHandlers<typeof workspaceOps> = {};
