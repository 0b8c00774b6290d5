import type { InputOf, OpSpec, ResultOf } from './define.js';
import { appOps } from './ops/app.js';
import { compareOps } from './ops/compare.js';
import { askOps } from './ops/ask.js';
import { attachmentsOps } from './ops/attachments.js';
import { cutoverOps } from './ops/cutover.js';
import { historyOps } from './ops/history.js';
import { sourceOps } from './ops/source.js';
import { syncOps } from './ops/sync.js';
import { workspaceOps } from './ops/workspace.js';

/**
 * The one contract: every operation the UI (or a script through the HTTP host) may ask for.
 * Each domain declares its own group; this is the only place they meet.
 */
export const contract = {
  ...appOps,
  ...sourceOps,
  ...syncOps,
  ...historyOps,
  ...workspaceOps,
  ...cutoverOps,
  ...askOps,
  ...compareOps,
  ...attachmentsOps,
} satisfies Record<string, OpSpec>;

export type Contract = typeof contract;
export type OpName = keyof Contract & string;
export type Input<K extends OpName> = InputOf<Contract[K]>;
export type Result<K extends OpName> = ResultOf<Contract[K]>;

export const opNames = Object.keys(contract) as OpName[];

export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
