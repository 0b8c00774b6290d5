import type { Command } from '../command.js';

export const syncCommands: Command[] = [];
