import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, session } from 'electron';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { OpenCase } from '../api/open-case.ts';
import { ingest } from '../core/ingest/ingest.ts';
import { registerIpc, sendEvent, trustedSender } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { electronPdfPrinter } from './print-pdf.ts';
import { RecentCases } from '../core/case/recent-cases.ts';
import { denyPermissions, lockDownContents, windowOptions } from './window-security.ts';

// The Electron shell only: windows, menus, dialogs and IPC. Everything else is electron/core.
const root = app.getAppPath();
const appUrl = pathToFileURL(path.join(root, 'dist', 'renderer', 'index.html')).href;
const preload = path.join(root, 'dist', 'electron', 'preload.cjs');
const demoArchive = path.join(root, 'samples', 'demo-archive');

let window: BrowserWindow | null = null;
let cases: OpenCase;
let recentCases: RecentCases;

async function openCase(casePath: string, create = false): Promise<void> {
  const store = await cases.open(casePath, create);
  window?.setTitle(`Trailscope — ${path.basename(store.path)}`);
  refreshMenu();
  window?.webContents.reload();
}

/** The demo case lives with the user's data (the app folder may be read-only) and is built on first run. */
async function openDemoCase(): Promise<void> {
  const demo = path.join(app.getPath('userData'), 'demo.trailscope.duckdb');
  const fresh = !fs.existsSync(demo);
  await openCase(demo, fresh);
  if (fresh) await ingest(cases.store!, [demoArchive]);
}

function refreshMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          recent: recentCases.list(),
          openRecent: (p) => void openCase(p).catch(showError),
          openCase: () => void chooseCase().catch(showError),
          newCaseFromArchive: () => void newCaseFromArchive().catch(showError),
          exportReport: () => sendEvent(window?.webContents ?? null, { name: 'app:show', payload: { view: 'report' } }),
        },
        process.platform === 'darwin',
      ),
    ),
  );
}

async function chooseCase(): Promise<void> {
  const choice = await dialog.showOpenDialog({ title: 'Open case', properties: ['openFile'], filters: [{ name: 'Trailscope cases', extensions: ['duckdb'] }] });
  if (!choice.canceled && choice.filePaths[0]) await openCase(choice.filePaths[0]);
}

async function newCaseFromArchive(): Promise<void> {
  const inputs = await dialog.showOpenDialog({ title: 'CloudTrail folders, files or archives', properties: ['openFile', 'openDirectory', 'multiSelections'] });
  if (inputs.canceled || inputs.filePaths.length === 0) return;
  const target = await dialog.showSaveDialog({ title: 'Save the new case as', defaultPath: 'case.trailscope.duckdb' });
  if (target.canceled || !target.filePath) return;
  await openCase(target.filePath, true);
  await cases.handlers()['ingest:start']({ paths: inputs.filePaths });
}

function showError(error: unknown): void {
  dialog.showErrorBox('Trailscope', error instanceof Error ? error.message : String(error));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    window?.show();
    window?.focus();
  });

  app.whenReady().then(async () => {
    recentCases = new RecentCases(path.join(app.getPath('userData'), 'recent-cases.json'));
    cases = new OpenCase((name, payload) => sendEvent(window?.webContents ?? null, { name, payload } as ApiEvent), recentCases, electronPdfPrinter((options) => new BrowserWindow(options)));
    denyPermissions(session.defaultSession);
    app.on('web-contents-created', (_event, contents) => lockDownContents(contents, appUrl));
    registerIpc(ipcMain, () => cases.handlers(), trustedSender(appUrl, () => window?.webContents.id ?? null));
    // The case opens before the window exists, so the page's first request finds it.
    const given = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => arg.endsWith('.duckdb'));
    if (given) await openCase(given);
    else await openDemoCase();
    window = new BrowserWindow(windowOptions(preload));
    window.setTitle(`Trailscope — ${path.basename(cases.store!.path)}`);
    window.once('ready-to-show', () => window?.show());
    await window.loadURL(appUrl);
  }, showError);

  app.on('window-all-closed', () => app.quit());

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void cases.close().finally(() => app.quit());
  });
}
