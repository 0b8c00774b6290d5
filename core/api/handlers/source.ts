import type { DomainHandlers } from '../handler-types.js';
import type { sourceOps } from '../ops/source.js';

export const sourceHandlers: DomainHandlers<typeof sourceOps> = {};
