import type { DomainHandlers } from '../handler-types.js';
import type { sourceOps } from '../ops/source.js';
import { inspectFiles } from '../../source/inspect.js';

export const sourceHandlers: DomainHandlers<typeof sourceOps> = {
  'source/inspect': async (input, ctx) =>
    inspectFiles(
      input.files.map((id) => ctx.env.files.resolve(id)),
      { signal: ctx.signal, progress: ctx.progress },
    ),
};
