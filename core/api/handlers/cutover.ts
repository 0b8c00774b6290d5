import type { DomainHandlers } from '../handler-types.js';
import type { cutoverOps } from '../ops/cutover.js';

export const cutoverHandlers: DomainHandlers<typeof cutoverOps> = {};
