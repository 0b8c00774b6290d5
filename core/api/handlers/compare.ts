import type { DomainHandlers } from '../handler-types.js';
import type { compareOps } from '../ops/compare.js';
import { planCompare } from '../../compare/compare.js';
import { listTables } from '../../compare/introspect.js';
import { copyAndRecord } from '../../compare/run-copy.js';
import { connectTarget } from '../../target/connect.js';

export const compareHandlers: DomainHandlers<typeof compareOps> = {
  'compare/tables': async (input, ctx) => {
    const client = await connectTarget(input.connection, ctx.env);
    try {
      return { tables: await listTables(client) };
    } finally {
      await client.end().catch(() => {});
    }
  },
  'compare/plan': (input, ctx) => planCompare(input, { env: ctx.env, signal: ctx.signal, progress: ctx.progress }),
  'compare/apply': (input, ctx) => copyAndRecord(input.spec, input.expect, ctx),
};
