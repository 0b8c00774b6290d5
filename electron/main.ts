import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, utilityProcess } from 'electron';
import { isOpName, opNames } from '../core/api/contract.js';
import type { Envelope } from '../core/api/define.js';
import { resolveHome } from '../core/env/home.js';
import { CONTENT_SECURITY_POLICY } from '../core/host/csp.js';
import { IPC, type FromEngine, type ToEngine } from './messages.js';
import { openChooser } from './file-chooser.js';
import { keychainFile } from './keychain.js';
import { buildMenu } from './menu.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const home = resolveHome();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // Every web contents, present and future: no webviews, no new windows, no navigation away.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedSender(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedSender(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      // Links to the web (help pages) open in the user's browser; nothing opens inside Ferry.
      if (/^https:\/\//.test(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  const engine = utilityProcess.fork(path.join(__dirname, 'engine.js'), [`--ferry-home=${home}`], {
    serviceName: 'Ferry engine',
  });
  const keychain = keychainFile(home, safeStorage);
  const calls = new Map<string, { resolve: (r: Envelope<unknown>) => void; sender: Electron.WebContents }>();
  const registrations = new Map<string, (m: Extract<FromEngine, { type: 'registered' }>) => void>();
  const send = (m: ToEngine) => engine.postMessage(m);

  engine.on('message', async (m: FromEngine) => {
    switch (m.type) {
      case 'progress': {
        const c = calls.get(m.callId);
        if (c && !c.sender.isDestroyed()) c.sender.send(IPC.progress, m.callId, m.progress);
        break;
      }
      case 'result':
        calls.get(m.callId)?.resolve(m.result);
        calls.delete(m.callId);
        break;
      case 'registered':
        registrations.get(m.requestId)?.(m);
        registrations.delete(m.requestId);
        break;
      case 'secret':
        send({ type: 'secret-reply', requestId: m.requestId, value: await keychain[m.action](m.ref, m.value ?? '') });
        break;
    }
  });

  const registerPaths = (paths: string[]) =>
    new Promise<Extract<FromEngine, { type: 'registered' }>>((resolve) => {
      const requestId = randomUUID();
      registrations.set(requestId, resolve);
      send({ type: 'register', requestId, paths });
    });

  for (const name of opNames) {
    ipcMain.handle(IPC.op(name), async (event, input: unknown, callId: unknown) => {
      // Only Ferry's own page, in its top frame (never a frame inside it), may call the engine.
      const frame = event.senderFrame;
      if (
        !frame ||
        frame.parent !== null ||
        !isTrustedSender(frame.url) ||
        !isOpName(name) ||
        typeof callId !== 'string'
      ) {
        return { ok: false, error: { code: 'not-authorised', message: 'This request did not come from Ferry.' } };
      }
      // Choosing files is the one operation the shell answers itself: it owns the native dialogs.
      if (name === 'files/choose') {
        const win = BrowserWindow.fromWebContents(event.sender);
        const paths = await openChooser(win, input);
        if (!paths.length) return { ok: true, value: { files: [] } };
        const reply = await registerPaths(paths);
        return reply.error
          ? { ok: false, error: { code: 'file-missing', message: reply.error } }
          : { ok: true, value: { files: reply.files } };
      }
      return new Promise<Envelope<unknown>>((resolve) => {
        calls.set(callId, { resolve, sender: event.sender });
        send({ type: 'call', callId, op: name, input });
      });
    });
  }
  ipcMain.on(IPC.cancel, (event, callId: unknown) => {
    if (isTrustedSender(event.senderFrame?.url) && typeof callId === 'string') send({ type: 'cancel', callId });
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  Menu.setApplicationMenu(buildMenu(home));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    engine.kill();
    if (process.platform !== 'darwin') app.quit();
  });
}

function createWindow(): void {
  const state = loadWindowState(home);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Ferry',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, home);
  win.once('ready-to-show', () => win.show());
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(path.join(__dirname, '../renderer/index.html'));
}

function isTrustedSender(url: string | undefined): boolean {
  if (!url) return false;
  if (process.env.ELECTRON_RENDERER_URL && url.startsWith(process.env.ELECTRON_RENDERER_URL)) return true;
  return url.startsWith('file://') && url.includes('/renderer/index.html');
}
