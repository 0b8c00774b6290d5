import type { Command } from '../command.js';

export const historyCommands: Command[] = [];
