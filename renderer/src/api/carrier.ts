import type { FerryBridge } from '../../../core/api/bridge';
import type { OpName } from '../../../core/api/contract';
import type { Envelope, Progress } from '../../../core/api/define';

/** How calls reach the engine: Electron IPC through the preload, or the local HTTP host. */
export interface Carrier {
  kind: 'electron' | 'http';
  call(
    op: OpName,
    input: unknown,
    options: { onProgress?: (p: Progress) => void; signal?: AbortSignal },
  ): Promise<Envelope<unknown>>;
  /** Browser only: send a dropped file's bytes to the engine. */
  upload?(file: File, batch: string): Promise<Envelope<unknown>>;
}

declare global {
  interface Window {
    ferry?: FerryBridge;
  }
}

export function pickCarrier(): Carrier {
  return window.ferry ? ipcCarrier(window.ferry) : httpCarrier(takeToken());
}

function ipcCarrier(bridge: FerryBridge): Carrier {
  const listeners = new Map<string, (p: Progress) => void>();
  bridge.onProgress((callId, progress) => listeners.get(callId)?.(progress));
  return {
    kind: 'electron',
    async call(op, input, { onProgress, signal }) {
      const callId = crypto.randomUUID();
      if (onProgress) listeners.set(callId, onProgress);
      const onAbort = () => bridge.cancel(callId);
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const fn = bridge.invoke[op] as (input: unknown, callId: string) => Promise<Envelope<unknown>>;
        return await fn(input, callId);
      } finally {
        listeners.delete(callId);
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** The token arrives once in the address (#token=…); it is kept for this tab and removed from view. */
function takeToken(): string {
  const match = /token=([\w-]+)/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem('ferry-token', match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem('ferry-token') ?? '';
}

function httpCarrier(token: string): Carrier {
  const headers = { authorization: `Bearer ${token}` };
  return {
    kind: 'http',
    async call(op, input, { onProgress, signal }) {
      let res: Response;
      try {
        res = await fetch(`/api/call/${encodeURIComponent(op)}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          signal,
        });
      } catch {
        if (signal?.aborted)
          return { ok: false, error: { code: 'cancelled', message: 'Stopped because you cancelled.' } };
        return {
          ok: false,
          error: { code: 'host-gone', message: 'Ferry is not answering. Check that "ferry serve" is still running.' },
        };
      }
      if (!res.ok || !res.body)
        return (
          (await res.json().catch(() => null)) ?? {
            ok: false,
            error: { code: 'http', message: `Ferry answered ${res.status}.` },
          }
        );
      return readNdjson(res.body, onProgress);
    },
    async upload(file, batch) {
      const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}&batch=${encodeURIComponent(batch)}`, {
        method: 'POST',
        headers,
        body: file,
      });
      return (await res.json()) as Envelope<unknown>;
    },
  };
}

async function readNdjson(
  body: ReadableStream<Uint8Array>,
  onProgress?: (p: Progress) => void,
): Promise<Envelope<unknown>> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const msg = JSON.parse(line) as { progress?: Progress; result?: Envelope<unknown> };
      if (msg.progress) onProgress?.(msg.progress);
      if (msg.result) {
        // The result is the last line: let the browser have its connection back now.
        void reader.cancel().catch(() => {});
        return msg.result;
      }
    }
    if (done)
      return { ok: false, error: { code: 'host-gone', message: 'Ferry stopped answering before the work finished.' } };
  }
}
