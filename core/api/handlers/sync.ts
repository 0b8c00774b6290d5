import type { DomainHandlers } from '../handler-types.js';
import type { syncOps } from '../ops/sync.js';

export const syncHandlers: DomainHandlers<typeof syncOps> = {};
