import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { TrailscopeError } from '../../shared/api/errors.ts';
import { caseFolders, cliRecentCasesFile, RecentCases } from '../api/face-setup.ts';
import { OpenCase } from '../api/open-case.ts';
import { type RunningServer, startServer } from './server.ts';

export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

export interface ServedCase {
  server: RunningServer;
  cases: OpenCase;
  /**
   * Interrupts running queries and cancels jobs, stops serving once the requests under way
   * have answered, then closes the case. DuckDB is never closed under a running query: it
   * would go on running it, and the process could not exit until it ended.
   */
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** A case file, or a lake folder. */
  case?: string;
  /** Whether a missing case file is created (`serve --case`); a lake is never made this way. */
  create?: boolean;
  port?: number;
  recentCasesFile?: string;
  /** The largest upload taken, in bytes (tests set a small one). */
  maxUploadBytes?: number;
}

/**
 * Puts the browser face on 127.0.0.1: the case given (or, with none, the start screen), with
 * events out to every page. The page may open or create other cases; one is open at a time.
 */
export async function serveCase(options: ServeOptions = {}): Promise<ServedCase> {
  let server: RunningServer | null = null;
  const cases = new OpenCase(
    (name, payload) => server?.emit({ name, payload } as ApiEvent),
    new RecentCases(options.recentCasesFile ?? cliRecentCasesFile()),
  );
  if (options.case) await cases.open(options.case, options.create ?? true);
  const store = () => {
    if (!cases.store) throw new TrailscopeError('no-case', 'No case is open.');
    return cases.store;
  };
  server = await startServer({
    handlers: () => cases.handlers(),
    staticDir: RENDERER_DIR,
    uploadDir: () => caseFolders(store().path).uploads,
    exportDir: () => caseFolders(store().path).exports,
    port: options.port,
    maxUploadBytes: options.maxUploadBytes,
  });
  const running = server;
  return {
    server: running,
    cases,
    async stop() {
      cases.interrupt();
      await running.close();
      await cases.close();
    },
  };
}
