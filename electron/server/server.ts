import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { messageOf, TrailscopeError } from '../../shared/api/errors.ts';
import { type AllHandlers, handleRequest } from '../api/handlers.ts';
import { SECURITY_HEADERS } from './http-headers.ts';
import { decodeSegment, HttpError, send, sendError, shown } from './http-reply.ts';
import { logInternal, withinRequest } from './last-defence.ts';
import { openRegularFile, sendFile } from './send-file.ts';
import { staticFile } from './static-files.ts';
import { DEFAULT_MAX_UPLOAD_BYTES, receiveUpload } from './upload.ts';

export interface ServerOptions {
  /** The handlers of the case open now: the page may switch cases. */
  handlers: () => AllHandlers;
  /** The built renderer: index.html and assets/. */
  staticDir: string;
  /** Where uploaded archives are written before they are ingested. */
  uploadDir: () => string;
  /** Files the case has exported, offered back as downloads. */
  exportDir: () => string;
  port?: number;
  /** The largest upload taken, in bytes. */
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  emit(event: ApiEvent): void;
  /** Stops taking requests, cuts uploads short, waits for the requests under way, and closes. */
  close(): Promise<void>;
}

const TOKEN_HEADER = 'x-trailscope-token';
const MAX_REQUEST_BYTES = 1024 * 1024;
/** How long the rest of a refused request's body is read before its connection is closed. */
const LINGER_MS = 5_000;
/**
 * Another process on this machine may connect without the token and never finish its request.
 * 20,000 such connections took every file descriptor the process had (DuckDB and ingest need
 * theirs), each held 60 s by Node's default: the analyst's own requests failed until they went.
 * A browser opens six at a time. Past this many, Node closes a new connection at once; a request
 * whose headers have not all come within 10 s is closed, checked every 2 s. Another local process
 * can still crowd the analyst out while it keeps trying; it can no longer starve the case.
 */
export const MAX_CONNECTIONS = 256;
const CONNECTION_LIMITS: http.ServerOptions = { headersTimeout: 10_000, connectionsCheckingInterval: 2_000 };
/** Event frames an event stream may hold unread before it is closed (`write`). */
export const MAX_UNREAD_EVENT_BYTES = 8 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const EXPORTS_PREFIX = '/api/exports/';
/** Longer than any name a file system takes: such a name is refused before it reaches one. */
const MAX_NAME_CHARS = 255;

/**
 * The browser face's transport: the same API as Electron's IPC, over HTTP on 127.0.0.1.
 * Every API call needs the one-time token printed at start; a foreign Host header (DNS
 * rebinding), a foreign Origin (another site in the same browser) or a non-loopback peer
 * is refused before anything else is read. No request can take the process down: every
 * stream has its error handled, and whatever else a request throws is answered with a 500
 * and written to stderr, since it is a bug to fix.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  /** Requests being answered; closing waits for them, and cuts short those still sending their body. */
  const underWay = new Map<http.IncomingMessage, Promise<void>>();
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  let port = 0;

  const tokenMatches = (given: string | null | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer(CONNECTION_LIMITS, (req, res) => {
    // A response written after it ended is our bug, not the client's: said, never fatal.
    res.on('error', (error) => logInternal(req, error));
    const handled = withinRequest(req, res, () => route(req, res)).catch((error: unknown) =>
      answerFailure(req, res, error),
    );
    underWay.set(req, handled);
    void handled.finally(() => underWay.delete(req));
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const refusal = refuse(req, port);
    if (refusal) return sendError(res, 403, 'usage', refusal);
    const url = parseUrl(req.url ?? '/', port);

    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'usage', 'only GET here');
      return staticFile(options.staticDir, url.pathname, res);
    }
    // EventSource and download links cannot send headers, so those two take the token in their URL.
    const inUrl = req.method === 'GET' && (url.pathname === '/api/events' || url.pathname.startsWith(EXPORTS_PREFIX));
    const given = inUrl ? url.searchParams.get('token') : (req.headers[TOKEN_HEADER] as string | undefined);
    if (!tokenMatches(given))
      return sendError(res, 401, 'usage', 'missing or wrong token: open the URL Trailscope printed when it started');
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (inUrl) return download(res, decodeSegment(url.pathname.slice(EXPORTS_PREFIX.length)));
    if (req.method !== 'POST') return sendError(res, 405, 'usage', 'API requests are POST');
    if (url.pathname === '/api/upload') {
      return send(res, 200, {
        ok: true,
        value: await receiveUpload(req, options.uploadDir(), url.searchParams.get('name') ?? 'upload', maxUploadBytes),
      });
    }

    const name = decodeSegment(url.pathname.slice('/api/'.length));
    const body = await readBody(req);
    let params: unknown;
    try {
      params = body.length ? JSON.parse(body) : {};
    } catch {
      return sendError(res, 400, 'invalid-input', 'request body is not JSON');
    }
    send(res, 200, await handleRequest(options.handlers(), name, params));
  }

  function openEventStream(res: http.ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', ...SECURITY_HEADERS });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  /**
   * An exported file by its bare name; nothing outside the exports folder, and nothing but a regular file, can be
   * named.
   */
  async function download(res: http.ServerResponse, name: string) {
    const bare = name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name) && name.length <= MAX_NAME_CHARS;
    const file = bare ? await openRegularFile(path.join(options.exportDir(), name)) : null;
    if (!file) return sendError(res, 404, 'not-found', `no export named "${shown(name)}"`);
    await sendFile(res, file, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      ...SECURITY_HEADERS,
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.maxConnections = MAX_CONNECTIONS;
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(() => streams.forEach((s) => write(s, ': keep-alive\n\n')), 15_000);

  /**
   * A stream its client does not read holds every frame written to it in this process's memory:
   * one left unread while jobs were queued took the server past its heap. Past a bound it is
   * closed instead. A browser reads its stream as frames arrive, even in a tab in the background;
   * should one fall this far behind, its EventSource opens the stream again, without the frames
   * it did not read.
   */
  function write(stream: http.ServerResponse, frame: string) {
    if (stream.writableLength > MAX_UNREAD_EVENT_BYTES) {
      streams.delete(stream);
      stream.destroy();
    } else stream.write(frame);
  }

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    emit(event) {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const stream of streams) write(stream, frame);
    },
    async close() {
      clearInterval(keepAlive);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const stream of streams) stream.end();
      streams.clear();
      // An upload, or a body a client is slow to send, would hold the stop for as long as it likes.
      for (const req of underWay.keys()) if (!req.complete) req.destroy();
      server.closeIdleConnections();
      await Promise.all(underWay.values());
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Why a request must not be served at all; null when it may be. */
export function refuse(
  req: Pick<http.IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } },
  port: number,
): string | null {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return 'only this machine may connect';
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return `foreign Host header "${req.headers.host ?? ''}"`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((host) => origin === `http://${host}`))
    return `foreign Origin "${origin}"`;
  return null;
}

function parseUrl(raw: string, port: number): URL {
  try {
    return new URL(raw, `http://127.0.0.1:${port}`);
  } catch {
    throw new HttpError(400, 'invalid-input', `not a URL path: "${shown(raw)}"`);
  }
}

/** A request's handler threw: a refusal gets its own status; anything else is a bug, answered and logged. */
function answerFailure(req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    if (!req.complete) lingerAfterAnswer(req);
    sendError(res, error.status, error.kind, error.message);
  } else if (req.destroyed && !req.complete) {
    // A client that went away mid-request, or an upload cut short by closing, has no one to answer.
    res.destroy();
  } else if (error instanceof TrailscopeError) {
    // Refused by the core (no case open, say): the user's to act on, not a bug.
    sendError(res, 400, error.kind, error.message);
  } else {
    logInternal(req, error);
    if (!res.headersSent) sendError(res, 500, 'internal', `internal error: ${messageOf(error)}`);
    else res.destroy();
  }
}

/**
 * The body of an API request, refused past MAX_REQUEST_BYTES: by its declared length before a byte
 * is read, or as it passes the limit. Read by events, not `for await`: leaving that loop early
 * destroys the request and its connection, and the client got a reset instead of the 413.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  const tooLarge = () => new HttpError(413, 'invalid-input', `request body over ${MAX_REQUEST_BYTES} bytes`);
  if (Number(req.headers['content-length']) > MAX_REQUEST_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
      req.off('data', take).off('end', done).resume();
      reject(tooLarge());
    };
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', take).once('end', done).once('error', reject);
  });
}

/**
 * Keeps reading and dropping a refused request's body for a while after the answer. Closed at
 * once, the connection met the client's next bytes with a reset, and a reset can make the client
 * drop an answer it has not read yet (why web servers linger on close): a stream refused as too
 * large got "connection reset" instead of its reason. Past LINGER_MS the connection is closed.
 */
function lingerAfterAnswer(req: http.IncomingMessage): void {
  req.resume();
  const close = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  req.once('end', () => clearTimeout(close)).once('close', () => clearTimeout(close));
}
