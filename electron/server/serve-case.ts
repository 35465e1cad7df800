import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../api/api-context.ts';
import { createHandlers } from '../api/handlers.ts';
import type { CaseStore } from '../core/case/case-store.ts';
import { type RunningServer, startServer } from './server.ts';

export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');

export interface ServedCase {
  server: RunningServer;
  /** Cancels running jobs, waits for them, then stops serving. The case stays open. */
  stop(): Promise<void>;
}

/** Puts a case behind the browser face: handlers over the case, events out to every page. */
export async function serveCase(store: CaseStore, port?: number): Promise<ServedCase> {
  let server: RunningServer | null = null;
  const context = createContext(store, (name, payload) => server?.emit({ name, payload }));
  server = await startServer({ handlers: createHandlers(context), staticDir: RENDERER_DIR, uploadDir: `${store.path}.uploads`, port });
  const running = server;
  return {
    server: running,
    async stop() {
      await context.jobs.stopAll();
      await running.close();
    },
  };
}
