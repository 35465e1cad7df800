import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './http-headers.ts';

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
export function staticFile(root: string, pathname: string, res: http.ServerResponse): void {
  const base = path.resolve(root);
  const wanted = path.resolve(base, `.${decodeURIComponent(pathname)}`);
  const inside = wanted === base || wanted.startsWith(`${base}${path.sep}`);
  const file = inside && fs.existsSync(wanted) && fs.statSync(wanted).isFile() ? wanted : path.join(base, 'index.html');
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('The browser face is not built: run "npm run build".\n');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    ...SECURITY_HEADERS,
  });
  fs.createReadStream(file).pipe(res);
}
