import os from 'node:os';
import path from 'node:path';

/** Ferry's folder for local state: `--home`, else FERRY_HOME, else the OS app-data folder. */
export function resolveHome(explicit?: string): string {
  const chosen = explicit ?? process.env.FERRY_HOME;
  if (chosen) return path.resolve(chosen);
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Ferry');
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', 'Ferry');
    default:
      return path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'ferry');
  }
}
