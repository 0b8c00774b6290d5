import { randomUUID } from 'node:crypto';
import { dispatch } from '../core/api/dispatch.js';
import { createEnv } from '../core/env/env.js';
import type { SecretStore } from '../core/env/secrets.js';
import type { FromEngine, ToEngine } from './messages.js';

/**
 * The engine runs here, in an Electron utility process, so a million-row sync never blocks the
 * window. It only speaks the contract with the main process.
 */
const port = process.parentPort;
const home = process.argv.find((a) => a.startsWith('--ferry-home='))?.slice('--ferry-home='.length);
const pendingSecrets = new Map<string, (value: string | undefined) => void>();
const running = new Map<string, AbortController>();

const post = (m: FromEngine) => port.postMessage(m);

function askMain(action: 'get' | 'set' | 'delete', ref: string, value?: string): Promise<string | undefined> {
  const requestId = randomUUID();
  return new Promise((resolve) => {
    pendingSecrets.set(requestId, resolve);
    post({ type: 'secret', requestId, action, ref, value });
  });
}

const keychain: SecretStore = {
  kind: 'os-keychain',
  get: (ref) => askMain('get', ref),
  set: async (ref, value) => void (await askMain('set', ref, value)),
  delete: async (ref) => void (await askMain('delete', ref)),
};

const env = createEnv({ home, secrets: keychain });

port.on('message', async ({ data }: { data: ToEngine }) => {
  switch (data.type) {
    case 'call': {
      const controller = new AbortController();
      running.set(data.callId, controller);
      const result = await dispatch(data.op, data.input, {
        env,
        carrier: 'electron',
        signal: controller.signal,
        progress: (progress) => post({ type: 'progress', callId: data.callId, progress }),
      });
      running.delete(data.callId);
      post({ type: 'result', callId: data.callId, result });
      break;
    }
    case 'cancel':
      running.get(data.callId)?.abort();
      break;
    case 'register':
      try {
        const files = await Promise.all(data.paths.map((p) => env.files.register(p)));
        post({ type: 'registered', requestId: data.requestId, files });
      } catch (err) {
        post({ type: 'registered', requestId: data.requestId, files: [], error: (err as Error).message });
      }
      break;
    case 'secret-reply':
      pendingSecrets.get(data.requestId)?.(data.value);
      pendingSecrets.delete(data.requestId);
      break;
  }
});

process.on('exit', () => void env.close());
