import { dialog, type BrowserWindow } from 'electron';

const EXPORT_FILTERS = [
  { name: 'Exports (CSV, Excel, JSON, XML)', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'json', 'ndjson', 'xml'] },
  { name: 'All files', extensions: ['*'] },
];

/** Native file or folder dialog; the chosen paths go to the engine, the page only gets ids. */
export async function openChooser(win: BrowserWindow | null, input: unknown): Promise<string[]> {
  const folder = typeof input === 'object' && input !== null && (input as { kind?: unknown }).kind === 'folder';
  const options: Electron.OpenDialogOptions = folder
    ? { title: 'Choose the folder with your export', properties: ['openDirectory'] }
    : { title: 'Choose your export files', properties: ['openFile', 'multiSelections'], filters: EXPORT_FILTERS };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}
