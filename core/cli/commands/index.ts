import type { Command } from '../command.js';
import { askCommand } from './ask.js';
import { attachmentsCommand } from './attachments.js';
import { infoCommand, serveCommand } from './app.js';
import { sourceCommands } from './source.js';
import { syncCommands } from './sync.js';
import { historyCommands } from './history.js';
import { cutoverCommands } from './cutover.js';
import { compareCommands } from './compare.js';

export const commands: Command[] = [
  infoCommand,
  serveCommand,
  ...sourceCommands,
  ...syncCommands,
  ...historyCommands,
  ...cutoverCommands,
  ...compareCommands,
  askCommand,
  attachmentsCommand,
];
