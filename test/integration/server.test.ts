import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { type ServedCase, serveCase } from '../../electron/server/serve-case.ts';
import { refuse } from '../../electron/server/server.ts';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let store: CaseStore;
let served: ServedCase;

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request, so that Host and Origin can be set as an attacker's page or DNS rebinding would. */
function send(
  method: string,
  pathname: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: served.server.port,
        method,
        path: pathname,
        headers: { host: `127.0.0.1:${served.server.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (
  name: string,
  params: unknown,
  headers: Record<string, string> = { 'x-trailscope-token': served.server.token },
) =>
  send('POST', `/api/${name}`, {
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(params),
  }).then((r) => ({ ...r, json: JSON.parse(r.body) }));

/** Collects the server-sent events until `until` says enough. */
function events(until: (seen: ApiEvent[]) => boolean): Promise<ApiEvent[]> {
  return new Promise((resolve, reject) => {
    const seen: ApiEvent[] = [];
    const req = http.get(
      {
        host: '127.0.0.1',
        port: served.server.port,
        path: `/api/events?token=${served.server.token}`,
        headers: { host: `127.0.0.1:${served.server.port}` },
      },
      (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame.startsWith('data: ')) seen.push(JSON.parse(frame.slice(6)) as ApiEvent);
          }
          if (until(seen)) {
            req.destroy();
            resolve(seen);
          }
        });
      },
    );
    req.on('error', (error) => (seen.length ? undefined : reject(error)));
  });
}

beforeAll(async () => {
  const built = await CaseStore.open(path.join(dir, 'served.duckdb'), { create: true });
  await ingest(built, [fixture('corpus/flaws2-real-trail-log.json')]);
  built.close();
  served = await serveCase({ case: path.join(dir, 'served.duckdb'), recentCasesFile: path.join(dir, 'recent.json') });
  store = served.cases.store!;
});

afterAll(async () => {
  await served.stop();
});

describe('trailscope serve: the browser face transport', () => {
  it('listens on 127.0.0.1 only, with a one-time token in the URL it prints', () => {
    expect(served.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses an API request without the token, or with a wrong one', async () => {
    const none = await api('case:describe', {}, {});
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('missing or wrong token') },
    });
    expect((await api('case:describe', {}, { 'x-trailscope-token': 'x'.repeat(32) })).status).toBe(401);
    expect((await send('GET', '/api/events')).status).toBe(401);
  });

  it('answers with the token, through the same handlers as the desktop', async () => {
    const reply = await api('case:describe', {});
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ ok: true, value: { events: 2, accounts: ['653711331788'], path: store.path } });
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (another site), token or not', async () => {
    const rebinding = await api(
      'case:describe',
      {},
      { 'x-trailscope-token': served.server.token, host: `attacker.example:${served.server.port}` },
    );
    expect(rebinding.status).toBe(403);
    expect(rebinding.json.error.message).toContain('foreign Host header');
    const crossSite = await api(
      'case:describe',
      {},
      { 'x-trailscope-token': served.server.token, origin: 'https://attacker.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.json.error.message).toContain('foreign Origin');
    expect(
      (
        await api(
          'case:describe',
          {},
          {
            'x-trailscope-token': served.server.token,
            origin: `http://localhost:${served.server.port}`,
            host: `localhost:${served.server.port}`,
          },
        )
      ).status,
    ).toBe(200);
  });

  it('refuses a peer that is not this machine', () => {
    expect(refuse({ headers: { host: '127.0.0.1:9' }, socket: { remoteAddress: '192.0.2.7' } }, 9)).toBe(
      'only this machine may connect',
    );
    expect(refuse({ headers: { host: '127.0.0.1:9' }, socket: { remoteAddress: '::1' } }, 9)).toBeNull();
  });

  it('turns bad params and unknown requests into error results, not crashes', async () => {
    expect((await api('query:run', { query_id: 'q', sql: 42 })).json).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect((await api('case:drop', {})).json).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: 'no such request: case:drop' },
    });
    expect((await api('query:run', { query_id: 'q', sql: 'DROP TABLE events' })).json).toMatchObject({
      ok: false,
      error: { kind: 'read-only' },
    });
  });

  it('runs a query, pages it, and offers its export for download with the token only', async () => {
    const run = await api('query:run', { query_id: 'download', sql: "SELECT '=1+1' AS cell, 2 AS n" });
    expect(run.json.value).toMatchObject({ total: 1, columns: [{ name: 'cell' }, { name: 'n' }] });
    expect((await api('query:page', { query_id: 'download', offset: 0, limit: 10 })).json.value.rows).toEqual([
      ['=1+1', 2],
    ]);
    const exported = (await api('query:export', { query_id: 'download', format: 'csv' })).json.value as {
      path: string;
    };
    const name = path.basename(exported.path);
    const file = await send('GET', `/api/exports/${name}?token=${served.server.token}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(file.body).toBe("cell,n\n'=1+1,2\n");
    expect((await send('GET', `/api/exports/${name}`)).status).toBe(401);
    expect((await send('GET', `/api/exports/..%2f..%2fpackage.json?token=${served.server.token}`)).status).toBe(404);
  });

  it('serves the start screen without a case, then opens and creates cases, remembering them', async () => {
    const empty = await serveCase({ recentCasesFile: path.join(dir, 'recent.json') });
    const call = (name: string, params: unknown) =>
      fetch(`http://127.0.0.1:${empty.server.port}/api/${name}`, {
        method: 'POST',
        headers: { 'x-trailscope-token': empty.server.token },
        body: JSON.stringify(params),
      }).then((r) => r.json() as Promise<{ ok: boolean; value?: unknown }>);
    try {
      expect(await call('case:describe', {})).toMatchObject({
        ok: false,
        error: { kind: 'no-case', message: expect.stringContaining('No case is open') },
      });
      expect((await call('case:list-recent', {})).value).toEqual([{ path: store.path, open: false }]);
      expect(await call('case:open', { path: fixture('corpus/flaws2-real-trail-log.json') })).toMatchObject({
        ok: false,
        error: { kind: 'not-a-case' },
      });
      const created = path.join(dir, 'second.duckdb');
      expect(await call('case:open', { path: created })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(await call('case:open', { path: created, create: true })).toMatchObject({
        ok: true,
        value: { path: created, events: 0 },
      });
      expect((await call('case:describe', {})).value).toMatchObject({ path: created });
      expect((await call('case:list-recent', {})).value).toEqual([
        { path: created, open: true },
        { path: store.path, open: false },
      ]);
    } finally {
      await empty.stop();
    }
  });

  it('serves the page with a strict content security policy, and never a file outside it', async () => {
    const page = await send('GET', '/');
    if (page.status === 503) {
      expect(page.body).toContain('npm run build');
      return;
    }
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    const escape = await send('GET', '/..%2f..%2fpackage.json');
    expect(escape.body).not.toContain('"name": "trailscope"');
  });

  it('runs an uploaded archive as an ingest job and streams its progress and outcome', async () => {
    const gz = zlib.gzipSync(fs.readFileSync(fixture('corpus/stratus-cloudtrail-stop.json')));
    const uploaded = await send('POST', `/api/upload?name=${encodeURIComponent('../../evil name.json.gz')}`, {
      headers: { 'x-trailscope-token': served.server.token },
      body: gz,
    });
    const savedPath = JSON.parse(uploaded.body).value.path as string;
    expect(path.dirname(savedPath)).toBe(`${store.path}.uploads`);
    expect(path.basename(savedPath)).toMatch(/-evil_name\.json\.gz$/);

    const finished = events((seen) => seen.some((e) => e.name === 'job:finished'));
    const { json } = await api('ingest:start', { paths: [savedPath] });
    const seen = await finished;
    const outcome = seen.find((e): e is ApiEvent<'job:finished'> => e.name === 'job:finished')!.payload;
    expect(outcome.jobId).toBe(json.value.jobId);
    expect(outcome.outcome).toMatchObject({ ok: true, value: { files: 1, errors: [] } });
    expect(seen.some((e) => e.name === 'job:progress')).toBe(true);
    expect((await api('case:list-sources', {})).json.value[0]).toMatchObject({
      path: savedPath,
      status: 'ok',
      sha256_stored: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});
