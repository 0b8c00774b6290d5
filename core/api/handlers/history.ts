import type { DomainHandlers } from '../handler-types.js';
import type { historyOps } from '../ops/history.js';

export const historyHandlers: DomainHandlers<typeof historyOps> = {};
