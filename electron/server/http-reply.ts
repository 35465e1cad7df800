import type http from 'node:http';
import type { ErrorKind } from '../../shared/api/errors.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { SECURITY_HEADERS } from './http-headers.ts';

/** A request refused with a status of its own; anything else that escapes a handler is a 500. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers });
  res.end(JSON.stringify(body));
}

export function sendError(
  res: http.ServerResponse,
  status: number,
  kind: ErrorKind,
  message: string,
  headers?: http.OutgoingHttpHeaders,
): void {
  send(res, status, { ok: false, error: { kind, message } }, headers);
}

/**
 * A URL path segment decoded, or an HttpError: a malformed escape (`%`, `%zz`) makes
 * decodeURIComponent throw, and a NUL byte is never part of a name we serve.
 */
export function decodeSegment(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'invalid-input', `malformed percent-encoding in the URL: "${shown(raw)}"`);
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'invalid-input', 'the URL holds a NUL byte');
  return decoded;
}

/** Text from a request, fit for a message or a log line: invisible characters shown, and cut. */
export function shown(text: string, max = 200): string {
  const visible = visibleText(text);
  return visible.length > max ? `${visible.slice(0, max)}…` : visible;
}
