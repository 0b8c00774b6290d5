import type { Command } from '../command.js';

export const cutoverCommands: Command[] = [];
