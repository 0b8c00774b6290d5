import { call } from '../../api/dispatch.js';
import { startHttpHost } from '../../host/http-host.js';
import type { Command } from '../command.js';

export const infoCommand: Command = {
  name: 'info',
  usage: 'ferry info [--json]',
  summary: 'Show the version and where Ferry keeps its local state',
  async run(_args, ctx) {
    const info = await call('app/info', {}, { env: ctx.env, carrier: 'cli', signal: ctx.signal });
    if (ctx.json) ctx.out(JSON.stringify(info));
    else ctx.out(`Ferry ${info.version}\nLocal state: ${info.home}\nNode ${info.node} on ${info.platform}`);
    return 0;
  },
};

export const serveCommand: Command = {
  name: 'serve',
  usage: 'ferry serve [--port N] [--json]',
  summary: 'Run Ferry in your web browser: serves the screens and the API on 127.0.0.1 only',
  options: { port: { type: 'string' } },
  async run({ values }, ctx) {
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      ctx.out('The port must be a whole number between 1 and 65535.');
      return 2;
    }
    const host = await startHttpHost(ctx.env, { port });
    if (ctx.json) ctx.out(JSON.stringify({ url: host.url, openUrl: host.openUrl, port: host.port, token: host.token }));
    else ctx.out(`Ferry is running. Open this address in your browser:\n\n  ${host.openUrl}\n\nPress Ctrl+C to stop.`);
    await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
    await host.close();
    return 0;
  },
};
