import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

/** The standard menus, plus a way to find where Ferry keeps its history and the local database. */
export function buildMenu(home: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: "Show Ferry's folder", click: () => void shell.openPath(home) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'About PostgreSQL', click: () => void shell.openExternal('https://www.postgresql.org/about/') },
        {
          label: 'Exporting from Airtable',
          click: () => void shell.openExternal('https://support.airtable.com/docs/csv-import-and-export'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
