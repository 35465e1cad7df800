import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCase(): void;
  openLake(): void;
  newCaseFromArchive(): void;
  openRecent(casePath: string): void;
  exportReport(): void;
  recent: string[];
}

/** The application menu. Export Report opens the report builder, where findings are ordered and formats chosen. */
export function menuTemplate(actions: MenuActions, isMac: boolean): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: actions.openCase },
      { label: 'Open Parquet Lake…', click: actions.openLake },
      { label: 'New Case from Archive…', accelerator: 'CmdOrCtrl+N', click: actions.newCaseFromArchive },
      {
        label: 'Recent Cases',
        submenu: actions.recent.length
          ? actions.recent.map((p) => ({ label: p, click: () => actions.openRecent(p) }))
          : [{ label: 'None yet', enabled: false }],
      },
      { type: 'separator' },
      { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: actions.exportReport },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
