import { type RequestName, requestNames } from '../../shared/api/contract.ts';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { caseInfo } from '../core/case/case-info.ts';
import { CaseStore } from '../core/case/case-store.ts';
import type { RecentCases } from '../core/case/recent-cases.ts';
import { type PdfPrinter, chromiumPdf } from '../core/report/chromium-pdf.ts';
import { type ApiContext, type Emit, closeContext, createContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';
import { type AllHandlers, type CaseHandlers, createHandlers } from './handlers.ts';

type SwitchRequest = 'cases:recent' | 'cases:open';

interface Opened {
  store: CaseStore;
  context: ApiContext;
  handlers: CaseHandlers;
}

/**
 * The one case a window (or the browser face) works on, and the switch to another. Requests
 * about the case go to its handlers; with none open they answer that none is.
 */
export class OpenCase {
  private current: Opened | null = null;

  constructor(
    private readonly emit: Emit,
    private readonly recent: RecentCases,
    private readonly printPdf: PdfPrinter = chromiumPdf,
  ) {}

  get store(): CaseStore | null {
    return this.current?.store ?? null;
  }

  get context(): ApiContext | null {
    return this.current?.context ?? null;
  }

  /** Closes the case in use (its jobs stopped first), then opens or creates another. */
  async open(file: string, create = false): Promise<CaseStore> {
    await this.close();
    const store = await CaseStore.open(file, { create });
    const context = createContext(store, this.emit, this.printPdf);
    this.current = { store, context, handlers: createHandlers(context) };
    this.recent.add(store.path);
    return store;
  }

  async close(): Promise<void> {
    if (!this.current) return;
    const { store, context } = this.current;
    this.current = null;
    await closeContext(context);
    store.close();
  }

  handlers(): AllHandlers {
    const switching: Handlers<SwitchRequest> = {
      'cases:recent': async () => this.recent.list().map((path) => ({ path, open: path === this.current?.store.path })),
      'cases:open': async ({ path, create }) => {
        const store = await this.open(path, create);
        return { path: store.path, ...(await caseInfo(store)) };
      },
    };
    return { ...(this.current?.handlers ?? noCase), ...switching };
  }
}

const noCase = Object.fromEntries(
  requestNames.map((name: RequestName) => [
    name,
    () => Promise.reject(new TrailscopeError('no-case', 'No case is open: open one, or make one from an archive.')),
  ]),
) as unknown as CaseHandlers;
