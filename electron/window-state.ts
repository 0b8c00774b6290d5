import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow } from 'electron';

interface WindowState {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

const fileFor = (home: string) => path.join(home, 'window-state.json');

export function loadWindowState(home: string): WindowState {
  try {
    const s = JSON.parse(readFileSync(fileFor(home), 'utf8')) as WindowState;
    if (s.bounds.width >= 600 && s.bounds.height >= 400) return s;
  } catch {
    // first launch or unreadable: fall back to a sensible size
  }
  return { bounds: { width: 1280, height: 840 }, maximized: false };
}

export function trackWindowState(win: BrowserWindow, home: string): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
      mkdirSync(home, { recursive: true });
      writeFileSync(fileFor(home), JSON.stringify(state));
    }, 500);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', save);
}
