import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { EventHub } from '../api/event-hub.ts';
import { RecentCases } from '../api/face-setup.ts';
import { OpenCase } from '../api/open-case.ts';
import { watchJob } from '../api/watch-job.ts';
import { registerIpc, sendEvent, trustedSender } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { electronPdfPrinter } from './print-pdf.ts';
import { clearProgress, showIngestProgress } from './window-progress.ts';
import { denyPermissions, lockDownContents, windowOptions } from './window-security.ts';

// The Electron shell only: windows, menus, dialogs and IPC. Everything else is asked of the
// case's handlers, through handleRequest, like every face does.
const root = app.getAppPath();
const appUrl = pathToFileURL(path.join(root, 'dist', 'renderer', 'index.html')).href;
const preload = path.join(root, 'dist', 'electron', 'preload.cjs');
const demoArchive = path.join(root, 'samples', 'demo-archive');

let window: BrowserWindow | null = null;
const events = new EventHub();
let cases: OpenCase;
let recentCases: RecentCases;

const liveWindow = () => (window && !window.isDestroyed() ? window : null);
const caseTitle = () => `Trailscope — ${cases.store ? path.basename(cases.store.path) : 'no case'}`;

async function openCase(casePath: string, create = false): Promise<void> {
  await cases.open(casePath, create);
  liveWindow()?.setTitle(caseTitle());
  refreshMenu();
  liveWindow()?.webContents.reload();
}

/** The demo case lives with the user's data (the app folder may be read-only); true when it must be built. */
async function openDemoCase(): Promise<boolean> {
  const demo = path.join(app.getPath('userData'), 'demo.trailscope.duckdb');
  const fresh = !fs.existsSync(demo);
  await openCase(demo, fresh);
  return fresh;
}

/**
 * Ingests into the open case as a job, like the page's own ingests, with its progress on the
 * window; the page is shown again once the job ends, so that it reads what was loaded.
 */
async function ingestInWindow(paths: string[], what: string): Promise<void> {
  const outcome = await watchJob(events.on, 'ingest', {
    start: () => cases.request('ingest:start', { paths }),
    onProgress: (progress) => {
      const shown = liveWindow();
      if (shown) showIngestProgress(shown, caseTitle(), what, progress);
    },
  });
  const shown = liveWindow();
  if (!shown) return;
  clearProgress(shown, caseTitle());
  shown.webContents.reload();
  if (!outcome.ok && outcome.error.kind !== 'cancelled')
    showError(new Error(`${what} failed: ${outcome.error.message}`));
}

function refreshMenu(): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          recent: recentCases.list(),
          openRecent: (p) => void openCase(p).catch(showError),
          openCase: () => void chooseCase().catch(showError),
          openLake: () => void chooseLake().catch(showError),
          newCaseFromArchive: () => void newCaseFromArchive().catch(showError),
          exportReport: () =>
            sendEvent(liveWindow()?.webContents ?? null, { name: 'app:show', payload: { view: 'report' } }),
        },
        process.platform === 'darwin',
      ),
    ),
  );
}

async function chooseCase(): Promise<void> {
  const choice = await dialog.showOpenDialog({
    title: 'Open case',
    properties: ['openFile'],
    filters: [{ name: 'Trailscope cases', extensions: ['duckdb'] }],
  });
  if (!choice.canceled && choice.filePaths[0]) await openCase(choice.filePaths[0]);
}

/** A folder written by `trailscope export --parquet`; it opens read-only (electron/core/lake/open-lake.ts). */
async function chooseLake(): Promise<void> {
  const choice = await dialog.showOpenDialog({ title: 'Open Parquet lake', properties: ['openDirectory'] });
  if (!choice.canceled && choice.filePaths[0]) await openCase(choice.filePaths[0]);
}

async function newCaseFromArchive(): Promise<void> {
  const inputs = await dialog.showOpenDialog({
    title: 'CloudTrail folders, files or archives',
    properties: ['openFile', 'openDirectory', 'multiSelections'],
  });
  if (inputs.canceled || inputs.filePaths.length === 0) return;
  const target = await dialog.showSaveDialog({ title: 'Save the new case as', defaultPath: 'case.trailscope.duckdb' });
  if (target.canceled || !target.filePath) return;
  await openCase(target.filePath, true);
  await ingestInWindow(inputs.filePaths, 'ingesting');
}

function showError(error: unknown): void {
  dialog.showErrorBox('Trailscope', error instanceof Error ? error.message : String(error));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    liveWindow()?.show();
    liveWindow()?.focus();
  });

  app.whenReady().then(async () => {
    recentCases = new RecentCases(path.join(app.getPath('userData'), 'recent-cases.json'));
    events.on((event) => sendEvent(liveWindow()?.webContents ?? null, event));
    cases = new OpenCase(
      events.emit,
      recentCases,
      electronPdfPrinter((options) => new BrowserWindow(options)),
    );
    denyPermissions(session.defaultSession);
    app.on('web-contents-created', (_event, contents) => lockDownContents(contents, appUrl));
    registerIpc(
      ipcMain,
      () => cases.handlers(),
      trustedSender(appUrl, () => liveWindow()?.webContents.id ?? null),
    );
    // The case opens before the window exists, so the page's first request finds it.
    const given = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => arg.endsWith('.duckdb'));
    let buildDemo = false;
    if (given) await openCase(given);
    else buildDemo = await openDemoCase();
    window = new BrowserWindow(windowOptions(preload));
    window.setTitle(caseTitle());
    window.once('ready-to-show', () => liveWindow()?.show());
    await window.loadURL(appUrl);
    if (buildDemo) await ingestInWindow([demoArchive], 'building the demo case');
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
