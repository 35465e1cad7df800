import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { AllHandlers } from '../../electron/api/handlers.ts';
import { RecentCases } from '../../electron/core/case/recent-cases.ts';
import { registerIpc, trustedSender } from '../../electron/main/ipc.ts';
import { menuTemplate } from '../../electron/main/menu.ts';
import { electronPdfPrinter } from '../../electron/main/print-pdf.ts';
import { clearProgress, showIngestProgress } from '../../electron/main/window-progress.ts';
import { denyPermissions, lockDownContents, windowOptions } from '../../electron/main/window-security.ts';
import { requestNames } from '../../shared/api/contract.ts';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

const APP_URL = 'file:///opt/trailscope/dist/renderer/index.html';

type Listener = (...args: unknown[]) => unknown;

/** Just enough of Electron's objects to record what the shell asks of them. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Listener = () => undefined;
  return {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: Listener) => (openHandler = handler),
    fire: (name: string, ...args: unknown[]) => listeners.get(name)?.(...args),
    open: (url: string) => openHandler({ url }),
  };
}

function ipcEvent(url: string, options: { subframe?: boolean; senderId?: number } = {}) {
  return { sender: { id: options.senderId ?? 7 }, senderFrame: { url, parent: options.subframe ? {} : null } };
}

describe('the Electron window', () => {
  it('isolates the page: sandbox, context isolation, no Node, web security on', () => {
    expect(windowOptions('/p/preload.cjs').webPreferences).toMatchObject({
      preload: '/p/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('refuses navigation away from the app, new windows and webviews', () => {
    const contents = fakeContents();
    lockDownContents(contents as never, APP_URL);
    const elsewhere = { preventDefault: vi.fn() };
    contents.fire('will-navigate', elsewhere, 'https://attacker.example/');
    expect(elsewhere.preventDefault).toHaveBeenCalled();
    const reload = { preventDefault: vi.fn() };
    contents.fire('will-navigate', reload, APP_URL);
    expect(reload.preventDefault).not.toHaveBeenCalled();
    expect(contents.open('https://attacker.example/')).toEqual({ action: 'deny' });
    const webview = { preventDefault: vi.fn() };
    contents.fire('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    let request: Listener = () => undefined;
    let check: Listener = () => true;
    denyPermissions({
      setPermissionRequestHandler: (h: Listener) => (request = h),
      setPermissionCheckHandler: (h: Listener) => (check = h),
    } as never);
    const callback = vi.fn();
    request(null, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(check(null, 'clipboard-read')).toBe(false);
  });
});

describe('IPC derived from the contract', () => {
  const registered = new Map<string, Listener>();
  const handlers = { 'case:describe': vi.fn(async () => ({ path: 'x', events: 1 })) } as unknown as AllHandlers;
  registerIpc(
    { handle: (channel: string, listener: Listener) => registered.set(channel, listener) } as never,
    () => handlers,
    trustedSender(APP_URL, () => 7),
  );

  it('registers exactly one handler per request of the contract', () => {
    expect([...registered.keys()].sort()).toEqual([...requestNames].sort());
  });

  it('answers the app page, and refuses other pages, subframes and other windows before parsing', async () => {
    expect(await registered.get('case:describe')!(ipcEvent(APP_URL), {})).toEqual({
      ok: true,
      value: { path: 'x', events: 1 },
    });
    for (const event of [
      ipcEvent('https://attacker.example/'),
      ipcEvent(APP_URL, { subframe: true }),
      ipcEvent(APP_URL, { senderId: 8 }),
    ]) {
      expect(await registered.get('case:describe')!(event, {})).toMatchObject({ ok: false, error: { kind: 'usage' } });
    }
    expect(handlers['case:describe']).toHaveBeenCalledTimes(1);
  });

  it('validates params against the contract schema', async () => {
    expect(await registered.get('ingest:start')!(ipcEvent(APP_URL), { paths: 'not-a-list' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringContaining('ingest:start: paths:') },
    });
  });
});

describe('the preload', () => {
  it('exposes one named function per request and an event subscription, nothing else', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoke = vi.fn(async () => ({ ok: true, value: 1 }));
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: { invoke, on: vi.fn(), removeListener: vi.fn() },
    }));
    await import('../../electron/preload/preload.ts');
    const bridge = exposed.get('trailscope')!;
    expect(Object.keys(bridge).sort()).toEqual([...requestNames, 'onEvent'].sort());
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
    await (bridge['query:run'] as (p: unknown) => Promise<unknown>)({ sql: 'SELECT 1' });
    expect(invoke).toHaveBeenCalledWith('query:run', { sql: 'SELECT 1' });
    vi.doUnmock('electron');
  });
});

describe('the application menu', () => {
  const dir = tempDir();

  it('offers open, open lake, new from archive, recent cases and export report', () => {
    const exportReport = vi.fn();
    const file = menuTemplate(
      {
        openCase: vi.fn(),
        openLake: vi.fn(),
        newCaseFromArchive: vi.fn(),
        openRecent: vi.fn(),
        exportReport,
        recent: ['/cases/a.duckdb'],
      },
      false,
    ).find((m) => m.label === 'File')!;
    const items = file.submenu as {
      label?: string;
      enabled?: boolean;
      click?: () => void;
      submenu?: { label: string }[];
    }[];
    expect(items.map((i) => i.label).filter(Boolean)).toEqual([
      'Open Case…',
      'Open Parquet Lake…',
      'New Case from Archive…',
      'Recent Cases',
      'Export Report…',
    ]);
    items.find((i) => i.label === 'Export Report…')!.click!();
    expect(exportReport).toHaveBeenCalled();
    expect(items.find((i) => i.label === 'Recent Cases')!.submenu!.map((i) => i.label)).toEqual(['/cases/a.duckdb']);
  });

  it('remembers recent cases newest first, without duplicates or vanished files', () => {
    const a = path.join(dir, 'a.duckdb');
    const b = path.join(dir, 'b.duckdb');
    fs.writeFileSync(a, '');
    fs.writeFileSync(b, '');
    const recent = new RecentCases(path.join(dir, 'recent.json'));
    recent.add(a);
    recent.add(b);
    recent.add(a);
    recent.add(path.join(dir, 'gone.duckdb'));
    expect(recent.list()).toEqual([a, b]);
  });
});

describe('printing a report to PDF on the desktop', () => {
  const dir = tempDir();

  function fakeWindow(pdf: Promise<Buffer>) {
    let destroyed = false;
    return {
      loadFile: vi.fn(async () => undefined),
      webContents: { printToPDF: vi.fn(() => pdf) },
      destroy: vi.fn(() => (destroyed = true)),
      isDestroyed: () => destroyed,
    };
  }

  it('prints in a hidden window with no script, no Node and no preload, then closes it', async () => {
    const window = fakeWindow(Promise.resolve(Buffer.from('%PDF-1.4 test')));
    const create = vi.fn((_options: unknown) => window);
    const out = path.join(dir, 'r.pdf');
    await electronPdfPrinter(create as never)('/cases/r.print.html', out);
    expect(create.mock.calls[0]![0]).toMatchObject({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    expect((create.mock.calls[0]![0] as { webPreferences: object }).webPreferences).not.toHaveProperty('preload');
    expect(window.loadFile).toHaveBeenCalledWith('/cases/r.print.html');
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, preferCSSPageSize: true });
    expect(fs.readFileSync(out, 'utf8')).toBe('%PDF-1.4 test');
    expect(window.destroy).toHaveBeenCalled();
  });

  it('closes the window when printing fails', async () => {
    const window = fakeWindow(Promise.reject(new Error('printing failed')));
    await expect(electronPdfPrinter((() => window) as never)('/x.html', path.join(dir, 'x.pdf'))).rejects.toThrow(
      'printing failed',
    );
    expect(window.destroy).toHaveBeenCalledTimes(1);
  });

  it('closes the window at once when the report is cancelled, and writes nothing', async () => {
    const window = fakeWindow(new Promise<Buffer>(() => undefined));
    const abort = new AbortController();
    window.webContents.printToPDF.mockImplementation(() => {
      abort.abort();
      return Promise.reject(new Error('Object has been destroyed'));
    });
    const out = path.join(dir, 'cancelled.pdf');
    await expect(electronPdfPrinter((() => window) as never)('/x.html', out, abort.signal)).rejects.toThrow();
    expect(window.destroy).toHaveBeenCalledTimes(1);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('an ingest the shell starts, shown on the window', () => {
  const progress = (fraction: number, phase: IngestProgress['phase'] = 'loading'): IngestProgress => ({
    kind: 'ingest',
    phase,
    filesDone: 120,
    filesSeen: 239,
    bytesDone: 800,
    bytesTotal: 1000,
    records: 2048,
    recordsCommitted: 1024,
    eventsAdded: 1000,
    batchesCommitted: 2,
    batchesTotal: null,
    committing: null,
    conflicts: 0,
    errors: 0,
    fraction,
    elapsedSeconds: 1,
    eventsPerSecond: 2000,
    etaSeconds: 1,
    currentPath: null,
  });
  const fakeWindow = () => ({ setTitle: vi.fn(), setProgressBar: vi.fn() });

  it('shows how far it is on the taskbar and what it is in the title, then clears both', () => {
    const window = fakeWindow();
    showIngestProgress(window, 'Trailscope — demo.trailscope.duckdb', 'building the demo case', progress(0.25));
    expect(window.setProgressBar).toHaveBeenLastCalledWith(0.25);
    expect(window.setTitle).toHaveBeenLastCalledWith(
      'Trailscope — demo.trailscope.duckdb — building the demo case: 120 of 239 files, 2,048 records',
    );
    showIngestProgress(window, 'Trailscope — demo.trailscope.duckdb', 'building the demo case', {
      ...progress(0.5, 'committing'),
      batchesTotal: 4,
    });
    expect(window.setProgressBar).toHaveBeenLastCalledWith(0.5);
    expect(window.setTitle).toHaveBeenLastCalledWith(
      'Trailscope — demo.trailscope.duckdb — building the demo case: every file read, 1,024 of 2,048 records committed',
    );
    clearProgress(window, 'Trailscope — demo.trailscope.duckdb');
    expect(window.setProgressBar).toHaveBeenLastCalledWith(-1);
    expect(window.setTitle).toHaveBeenLastCalledWith('Trailscope — demo.trailscope.duckdb');
  });

  it('says behind which job it waits', () => {
    const window = fakeWindow();
    showIngestProgress(window, 'Trailscope — a.duckdb', 'ingesting', {
      kind: 'queued',
      behind: 'j1',
      behindLabel: 'ingest of /cases/x',
      position: 1,
    });
    expect(window.setTitle).toHaveBeenLastCalledWith(
      'Trailscope — a.duckdb — ingesting: waiting behind the ingest of /cases/x',
    );
  });
});
