import { contextBridge, ipcRenderer } from 'electron';
import { opNames } from '../core/api/contract.js';
import type { FerryBridge } from '../core/api/bridge.js';
import { IPC } from './messages.js';

/**
 * Exactly the contract: one function per operation, plus progress and cancel for long ones.
 * `ipcRenderer` itself is never handed to the page.
 */
const invoke = Object.fromEntries(
  opNames.map((name) => [name, (input: unknown, callId: string) => ipcRenderer.invoke(IPC.op(name), input, callId)]),
) as FerryBridge['invoke'];

const bridge = {
  invoke,
  onProgress(listener) {
    const wrapped = (_e: Electron.IpcRendererEvent, callId: string, progress: unknown) =>
      listener(String(callId), progress as Parameters<typeof listener>[1]);
    ipcRenderer.on(IPC.progress, wrapped);
    return () => void ipcRenderer.removeListener(IPC.progress, wrapped);
  },
  cancel(callId) {
    ipcRenderer.send(IPC.cancel, String(callId));
  },
} satisfies FerryBridge;

contextBridge.exposeInMainWorld('ferry', bridge);
