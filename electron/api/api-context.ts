import type { EventName, EventPayloads } from '../../shared/api/contract.ts';
import type { CaseStore } from '../core/case/case-store.ts';
import { JobRegistry } from '../core/jobs/job-registry.ts';
import { QuerySessions } from '../core/query/query-sessions.ts';
import type { PdfPrinter } from '../core/report/chromium-pdf.ts';

/** What every handler works with: the open case, its jobs, and the way out for events. */
export interface ApiContext {
  store: CaseStore;
  jobs: JobRegistry;
  queries: QuerySessions;
  /** Headless Chromium for the CLI and the browser face; Electron's printToPDF on the desktop. */
  printPdf: PdfPrinter;
}

export type Emit = <N extends EventName>(name: N, payload: EventPayloads[N]) => void;

export function createContext(store: CaseStore, emit: Emit, printPdf: PdfPrinter): ApiContext {
  const jobs = new JobRegistry({
    progress: (event) => emit('job:progress', event),
    finished: (event) => emit('job:finished', event),
  });
  return { store, jobs, queries: new QuerySessions(store), printPdf };
}

/**
 * Running queries are interrupted and jobs cancelled (queued ones never start); both return
 * at once. A case must not be closed under a running query: DuckDB keeps executing it, and the
 * process then cannot exit until it ends.
 */
export function interruptContext(ctx: ApiContext): void {
  ctx.queries.interruptAll();
  ctx.store.interruptReads();
  void ctx.jobs.stopAll();
}

/** Running jobs are cancelled and awaited, and kept results dropped, before the case closes. */
export async function closeContext(ctx: ApiContext): Promise<void> {
  ctx.queries.interruptAll();
  ctx.store.interruptReads();
  await ctx.jobs.stopAll();
  await ctx.queries.closeAll();
}
