import type { Input, OpName, Result } from './contract.js';
import type { Envelope, Progress } from './define.js';

/** What the Electron preload exposes as `window.ferry`, and nothing more. */
export interface FerryBridge {
  invoke: { [K in OpName]: (input: Input<K>, callId: string) => Promise<Envelope<Result<K>>> };
  onProgress(listener: (callId: string, progress: Progress) => void): () => void;
  cancel(callId: string): void;
}
