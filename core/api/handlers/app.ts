import type { DomainHandlers } from '../handler-types.js';
import type { appOps } from '../ops/app.js';
import { FerryError } from '../errors.js';
import { testConnection } from '../../target/connection-test.js';

export const appHandlers: DomainHandlers<typeof appOps> = {
  'app/info': async (_input, ctx) => ({
    name: 'Ferry',
    version: ctx.env.version,
    home: ctx.env.home,
    carrier: ctx.carrier,
    node: process.versions.node,
    platform: process.platform,
  }),
  'connection/test': async (input, ctx) => testConnection(input, ctx.env),
  'files/choose': async () => {
    throw new FerryError(
      'desktop-only',
      'Choosing files with a dialog works in the desktop app. In the browser, drop the files on the page instead.',
    );
  },
};
