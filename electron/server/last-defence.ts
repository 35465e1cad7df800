import { AsyncLocalStorage } from 'node:async_hooks';
import type http from 'node:http';
import { messageOf } from '../../shared/api/errors.ts';
import { sendError, shown } from './http-reply.ts';

interface Exchange {
  req: http.IncomingMessage;
  res: http.ServerResponse;
}

const exchanges = new AsyncLocalStorage<Exchange>();

/** Runs a request's handling in its own async context, so that an error escaping it can still be traced back to it. */
export function withinRequest<T>(req: http.IncomingMessage, res: http.ServerResponse, work: () => T): T {
  return exchanges.run({ req, res }, work);
}

/** A bug met while serving: the path (never the query, which may carry the token) and the stack go to stderr. */
export function logInternal(req: http.IncomingMessage, error: unknown): void {
  const where = shown((req.url ?? '').split('?')[0] ?? '');
  const what = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`trailscope serve: internal error on ${req.method ?? '?'} ${where}: ${what}\n`);
}

/**
 * The last line of defence for a process that serves: an exception no handler caught (thrown
 * from a stream's callback, say) is answered as a 500 to the request it came from and written
 * to stderr, instead of ending the process and every other request with it. The case stays
 * consistent: every write to it is a DuckDB transaction.
 */
export function keepServingOnEscapedErrors(): void {
  process.on('uncaughtException', escaped);
  process.on('unhandledRejection', escaped);
}

function escaped(error: unknown): void {
  const exchange = exchanges.getStore();
  if (!exchange) {
    process.stderr.write(
      `trailscope serve: internal error outside any request: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return;
  }
  logInternal(exchange.req, error);
  if (!exchange.res.headersSent) sendError(exchange.res, 500, 'internal', `internal error: ${messageOf(error)}`);
  else if (!exchange.res.writableEnded) exchange.res.destroy();
}
