import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate-archive.ts';
import { caseFolders } from '../../electron/core/case/case-folders.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { MAX_WAITING } from '../../electron/core/jobs/job-registry.ts';
import { type ServedCase, serveCase } from '../../electron/server/serve-case.ts';
import { MAX_CONNECTIONS, startServer } from '../../electron/server/server.ts';
import type { ApiEvent } from '../../shared/api/contract.ts';
import { pipeAt } from '../helpers/pipe-feeder.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The browser face answers whatever reaches 127.0.0.1 with the token: names that are not
 * names, escapes that do not decode, files that are not files, bodies that do not end. After
 * every attack the same server must still answer an ordinary request.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'served.duckdb');
const folders = caseFolders(caseFile);
const UPLOAD_LIMIT = 64 * 1024;
let served: ServedCase;

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request: the path goes out exactly as written, unnormalized, as an attacker would send it. */
function send(
  port: number,
  method: string,
  pathname: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
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

const get = (pathname: string) => send(served.server.port, 'GET', pathname);
const token = () => served.server.token;
const api = async <T = unknown>(name: string, params: unknown, port = served.server.port, key = token()) => {
  const reply = await send(port, 'POST', `/api/${name}`, {
    headers: { 'x-trailscope-token': key, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return {
    status: reply.status,
    json: JSON.parse(reply.body) as { ok: boolean; value: T; error: { kind: string; message: string } },
  };
};

/** The server is still there and still serving the case. */
async function expectAlive() {
  const reply = await api<{ path: string }>('case:describe', {});
  expect(reply.status).toBe(200);
  expect(reply.json.value.path).toBe(served.cases.store!.path);
}

/**
 * Subscribes to the server-sent events and resolves once connected, so nothing sent after it
 * is missed; `until` then resolves with every event seen once the condition holds.
 */
function listen(
  port: number,
  key: string,
): Promise<{ until: (enough: (seen: ApiEvent[]) => boolean) => Promise<ApiEvent[]>; seen: () => number }> {
  return new Promise((connected, reject) => {
    const seen: ApiEvent[] = [];
    let waiting: { enough: (seen: ApiEvent[]) => boolean; resolve: (seen: ApiEvent[]) => void } | null = null;
    const check = () => {
      if (waiting?.enough(seen)) {
        req.destroy();
        waiting.resolve(seen);
      }
    };
    const req = http.get(
      { host: '127.0.0.1', port, path: `/api/events?token=${key}`, headers: { host: `127.0.0.1:${port}` } },
      (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (frame.startsWith('data: ')) seen.push(JSON.parse(frame.slice(6)) as ApiEvent);
          }
          check();
        });
        connected({
          until: (enough) => new Promise((resolve) => ((waiting = { enough, resolve }), check())),
          seen: () => seen.length,
        });
      },
    );
    req.on('error', (error) => (seen.length ? undefined : reject(error)));
  });
}

/** Once n ingests have ended (each queues a run of the detection pack, which ends later). */
const finishedJobs = (n: number) => (seen: ApiEvent[]) =>
  seen.filter((e) => e.name === 'job:finished' && e.payload.kind === 'ingest').length >= n;
const outcomeOf = (seen: ApiEvent[], jobId: string) =>
  seen.find((e): e is ApiEvent<'job:finished'> => e.name === 'job:finished' && e.payload.jobId === jobId)!.payload
    .outcome;

beforeAll(async () => {
  served = await serveCase({
    case: caseFile,
    recentCasesFile: path.join(dir, 'recent.json'),
    maxUploadBytes: UPLOAD_LIMIT,
  });
});

afterAll(async () => {
  await served.stop();
});

describe('export downloads', () => {
  let exported: string;

  beforeAll(async () => {
    await api('query:run', { query_id: 'q', sql: 'SELECT 42 AS answer' });
    exported = path.basename(
      (await api<{ path: string }>('query:export', { query_id: 'q', format: 'csv' })).json.value.path,
    );
    fs.mkdirSync(path.join(folders.exports, 'a-folder'));
    execFileSync('mkfifo', [path.join(folders.exports, 'a-fifo')]);
    fs.symlinkSync(path.resolve('package.json'), path.join(folders.exports, 'a-link.csv'));
  });

  it('serves a real export whole', async () => {
    const reply = await get(`/api/exports/${exported}?token=${token()}`);
    expect(reply).toMatchObject({ status: 200, body: 'answer\n42\n' });
  });

  const refused = [
    '',
    '.',
    '%2e',
    '..%2fpackage.json',
    '..%2f..%2fpackage.json',
    '..%5c..%5cpackage.json',
    '%2f',
    'a-folder',
    'a-folder%2f',
    'a-fifo',
    'a-link.csv',
    'missing.csv',
    'n'.repeat(300),
    `${'%e2%80%ae'.repeat(100)}.csv`,
  ];
  it.each(refused)('refuses "%s" as no export, and keeps serving', async (name) => {
    const started = Date.now();
    const reply = await get(`/api/exports/${name}?token=${token()}`);
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body)).toMatchObject({
      ok: false,
      error: { kind: 'not-found', message: expect.stringContaining('no export named') },
    });
    expect(Date.now() - started).toBeLessThan(2000);
    await expectAlive();
  });

  // The URL parser takes these dot segments out (%2e is a dot to it too): what is left is no download at all.
  it.each(['..', '%2e%2e', '%2E%2E', '.%2e'])(
    'reads "%s" as leaving the exports, refuses it, and keeps serving',
    async (name) => {
      const reply = await get(`/api/exports/${name}?token=${token()}`);
      expect(reply.status).toBe(401);
      expect(reply.body).not.toContain('"name": "trailscope"');
      await expectAlive();
    },
  );

  const malformed = ['%', '%zz', '%e0%a4%a', 'x%', '%00', 'x%00.csv', 'answer.csv%00'];
  it.each(malformed)('answers the malformed name "%s" with a 400 that says why, and keeps serving', async (name) => {
    const reply = await get(`/api/exports/${name}?token=${token()}`);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toMatch(/malformed percent-encoding|NUL byte/);
    await expectAlive();
  });

  it('refuses a name too long for a request line, and keeps serving', async () => {
    const reply = await get(`/api/exports/${'n'.repeat(20_000)}?token=${token()}`);
    expect(reply.status).toBe(431);
    await expectAlive();
  });

  it('survives a client that goes away mid-download', async () => {
    const big = path.join(folders.exports, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(32 * 1024 * 1024));
    await new Promise<void>((resolve) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: served.server.port,
          path: `/api/exports/big.bin?token=${token()}`,
          headers: { host: `127.0.0.1:${served.server.port}` },
        },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => undefined);
    });
    await expectAlive();
  });
});

describe('malformed URLs elsewhere', () => {
  it.each(['/api/%', '/api/%zz', '/api/case%3', '/api/%00'])(
    'answers the API path "%s" with a 400, and keeps serving',
    async (pathname) => {
      const reply = await send(served.server.port, 'POST', pathname, {
        headers: { 'x-trailscope-token': token() },
        body: '{}',
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
      await expectAlive();
    },
  );

  it('still decodes a well-formed escape in a request name', async () => {
    expect((await api('case%3Adescribe', {})).json).toMatchObject({ ok: true });
  });

  it.each(['/%', '/%zz', '/assets/%e0%a4%a', '/%00', '/index.html%00.js'])(
    'answers the page path "%s" with a 400, and keeps serving',
    async (pathname) => {
      const reply = await get(pathname);
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error.message).toMatch(/malformed percent-encoding|NUL byte/);
      await expectAlive();
    },
  );

  it.each(['/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/assets', '/assets/'])(
    'never serves a file outside the page for "%s"',
    async (pathname) => {
      const reply = await get(pathname);
      expect([200, 503]).toContain(reply.status);
      expect(reply.body).not.toContain('"name": "trailscope"');
    },
  );
});

/**
 * Sends `body` to `target` in pieces of `piece` bytes without a Content-Length, as a stream of unknown size
 * is sent, until it is sent or an answer comes back.
 */
const streamed = (body: Buffer, abortAfter?: number, piece = 4096, target = '/api/upload?name=streamed.gz') =>
  new Promise<Reply | 'aborted'>((resolve) => {
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: served.server.port,
        method: 'POST',
        path: target,
        headers: { host: `127.0.0.1:${served.server.port}`, 'x-trailscope-token': token() },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
      },
    );
    req.on('error', () => resolve('aborted'));
    let sent = 0;
    const next = () => {
      if (abortAfter !== undefined && sent >= abortAfter) {
        req.destroy();
        return;
      }
      if (answered) return;
      if (sent >= body.length) return void req.end();
      req.write(body.subarray(sent, sent + piece));
      sent += piece;
      setTimeout(next, 1);
    };
    next();
  });

describe('uploads', () => {
  const uploaded = () => (fs.existsSync(folders.uploads) ? fs.readdirSync(folders.uploads) : []);
  const upload = (body: Buffer, headers: Record<string, string> = {}) =>
    send(served.server.port, 'POST', '/api/upload?name=archive.json.gz', {
      headers: { 'x-trailscope-token': token(), ...headers },
      body,
    });

  const waitForNoUploads = async (before: string[]) => {
    for (let i = 0; i < 100 && uploaded().length > before.length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(uploaded()).toEqual(before);
  };

  it('takes an upload of exactly the limit', async () => {
    const reply = await upload(Buffer.alloc(UPLOAD_LIMIT));
    expect(reply.status).toBe(200);
    expect(fs.statSync(JSON.parse(reply.body).value.path).size).toBe(UPLOAD_LIMIT);
  });

  it('refuses a declared Content-Length over the limit with a 413, before writing anything', async () => {
    const before = uploaded();
    const reply = await upload(Buffer.alloc(UPLOAD_LIMIT + 1));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.message).toContain("over the limit of 64 KiB: give the archive's path instead");
    expect(uploaded()).toEqual(before);
    await expectAlive();
  });

  it.each([
    ['in small pieces', 4096, 1],
    ['in pieces the size of the limit', UPLOAD_LIMIT, 1],
    ['in one piece', UPLOAD_LIMIT * 4, 1],
    ['in pieces the size of the limit, many times over', UPLOAD_LIMIT, 64],
  ])(
    'refuses a stream of unknown length once it passes the limit, with its reason, and removes what it had written: %s',
    async (_, piece, times) => {
      const before = uploaded();
      const reply = await streamed(Buffer.alloc(UPLOAD_LIMIT * 4 * times), undefined, piece);
      expect(reply).toMatchObject({ status: 413 });
      expect(reply !== 'aborted' && JSON.parse(reply.body).error.message).toContain('over the limit of 64 KiB');
      await waitForNoUploads(before);
      await expectAlive();
    },
  );

  it('removes the partial file of an upload the client abandons mid-stream', async () => {
    const before = uploaded();
    expect(await streamed(Buffer.alloc(UPLOAD_LIMIT - 1), UPLOAD_LIMIT / 2)).toBe('aborted');
    await waitForNoUploads(before);
    await expectAlive();
  });

  it('removes the partial file of a body shorter than its Content-Length', async () => {
    const before = uploaded();
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: served.server.port,
        method: 'POST',
        path: '/api/upload?name=short.gz',
        headers: {
          host: `127.0.0.1:${served.server.port}`,
          'x-trailscope-token': token(),
          'content-length': String(UPLOAD_LIMIT),
        },
      });
      req.on('error', () => resolve());
      req.write(Buffer.alloc(1000), () => setTimeout(() => (req.destroy(), resolve()), 50));
    });
    await waitForNoUploads(before);
    await expectAlive();
  });
});

describe('API requests over 1 MiB', () => {
  const over = Buffer.alloc(1024 * 1024 + 1, ' ');

  it('refuses a declared Content-Length over the limit with a 413, before reading the body', async () => {
    const reply = await send(served.server.port, 'POST', '/api/case:describe', {
      headers: { 'x-trailscope-token': token() },
      body: over,
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.message).toBe('request body over 1048576 bytes');
    await expectAlive();
  });

  it.each([
    ['in small pieces', 4096, 1],
    ['in one piece', over.length * 2, 1],
    ['in pieces of 1 MiB, many times over', 1024 * 1024, 32],
  ])('answers a stream of unknown length with a 413 and its reason, not a reset: %s', async (_, piece, times) => {
    const reply = await streamed(Buffer.alloc(over.length * 2 * times, ' '), undefined, piece, '/api/case:describe');
    expect(reply).toMatchObject({ status: 413 });
    expect(reply !== 'aborted' && JSON.parse(reply.body).error.message).toBe('request body over 1048576 bytes');
    await expectAlive();
  });
  it('is dropped when its client goes away mid-body, and the server keeps serving', async () => {
    const body = Buffer.alloc(512 * 1024, ' ');
    expect(await streamed(body, body.length / 2, 4096, '/api/case:describe')).toBe('aborted');
    await expectAlive();
  });

  it('reads the rest for a while after the 413, then closes on a client that never stops sending', async () => {
    const closed = await new Promise<{ status?: number }>((resolve) => {
      const seen: { status?: number } = {};
      const req = http.request(
        {
          host: '127.0.0.1',
          port: served.server.port,
          method: 'POST',
          path: '/api/case:describe',
          headers: { host: `127.0.0.1:${served.server.port}`, 'x-trailscope-token': token() },
        },
        (res) => {
          seen.status = res.statusCode;
          res.resume();
        },
      );
      req.on('error', () => resolve(seen));
      req.on('close', () => resolve(seen));
      const next = () => {
        if (req.destroyed) return;
        req.write(Buffer.alloc(64 * 1024, ' '));
        setTimeout(next, 1);
      };
      next();
    });
    expect(closed.status).toBe(413);
    await expectAlive();
  });
});

describe('event streams', () => {
  it('keeps serving when a page vanishes while events are sent to it', async () => {
    const socket = await new Promise<http.ClientRequest>((resolve) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: served.server.port,
          path: `/api/events?token=${token()}`,
          headers: { host: `127.0.0.1:${served.server.port}` },
        },
        () => resolve(req),
      );
    });
    socket.destroy();
    for (let i = 0; i < 50; i++) served.server.emit({ name: 'app:show', payload: { view: 'report' } });
    await expectAlive();
  });

  it('closes a stream its client leaves unread once frames pile up, and keeps the one that reads', async () => {
    const unread = net.connect(served.server.port, '127.0.0.1');
    unread.write(`GET /api/events?token=${token()} HTTP/1.1\r\nHost: 127.0.0.1:${served.server.port}\r\n\r\n`);
    unread.pause();
    const reader = await listen(served.server.port, token());
    const reading = reader.until((seen) => seen.length >= 41);
    await new Promise((settled) => setTimeout(settled, 200));
    // 40 MiB of frames, more than the unread stream may hold. Each is sent once the reader has
    // read the one before: sent every 20 ms, a reader slowed by a busy machine fell 8 MiB behind
    // too and was closed as well.
    const big = { name: 'app:show', payload: { view: 'x'.repeat(1024 * 1024) } } as ApiEvent;
    for (let i = 0; i < 40; i++) {
      served.server.emit(big);
      while (reader.seen() <= i) await new Promise((settled) => setTimeout(settled, 5));
    }
    served.server.emit({ name: 'app:show', payload: { view: 'report' } });
    expect((await reading).length).toBe(41);
    // Read now: what the server sent before it closed the stream, then the end it gave.
    let received = 0;
    await new Promise<void>((ended) => {
      unread.on('data', (chunk: Buffer) => (received += chunk.length));
      unread.on('close', () => ended());
      unread.resume();
    });
    expect(received).toBeLessThan(40 * 1024 * 1024);
    await expectAlive();
  });
});

describe('what one client may ask for', () => {
  it('refuses an ingest of a path longer than any path can be', async () => {
    for (const paths of [['/tmp/' + 'a'.repeat(5000)], ['/tmp/x', `/${'b/'.repeat(3000)}`]]) {
      const reply = await api('ingest:start', { paths, detect: false });
      expect(reply.json).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    }
    await expectAlive();
  });

  it(`queues at most ${MAX_WAITING} jobs behind the running one, and cancels them all`, async () => {
    const archive = path.join(dir, 'archive-queue');
    generateArchive(archive, 3000, 31);
    const started: string[] = [];
    const start = (paths: string[]) => api<{ jobId: string }>('ingest:start', { paths, detect: false });
    started.push((await start([archive])).json.value.jobId);
    for (let i = 0; i < MAX_WAITING; i++) {
      const reply = await start([path.join(dir, `missing-${i}-${'m'.repeat(2000)}`)]);
      expect(reply.json.ok).toBe(true);
      started.push(reply.json.value.jobId);
    }
    const refused = await start([path.join(dir, 'one-too-many')]);
    expect(refused.json).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    expect(refused.json.error.message).toMatch(`${MAX_WAITING} jobs already wait in line`);
    for (const jobId of started.reverse()) await api('job:cancel', { jobId });
    await expectAlive();
  });

  it(`drops connections past ${MAX_CONNECTIONS} at once, and answers once they are gone`, async () => {
    const flood = Array.from({ length: MAX_CONNECTIONS + 60 }, () => {
      const socket = net.connect(served.server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      // Headers that never end: each connection would be held until the headers timeout.
      socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${served.server.port}\r\n`);
      return socket;
    });
    const closed = () => flood.filter((socket) => socket.closed).length;
    for (let waited = 0; waited < 5000 && closed() < 50; waited += 50)
      await new Promise((settled) => setTimeout(settled, 50));
    expect(closed()).toBeGreaterThanOrEqual(50);
    for (const socket of flood) socket.destroy();
    await new Promise((settled) => setTimeout(settled, 200));
    await expectAlive();
  });
});

describe('a bug in a handler', () => {
  it('is answered with a 500 that says what failed, written to stderr, and the next request is served', async () => {
    let calls = 0;
    const server = await startServer({
      handlers: () => {
        if (++calls === 1) throw new Error('a planted bug');
        return served.cases.handlers();
      },
      staticDir: dir,
      uploadDir: () => dir,
      exportDir: () => dir,
    });
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const first = await api('case:describe', {}, server.port, server.token);
      expect(first).toMatchObject({
        status: 500,
        json: { ok: false, error: { kind: 'internal', message: 'internal error: a planted bug' } },
      });
      expect(written.join('')).toMatch(/internal error on POST \/api\/case:describe: Error: a planted bug/);
      expect(written.join('')).not.toContain(server.token);
      expect((await api('case:describe', {}, server.port, server.token)).status).toBe(200);
    } finally {
      process.stderr.write = write;
      await server.close();
    }
  });

  it('escaping every handler (thrown from a timer) still gets its request a 500, and the server keeps serving', async () => {
    const script = path.join(dir, 'escaping-bug.mts');
    fs.writeFileSync(
      script,
      `import { startServer } from ${JSON.stringify(path.resolve('electron/server/server.ts'))};
       import { keepServingOnEscapedErrors } from ${JSON.stringify(path.resolve('electron/server/last-defence.ts'))};
       keepServingOnEscapedErrors();
       const handlers = { 'case:describe': () => new Promise(() => setTimeout(() => { throw new Error('escaped the handler'); }, 5)), 'case:list-recent': async () => [] };
       const server = await startServer({ handlers: () => handlers, staticDir: '.', uploadDir: () => '.', exportDir: () => '.' });
       console.log(JSON.stringify({ port: server.port, token: server.token }));`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
      const { port, token: key } = JSON.parse(await firstLine(child)) as { port: number; token: string };
      expect(await api('case:describe', {}, port, key)).toMatchObject({
        status: 500,
        json: { error: { message: 'internal error: escaped the handler' } },
      });
      expect(await api('case:list-recent', {}, port, key)).toMatchObject({
        status: 200,
        json: { ok: true, value: [] },
      });
      expect(stderr).toContain('internal error on POST /api/case:describe: Error: escaped the handler');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing: ${out}`)));
  });
}

describe('two ingests started at once', () => {
  const archives = { a: path.join(dir, 'archive-a'), b: path.join(dir, 'archive-b') };
  let counts: { a: number; b: number };

  beforeAll(() => {
    counts = { a: generateArchive(archives.a, 4000, 21).events, b: generateArchive(archives.b, 3000, 22).events };
  });

  it('run one after the other, the second queued visibly behind the first, and lose no event', async () => {
    const before = (await api<{ events: number }>('case:describe', {})).json.value.events;
    const seen = (await listen(served.server.port, token())).until(finishedJobs(2));
    const [a, b] = await Promise.all([
      api<{ jobId: string; detectJobId: string }>('ingest:start', { paths: [archives.a] }),
      api<{ jobId: string; detectJobId: string }>('ingest:start', { paths: [archives.b] }),
    ]);
    const all = await seen;
    expect(outcomeOf(all, a.json.value.jobId)).toMatchObject({
      ok: true,
      value: { events_added: counts.a, errors: [] },
    });
    expect(outcomeOf(all, b.json.value.jobId)).toMatchObject({
      ok: true,
      value: { events_added: counts.b, errors: [] },
    });
    // Whichever request arrived second waited for the first, and for the detections queued behind it.
    const queued = all
      .filter(
        (e): e is ApiEvent<'job:progress'> =>
          e.name === 'job:progress' && e.payload.kind === 'ingest' && e.payload.progress.kind === 'queued',
      )
      .map((e) => e.payload);
    const jobs = [
      { jobId: a.json.value.jobId, detectJobId: a.json.value.detectJobId },
      { jobId: b.json.value.jobId, detectJobId: b.json.value.detectJobId },
    ];
    expect(new Set(queued.map((q) => q.jobId)).size).toBe(1);
    const [second, first] = queued[0]!.jobId === jobs[0]!.jobId ? jobs : [...jobs].reverse();
    expect(queued[0]).toEqual({
      jobId: second!.jobId,
      kind: 'ingest',
      progress: { kind: 'queued', behind: first!.detectJobId, behindLabel: 'detections after the ingest', position: 2 },
    });
    expect((await api<{ events: number }>('case:describe', {})).json.value.events).toBe(before + counts.a + counts.b);
  });

  it('add nothing when both are run again at once', async () => {
    const seen = (await listen(served.server.port, token())).until(finishedJobs(2));
    const [a, b] = await Promise.all([
      api<{ jobId: string }>('ingest:start', { paths: [archives.a] }),
      api<{ jobId: string }>('ingest:start', { paths: [archives.b] }),
    ]);
    const all = await seen;
    expect(outcomeOf(all, a.json.value.jobId)).toMatchObject({ ok: true, value: { events_added: 0 } });
    expect(outcomeOf(all, b.json.value.jobId)).toMatchObject({ ok: true, value: { events_added: 0 } });
  });

  it('can cancel the queued one before it starts, while the first goes on', async () => {
    const fresh = path.join(dir, 'archive-c');
    const total = generateArchive(fresh, 3000, 23).events;
    const seen = (await listen(served.server.port, token())).until(finishedJobs(2));
    const first = (await api<{ jobId: string }>('ingest:start', { paths: [fresh] })).json.value.jobId;
    const second = (await api<{ jobId: string }>('ingest:start', { paths: [archives.a] })).json.value.jobId;
    expect((await api('job:cancel', { jobId: second })).json.value).toEqual({ cancelled: true });
    const all = await seen;
    expect(outcomeOf(all, second)).toEqual({
      ok: false,
      error: { kind: 'cancelled', message: 'Cancelled before it started: nothing was done.' },
    });
    expect(outcomeOf(all, first)).toMatchObject({ ok: true, value: { events_added: total } });
    expect(
      all.some((e) => e.name === 'job:progress' && e.payload.jobId === second && e.payload.progress.kind !== 'queued'),
    ).toBe(false);
  });
});

describe('opening another case', () => {
  it('that cannot be opened leaves the case open and its ingest running', async () => {
    const archive = path.join(dir, 'archive-d');
    const total = generateArchive(archive, 3000, 24).events;
    const seen = (await listen(served.server.port, token())).until(finishedJobs(1));
    const job = (await api<{ jobId: string }>('ingest:start', { paths: [archive] })).json.value.jobId;
    for (const typo of [path.join(dir, 'typo.duckdb'), dir, path.resolve('package.json')]) {
      expect((await api('case:open', { path: typo })).json).toMatchObject({ ok: false });
    }
    // A pipe's open waits for a writer, and the check of a case's first bytes is synchronous:
    // the whole server would wait with it.
    const pipe = path.join(dir, 'pipe.duckdb');
    pipeAt(pipe);
    fs.symlinkSync(pipe, path.join(dir, 'link-to-pipe.duckdb'));
    for (const special of [pipe, path.join(dir, 'link-to-pipe.duckdb'), '/dev/zero']) {
      expect((await api('case:open', { path: special })).json).toMatchObject({
        ok: false,
        error: { kind: 'not-a-case', message: expect.stringMatching(/is a pipe, a socket or a device, not a file/) },
      });
    }
    await expectAlive();
    expect(outcomeOf(await seen, job)).toMatchObject({ ok: true, value: { events_added: total } });
  });

  it('that is already open answers with it, by any spelling, and stops nothing', async () => {
    const archive = path.join(dir, 'archive-e');
    const total = generateArchive(archive, 3000, 25).events;
    const seen = (await listen(served.server.port, token())).until(finishedJobs(1));
    const job = (await api<{ jobId: string }>('ingest:start', { paths: [archive] })).json.value.jobId;
    const link = path.join(dir, 'link.duckdb');
    fs.symlinkSync(caseFile, link);
    for (const spelling of [caseFile, path.relative(process.cwd(), caseFile), link]) {
      expect((await api('case:open', { path: spelling })).json).toMatchObject({
        ok: true,
        value: { path: served.cases.store!.path },
      });
    }
    expect(outcomeOf(await seen, job)).toMatchObject({ ok: true, value: { events_added: total } });
  });
});

describe('stopping trailscope serve', () => {
  /** The CLI in a child, as a user runs it; resolves with its URL once it prints it. */
  async function serveChild(
    file: string,
  ): Promise<{ child: ChildProcess; port: number; key: string; stderr: () => string }> {
    const child = spawn(process.execPath, ['bin/trailscope.js', 'serve', '--case', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TRAILSCOPE_CONFIG_DIR: dir },
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const match = /127\.0\.0\.1:(\d+)\/\?token=(\S+)/.exec(await firstLine(child))!;
    return { child, port: Number(match[1]), key: match[2]!, stderr: () => stderr };
  }

  /** Once the process has ended and its output is all read. */
  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => resolve({ code, signal })),
    );

  /** An ingest under way and a query DuckDB is busy with: what once kept the case locked until SIGKILL. */
  async function busy(port: number, key: string, archive: string) {
    const loading = (e: ApiEvent) =>
      e.name === 'job:progress' && e.payload.progress.kind === 'ingest' && e.payload.progress.filesDone > 0;
    const progress = (await listen(port, key)).until((seen) =>
      seen.some((e) => loading(e) || e.name === 'job:finished'),
    );
    await api('ingest:start', { paths: [archive] }, port, key);
    void api(
      'query:run',
      { query_id: 'long', sql: 'SELECT count(*) FROM range(100000000) a, range(100000) b' },
      port,
      key,
    ).catch(() => undefined);
    const seen = await progress;
    expect(
      seen.find((e) => e.name === 'job:finished'),
      'the ingest ended before the signal',
    ).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
  }

  let archive: string;
  beforeAll(() => {
    archive = path.join(dir, 'archive-big');
    generateArchive(archive, 60_000, 26);
  });

  it('on SIGTERM, cancels the ingest, interrupts the query, and exits within seconds, leaving the case openable', async () => {
    const file = path.join(dir, 'stopped.duckdb');
    const { child, port, key, stderr } = await serveChild(file);
    await busy(port, key, archive);
    const started = Date.now();
    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(stderr()).not.toContain('exiting now');
    const store = await CaseStore.open(file);
    store.close();
  });

  /** A process whose stop never finishes, stopping on a signal with the given grace period. */
  async function hangingStop(graceMs: number) {
    const script = path.join(dir, 'hanging-stop.mts');
    fs.writeFileSync(
      script,
      `import { stopOnSignal } from ${JSON.stringify(path.resolve('electron/cli/stop-on-signal.ts'))};
       // Something to serve, as a server would have: signal listeners alone keep no process alive.
       setInterval(() => undefined, 60_000);
       const stopped = stopOnSignal('test', () => new Promise(() => undefined), Number(process.argv[2]));
       console.log('ready');
       await stopped;`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(graceMs)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await firstLine(child);
    return { child, exit: exited(child), stderr: () => stderr };
  }

  it('exits anyway when stopping hangs, by the signal it got, and says so', async () => {
    const { child, exit, stderr } = await hangingStop(500);
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(stderr()).toContain('trailscope test: still stopping after 0.5 s: exiting now, without waiting');
  });

  it('exits at once on a second signal while stopping', async () => {
    const { child, exit, stderr } = await hangingStop(60_000);
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    child.kill('SIGINT');
    expect(await exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(stderr()).toContain('trailscope test: SIGINT while stopping: exiting now');
  });

  it('on Ctrl+C pressed twice while busy, is gone within seconds and leaves the case openable', async () => {
    const file = path.join(dir, 'stopped-twice.duckdb');
    const { child, port, key } = await serveChild(file);
    await busy(port, key, archive);
    const exit = exited(child);
    const started = Date.now();
    child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const { code, signal } = await exit;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(code === 0 || signal === 'SIGINT').toBe(true);
    const store = await CaseStore.open(file);
    store.close();
  });
});
