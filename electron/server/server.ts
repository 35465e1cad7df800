import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ApiEvent, Result } from '../../shared/api/contract.ts';
import { type AllHandlers, handleRequest } from '../api/handlers.ts';
import { SECURITY_HEADERS } from './http-headers.ts';
import { staticFile } from './static-files.ts';

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
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  emit(event: ApiEvent): void;
  close(): Promise<void>;
}

const TOKEN_HEADER = 'x-trailscope-token';
const MAX_REQUEST_BYTES = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The browser face's transport: the same API as Electron's IPC, over HTTP on 127.0.0.1.
 * Every API call needs the one-time token printed at start; a foreign Host header (DNS
 * rebinding), a foreign Origin (another site in the same browser) or a non-loopback peer
 * is refused before anything else is read.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = randomBytes(24).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const tokenMatches = (given: string | null | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  const server = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: { kind: 'internal', message: String(error) } });
      else res.destroy();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const refusal = refuse(req, port);
    if (refusal) return send(res, 403, { ok: false, error: { kind: 'usage', message: refusal } });
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { ok: false, error: { kind: 'usage', message: 'only GET here' } });
      return staticFile(options.staticDir, url.pathname, res);
    }
    // EventSource and download links cannot send headers, so those two take the token in their URL.
    const inUrl = req.method === 'GET' && (url.pathname === '/api/events' || url.pathname.startsWith('/api/exports/'));
    const given = inUrl ? url.searchParams.get('token') : (req.headers[TOKEN_HEADER] as string | undefined);
    if (!tokenMatches(given)) {
      return send(res, 401, { ok: false, error: { kind: 'usage', message: 'missing or wrong token: open the URL Trailscope printed when it started' } });
    }
    if (url.pathname === '/api/events' && req.method === 'GET') return openEventStream(res);
    if (inUrl) return download(res, decodeURIComponent(url.pathname.slice('/api/exports/'.length)));
    if (req.method !== 'POST') return send(res, 405, { ok: false, error: { kind: 'usage', message: 'API requests are POST' } });
    if (url.pathname === '/api/upload') return send(res, 200, await upload(req, url.searchParams.get('name') ?? 'upload'));

    const body = await readBody(req);
    if (body === null) return send(res, 413, { ok: false, error: { kind: 'invalid-input', message: `request body over ${MAX_REQUEST_BYTES} bytes` } });
    let params: unknown;
    try {
      params = body.length ? JSON.parse(body) : {};
    } catch {
      return send(res, 400, { ok: false, error: { kind: 'invalid-input', message: 'request body is not JSON' } });
    }
    send(res, 200, await handleRequest(options.handlers(), decodeURIComponent(url.pathname.slice('/api/'.length)), params));
  }

  function openEventStream(res: http.ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive', ...SECURITY_HEADERS });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  }

  /** An exported file by its bare name; nothing outside the exports folder can be named. */
  function download(res: http.ServerResponse, name: string) {
    const file = path.join(options.exportDir(), path.basename(name));
    if (name !== path.basename(name) || !fs.existsSync(file)) return send(res, 404, { ok: false, error: { kind: 'not-found', message: `no export named ${name}` } });
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'content-length': fs.statSync(file).size,
      ...SECURITY_HEADERS,
    });
    fs.createReadStream(file).pipe(res);
  }

  /** Streams an uploaded archive to disk, never holding it in memory. */
  async function upload(req: http.IncomingMessage, name: string): Promise<Result<{ path: string }>> {
    const dir = options.uploadDir();
    fs.mkdirSync(dir, { recursive: true });
    const safe = path.basename(name).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'upload';
    const target = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}-${safe}`);
    await pipeline(req, fs.createWriteStream(target, { flags: 'wx' }));
    return { ok: true, value: { path: target } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  const keepAlive = setInterval(() => streams.forEach((s) => s.write(': keep-alive\n\n')), 15_000);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    emit(event) {
      const frame = `data: ${JSON.stringify(event)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    async close() {
      clearInterval(keepAlive);
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Why a request must not be served at all; null when it may be. */
export function refuse(req: Pick<http.IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } }, port: number): string | null {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return 'only this machine may connect';
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return `foreign Host header "${req.headers.host ?? ''}"`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((host) => origin === `http://${host}`)) return `foreign Origin "${origin}"`;
  return null;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
