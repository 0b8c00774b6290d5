import type { Envelope, Progress } from '../core/api/define.js';
import type { RegisteredFile } from '../core/env/file-registry.js';

/** Main process → engine process. Never reaches the renderer. */
export type ToEngine =
  | { type: 'call'; callId: string; op: string; input: unknown }
  | { type: 'cancel'; callId: string }
  | { type: 'register'; requestId: string; paths: string[] }
  | { type: 'secret-reply'; requestId: string; value?: string };

/** Engine process → main process. */
export type FromEngine =
  | { type: 'progress'; callId: string; progress: Progress }
  | { type: 'result'; callId: string; result: Envelope<unknown> }
  | { type: 'registered'; requestId: string; files: RegisteredFile[]; error?: string }
  | { type: 'secret'; requestId: string; action: 'get' | 'set' | 'delete'; ref: string; value?: string };

export const IPC = {
  op: (name: string) => `ferry:op:${name}`,
  progress: 'ferry:progress',
  cancel: 'ferry:cancel',
} as const;
