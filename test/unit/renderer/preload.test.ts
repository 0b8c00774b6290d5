import { beforeAll, describe, expect, it, vi } from 'vitest';
import { opNames } from '../../../core/api/contract.js';

// The preload runs inside Electron; here only its two Electron objects are stood in for, to see
// exactly what it hands to the page.
const exposed: Record<string, unknown> = {};
const ipc = {
  invoke: vi.fn(async () => ({ ok: true, value: 1 })),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: ipc,
}));

interface Bridge {
  invoke: Record<string, (input: unknown, callId: string) => Promise<unknown>>;
  onProgress(listener: (callId: string, p: unknown) => void): () => void;
  cancel(callId: string): void;
}

beforeAll(async () => {
  await import('../../../electron/preload.js');
});

describe('the preload exposes the contract and nothing else', () => {
  it('puts one object on window: invoke (one function per operation), onProgress and cancel', () => {
    expect(Object.keys(exposed)).toEqual(['ferry']);
    const bridge = exposed.ferry as Bridge;
    expect(Object.keys(bridge).sort()).toEqual(['cancel', 'invoke', 'onProgress']);
    expect(Object.keys(bridge.invoke).sort()).toEqual([...opNames].sort());
    expect(JSON.stringify(bridge)).not.toContain('ipcRenderer');
  });

  it('sends each operation on its own channel and never passes ipcRenderer through', async () => {
    const bridge = exposed.ferry as Bridge;
    await bridge.invoke['app/info']({}, 'call-1');
    expect(ipc.invoke).toHaveBeenCalledWith('ferry:op:app/info', {}, 'call-1');
    bridge.cancel('call-1');
    expect(ipc.send).toHaveBeenCalledWith('ferry:cancel', 'call-1');

    const seen: unknown[] = [];
    const off = bridge.onProgress((id, p) => seen.push([id, p]));
    const wrapped = ipc.on.mock.calls[0][1] as (e: unknown, id: unknown, p: unknown) => void;
    wrapped({ sender: 'the event object stays in the preload' }, 'call-2', { stage: 'read' });
    expect(seen).toEqual([['call-2', { stage: 'read' }]]);
    off();
    expect(ipc.removeListener).toHaveBeenCalledWith('ferry:progress', wrapped);
  });
});
