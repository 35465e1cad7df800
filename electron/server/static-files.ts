import type http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './http-headers.ts';
import { decodeSegment } from './http-reply.ts';
import { openRegularFile, sendFile } from './send-file.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** Serves the built renderer; any path that is not a file gets index.html, never a file outside the folder. */
export async function staticFile(root: string, pathname: string, res: http.ServerResponse): Promise<void> {
  const base = path.resolve(root);
  const wanted = path.resolve(base, `.${decodeSegment(pathname)}`);
  const inside = wanted.startsWith(`${base}${path.sep}`);
  const index = path.join(base, 'index.html');
  const own = inside ? await openRegularFile(wanted) : null;
  const file = own ?? (await openRegularFile(index));
  if (!file) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end('The browser face is not built: run "npm run build".\n');
    return;
  }
  await sendFile(res, file, {
    'content-type': TYPES[path.extname(own ? wanted : index)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    ...SECURITY_HEADERS,
  });
}
