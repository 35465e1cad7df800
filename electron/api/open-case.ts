import fs from 'node:fs';
import path from 'node:path';
import { type ParamsOf, type RequestName, type ResultOf, requestNames } from '../../shared/api/contract.ts';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { CaseStore } from '../core/case/case-store.ts';
import type { RecentCases } from '../core/case/recent-cases.ts';
import { isLakeFolder, sideCaseFor } from '../core/lake/open-lake.ts';
import { chromiumPdf, type PdfPrinter } from '../core/report/chromium-pdf.ts';
import { type ApiContext, closeContext, createContext, type Emit, interruptContext } from './api-context.ts';
import { caseSummary } from './case-handlers.ts';
import { caselessHandlers } from './caseless-handlers.ts';
import type { Handlers } from './handler-types.ts';
import { type AllHandlers, type CaseHandlers, createHandlers, handleRequest } from './handlers.ts';

type SwitchRequest = 'case:list-recent' | 'case:open';

interface Opened {
  store: CaseStore;
  context: ApiContext;
  handlers: CaseHandlers;
}

/**
 * The one case a face works on (a window, the browser face, one CLI command), and the switch
 * to another. Requests about the case go to its handlers; with none open they answer that
 * none is. Cases opened are remembered in `recent`; a face that has no such list (the CLI,
 * whose cases are not the UI's) passes null, and nothing is remembered.
 */
export class OpenCase {
  private current: Opened | null = null;
  /** Opening and closing, one at a time: two switches at once must not both close the same case. */
  private switching: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly emit: Emit,
    private readonly recent: RecentCases | null,
    private readonly printPdf: PdfPrinter = chromiumPdf,
  ) {}

  get store(): CaseStore | null {
    return this.current?.store ?? null;
  }

  get context(): ApiContext | null {
    return this.current?.context ?? null;
  }

  /**
   * Opens or creates another case, and only once it is open closes the one in use (its jobs
   * stopped first): a path that cannot be opened leaves the current case open and its jobs
   * running. The case already open is simply answered with.
   */
  open(file: string, create = false): Promise<CaseStore> {
    return this.serially(async () => {
      // A lake folder opens through its side case, which is made at first open.
      const lake = isLakeFolder(file) ? path.resolve(file) : null;
      const caseFile = lake ? sideCaseFor(lake) : file;
      if (this.current && sameFile(this.current.store.path, caseFile)) {
        this.recent?.add(this.current.store.lake ?? this.current.store.path);
        return this.current.store;
      }
      const store = await CaseStore.open(caseFile, lake ? { create: true, lake } : { create });
      const previous = this.current;
      const context = createContext(store, this.emit, this.printPdf);
      this.current = { store, context, handlers: createHandlers(context) };
      this.recent?.add(store.lake ?? store.path);
      if (previous) await closeOpened(previous);
      return store;
    });
  }

  close(): Promise<void> {
    return this.serially(async () => {
      const previous = this.current;
      this.current = null;
      if (previous) await closeOpened(previous);
    });
  }

  /** Interrupts the case's running queries and cancels its jobs, without waiting: the first step of a shutdown. */
  interrupt(): void {
    if (this.current) interruptContext(this.current.context);
  }

  handlers(): AllHandlers {
    const switching: Handlers<SwitchRequest> = {
      'case:list-recent': async () =>
        (this.recent?.list() ?? []).map((path) => ({
          path,
          open: path === this.current?.store.path || path === this.current?.store.lake,
        })),
      'case:open': async ({ path, create }) => caseSummary(await this.open(path, create)),
    };
    return { ...(this.current?.handlers ?? noCase), ...switching, ...caselessHandlers };
  }

  /**
   * A request from a face in this process (the CLI, the Electron shell itself): through
   * `handleRequest` like every transport's, with a failed Result thrown as the error it carries.
   */
  async request<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> {
    const result = await handleRequest(this.handlers(), name, params);
    if (!result.ok) throw new TrailscopeError(result.error.kind, result.error.message);
    return result.value as ResultOf<N>;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.switching.then(work);
    this.switching = run.catch(() => undefined);
    return run;
  }
}

async function closeOpened({ store, context }: Opened): Promise<void> {
  await closeContext(context);
  store.close();
}

/**
 * The same file under another spelling (a relative path, a symlink) is the same case: DuckDB must not open it twice.
 */
function sameFile(openPath: string, wanted: string): boolean {
  if (path.resolve(wanted) === openPath) return true;
  try {
    const [a, b] = [fs.statSync(openPath), fs.statSync(wanted)];
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

const noCase = Object.fromEntries(
  requestNames.map((name: RequestName) => [
    name,
    () => Promise.reject(new TrailscopeError('no-case', 'No case is open: open one, or make one from an archive.')),
  ]),
) as unknown as CaseHandlers;
