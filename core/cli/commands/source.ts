import type { Command } from '../command.js';

export const sourceCommands: Command[] = [];
