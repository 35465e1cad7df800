import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { decode } from '../../electron/core/ingest/decode.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { listInputs } from '../../electron/core/ingest/inputs.ts';
import { DEFAULT_LIMITS } from '../../electron/core/ingest/limits.ts';
import { ReadAheadBudget } from '../../electron/core/ingest/read-ahead-budget.ts';
import { walkDisk } from '../../electron/core/ingest/walk.ts';
import { tarGzBuffer, writeFile, zipBuffer } from '../helpers/archives.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { trailscope } from '../helpers/cli.ts';
import { deflatedZeros, gzippedZeros, hostileTar, hostileZip, storedBlockGzip } from '../helpers/hostile-archives.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

/**
 * Inputs that once aborted an ingest (exit 1, nothing committed), lost records that could be
 * read, or took unbounded memory. Each must now become a `sources` row saying what was wrong
 * while everything else loads, with exact counts.
 */

interface Summary {
  events_added: number;
  errors: { path: string; message: string }[];
}

interface SourceRow {
  path: string;
  member: string | null;
  status: string;
  error: string | null;
  record_count: number;
}

const root = tempDir('trailscope-hostile-ingest-');
const bin = path.resolve('bin/trailscope.js');

const record = (eventID: string) => ({
  eventVersion: '1.08',
  eventTime: '2024-03-04T05:06:07Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  eventID,
  recipientAccountId: '111122223333',
  userIdentity: { type: 'IAMUser', userName: 'mallory' },
});
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
const log = (eventIds: string[]) => JSON.stringify({ Records: eventIds.map(record) });
const flaws2 = () => fs.readFileSync(fixture('corpus/flaws2-real-trail-log.json'));

/** A folder of its own for one test. */
function folder(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The real CLI; ingest exits 0 when it finished, broken files or not. */
function ingestCli(caseFile: string, ...paths: string[]): Summary {
  const run = trailscope('ingest', '--case', caseFile, '--json', '--no-detect', ...paths);
  expect(run.stderr).not.toMatch(/Error:|at .*\.ts:\d+/);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Summary;
}

async function eventCount(caseFile: string): Promise<number> {
  const [row] = await caseRows<{ n: string }>(caseFile, 'SELECT count(*) AS n FROM events');
  return Number(row!.n);
}

async function sources(caseFile: string): Promise<SourceRow[]> {
  return caseRows<SourceRow>(
    caseFile,
    'SELECT path, member, status, error, record_count FROM sources ORDER BY source_id',
  );
}

const sourceAt = (all: SourceRow[], file: string, member: string | null = null) =>
  all.find((s) => s.path === file && s.member === member);

describe('hostile inputs to ingest', () => {
  it('loads zip members named with ".." or an absolute path under their names as written, and says so on their rows', async () => {
    const dir = folder('unsafe-names');
    const unsafe = [
      '../../etc/cron.d/evil.json',
      '/var/tmp/absolute.json',
      '..\\..\\Windows\\win.json',
      'C:/Users/Public/drive.json',
    ];
    writeFile(
      path.join(dir, 'evidence/names.zip'),
      hostileZip([
        { name: unsafe[0]!, data: log(ids('up', 3)) },
        { name: unsafe[1]!, data: log(ids('abs', 2)), deflate: true },
        { name: unsafe[2]!, data: log(ids('win', 1)) },
        { name: unsafe[3]!, data: log(ids('drive', 1)) },
        { name: 'AWSLogs/flaws2.json.gz', data: zlib.gzipSync(flaws2()) },
      ]),
    );
    // The same in a tar.gz, once directly and once inside a zip inside it.
    const nested = hostileZip([{ name: '../../nested/escape.json', data: log(ids('nested', 4)) }]);
    writeFile(
      path.join(dir, 'evidence/names.tar.gz'),
      await hostileTar(
        [
          { name: '../../tar/escape.json', data: log(ids('tar', 5)) },
          { name: 'inner/more.zip', data: nested },
        ],
        true,
      ),
    );
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, path.join(dir, 'evidence'));

    expect(summary.events_added).toBe(3 + 2 + 1 + 1 + 2 + 5 + 4);
    const all = await sources(caseFile);
    const zipFile = path.join(dir, 'evidence/names.zip');
    const tarFile = path.join(dir, 'evidence/names.tar.gz');
    for (const [file, member, count] of [
      [zipFile, unsafe[0], 3],
      [zipFile, unsafe[1], 2],
      [zipFile, unsafe[2], 1],
      [zipFile, unsafe[3], 1],
      [tarFile, '../../tar/escape.json', 5],
      [tarFile, 'inner/more.zip!/../../nested/escape.json', 4],
    ] as const) {
      expect(sourceAt(all, file, member)).toMatchObject({
        status: 'error',
        record_count: count,
        error: expect.stringContaining('absolute or ".." path'),
      });
    }
    expect(sourceAt(all, zipFile, 'AWSLogs/flaws2.json.gz')).toMatchObject({ status: 'ok', record_count: 2 });
  });

  it('records a zip cut short as one row, and loads the rest of the input', async () => {
    const dir = folder('cut-zip');
    const zip = hostileZip([
      { name: 'a.json', data: log(ids('cut-a', 20)) },
      { name: 'b.json', data: log(ids('cut-b', 20)), deflate: true },
    ]);
    writeFile(path.join(dir, 'evidence/cut-in-data.zip'), zip.subarray(0, Math.floor(zip.length * 0.6)));
    writeFile(path.join(dir, 'evidence/cut-in-directory.zip'), zip.subarray(0, zip.length - 10));
    writeFile(
      path.join(dir, 'evidence/outer.tar'),
      await hostileTar(
        [
          { name: 'inner-cut.zip', data: zip.subarray(0, zip.length - 30) },
          { name: 'beside.json', data: log(ids('beside', 3)) },
        ],
        false,
      ),
    );
    writeFile(path.join(dir, 'evidence/good.json'), log(ids('good', 7)));
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, path.join(dir, 'evidence'));

    expect(summary.events_added).toBe(7 + 3);
    const all = await sources(caseFile);
    for (const [file, member] of [
      ['evidence/cut-in-data.zip', null],
      ['evidence/cut-in-directory.zip', null],
      ['evidence/outer.tar', 'inner-cut.zip'],
    ] as const) {
      expect(sourceAt(all, path.join(dir, file), member)).toMatchObject({
        status: 'error',
        error: expect.stringContaining('no central directory'),
      });
    }
    // One row for each cut zip: none of their members were read.
    expect(all.filter((s) => s.member?.endsWith('a.json') || s.member?.endsWith('b.json'))).toEqual([]);
  });

  it('checks the CRC-32 of zip members, stored or deflated, and says so on a member that does not match', async () => {
    const dir = folder('zip-crc');
    writeFile(
      path.join(dir, 'evidence/crc.zip'),
      hostileZip([
        { name: 'stored-bad.json', data: log(ids('crc-stored', 3)), crc: 0x12345678 },
        { name: 'deflated-bad.json', data: log(ids('crc-deflated', 4)), deflate: true, crc: 0xdeadbeef },
        { name: 'good.json', data: log(ids('crc-good', 5)), deflate: true },
      ]),
    );
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, path.join(dir, 'evidence'));

    // The records are still loaded: the row says they may not be what the zip recorded.
    expect(summary.events_added).toBe(3 + 4 + 5);
    const all = await sources(caseFile);
    const zipFile = path.join(dir, 'evidence/crc.zip');
    for (const member of ['stored-bad.json', 'deflated-bad.json']) {
      expect(sourceAt(all, zipFile, member)).toMatchObject({
        status: 'error',
        error: expect.stringContaining('CRC-32 does not match'),
      });
    }
    expect(sourceAt(all, zipFile, 'good.json')).toMatchObject({ status: 'ok', record_count: 5 });
  });

  it('records dangling and looping links and links leaving the folder, follows links inside it and a link the user names', async () => {
    const dir = folder('links');
    const evidence = path.join(dir, 'evidence');
    writeFile(path.join(evidence, 'real.json'), log(ids('real', 2)));
    writeFile(path.join(evidence, 'sub/sub.json'), log(ids('sub', 3)));
    writeFile(path.join(dir, 'outside/secret.json'), log(ids('secret', 9)));
    writeFile(path.join(dir, 'outside/named.json'), log(ids('named', 4)));
    const link = (target: string, name: string) => fs.symlinkSync(target, path.join(evidence, name));
    link('real.json', 'z-copy-link.json');
    link('missing.json', 'dangling.json');
    link('self', 'self');
    link('ping', 'pong');
    link('pong', 'ping');
    link('.', 'loop');
    link('..', 'sub/back');
    link(path.join(dir, 'outside/secret.json'), 'outside-file.json');
    link('../outside', 'outside-folder');
    link('/etc/passwd', 'passwd');
    fs.symlinkSync(path.join(dir, 'outside/named.json'), path.join(dir, 'named-link.json'));
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, evidence, path.join(dir, 'named-link.json'));

    expect(summary.events_added).toBe(2 + 3 + 4);
    const all = await sources(caseFile);
    const at = (name: string) => sourceAt(all, path.join(evidence, name));
    expect(at('z-copy-link.json')).toMatchObject({ status: 'duplicate-file' });
    expect(at('dangling.json')).toMatchObject({
      status: 'error',
      error: expect.stringContaining('which does not exist (a dangling link)'),
    });
    for (const name of ['self', 'ping', 'pong'])
      expect(at(name)).toMatchObject({ status: 'error', error: expect.stringContaining('leads back to itself') });
    for (const name of ['loop', 'sub/back'])
      expect(at(name)).toMatchObject({
        status: 'error',
        error: expect.stringContaining('a folder that contains it: a loop'),
      });
    for (const name of ['outside-file.json', 'outside-folder', 'passwd'])
      expect(at(name)).toMatchObject({ status: 'error', error: expect.stringContaining('outside the folder given') });
    expect(sourceAt(all, path.join(dir, 'named-link.json'))).toMatchObject({ status: 'ok', record_count: 4 });
    expect(all.some((s) => s.path.includes('secret'))).toBe(false);
    // What could not be read is not recorded again on the next run, like everything else.
    expect(ingestCli(caseFile, evidence, path.join(dir, 'named-link.json'))).toMatchObject({
      events_added: 0,
      errors: [],
    });
    expect(await sources(caseFile)).toHaveLength(all.length);
  });

  it('records a file and a folder it may not read, and loads the rest', async () => {
    const dir = folder('permissions');
    const evidence = path.join(dir, 'evidence');
    writeFile(path.join(evidence, 'ok.json'), log(ids('perm-ok', 2)));
    writeFile(path.join(evidence, 'secret.json'), log(ids('perm-secret', 3)));
    writeFile(path.join(evidence, 'locked/inner.json'), log(ids('perm-inner', 4)));
    fs.chmodSync(path.join(evidence, 'secret.json'), 0o000);
    fs.chmodSync(path.join(evidence, 'locked'), 0o000);
    const caseFile = path.join(dir, 'case.duckdb');
    // Root reads anything whatever its mode; as root the CLI runs as nobody, in folders nobody may write.
    const asRoot = process.getuid?.() === 0;
    for (const writable of [root, dir]) fs.chmodSync(writable, 0o777);
    const run = spawnSync(process.execPath, [bin, 'ingest', '--case', caseFile, '--json', evidence], {
      encoding: 'utf8',
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
      env: { ...process.env, HOME: dir, TRAILSCOPE_CONFIG_DIR: path.join(dir, 'config') },
    });
    fs.chmodSync(path.join(evidence, 'locked'), 0o755);

    expect(run.stderr).not.toMatch(/Error:/);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).events_added).toBe(2);
    const all = await sources(caseFile);
    expect(sourceAt(all, path.join(evidence, 'secret.json'))).toMatchObject({
      status: 'error',
      error: 'cannot be read (permission denied, EACCES)',
    });
    expect(sourceAt(all, path.join(evidence, 'locked'))).toMatchObject({
      status: 'error',
      error: expect.stringContaining('cannot list this folder (permission denied, EACCES)'),
    });
  });

  it('records a file removed after its folder was listed, and one replaced by a pipe, without waiting on the pipe', async () => {
    const dir = folder('vanishing');
    const evidence = path.join(dir, 'evidence');
    writeFile(path.join(evidence, 'a.json'), log(ids('van-a', 2)));
    writeFile(path.join(evidence, 'b.json'), log(ids('van-b', 3)));
    writeFile(path.join(evidence, 'c-removed.json'), log(ids('van-c', 4)));
    writeFile(path.join(evidence, 'd-piped.json'), log(ids('van-d', 5)));
    const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
    let changed = false;
    try {
      // The first progress report comes after the folder was listed and before any file is read.
      const summary = await ingest(store, [evidence], {
        onProgress: () => {
          if (changed) return;
          changed = true;
          fs.rmSync(path.join(evidence, 'c-removed.json'));
          fs.rmSync(path.join(evidence, 'd-piped.json'));
          execFileSync('mkfifo', [path.join(evidence, 'd-piped.json')]);
        },
      });
      expect(summary.events_added).toBe(2 + 3);
      expect(summary.errors).toEqual([
        {
          path: path.join(evidence, 'c-removed.json'),
          message: 'the file was removed or renamed after its folder was listed: not read',
        },
        { path: path.join(evidence, 'd-piped.json'), message: 'a named pipe (FIFO), not a regular file: not read' },
      ]);
    } finally {
      store.close();
    }
  });

  it('records links, pipes and devices in tars, zips and folders instead of skipping them silently', async () => {
    const dir = folder('special-entries');
    const evidence = path.join(dir, 'evidence');
    const specials = (prefix: string) => [
      { name: `${prefix}/events.json`, data: log(ids(prefix, 2)) },
      { name: `${prefix}/passwd`, type: 'symlink' as const, linkname: '/etc/passwd' },
      { name: `${prefix}/hard.json`, type: 'link' as const, linkname: `${prefix}/events.json` },
      { name: `${prefix}/pipe`, type: 'fifo' as const },
      { name: `${prefix}/null`, type: 'character-device' as const },
      { name: `${prefix}/disk`, type: 'block-device' as const },
    ];
    writeFile(path.join(evidence, 'specials.tar'), await hostileTar(specials('tar'), false));
    writeFile(path.join(evidence, 'specials.tar.gz'), await hostileTar(specials('tgz'), true));
    writeFile(
      path.join(evidence, 'specials.zip'),
      hostileZip([
        { name: 'zip/events.json', data: log(ids('zip', 3)) },
        { name: 'zip/passwd', data: '/etc/passwd', unixMode: 0o120777 },
        { name: 'zip/pipe', data: '', unixMode: 0o010644 },
      ]),
    );
    execFileSync('mkfifo', [path.join(evidence, 'pipe-on-disk')]);
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, evidence);

    expect(summary.events_added).toBe(2 + 2 + 3);
    const all = await sources(caseFile);
    for (const [file, prefix] of [
      ['specials.tar', 'tar'],
      ['specials.tar.gz', 'tgz'],
    ] as const) {
      const member = (name: string) => sourceAt(all, path.join(evidence, file), `${prefix}/${name}`);
      expect(member('events.json')).toMatchObject({ status: 'ok', record_count: 2 });
      expect(member('passwd')).toMatchObject({
        status: 'error',
        error: 'a symbolic link inside the archive, to /etc/passwd: not followed',
      });
      expect(member('hard.json')).toMatchObject({
        status: 'error',
        error: expect.stringContaining(`a hard link inside the archive, to the member ${prefix}/events.json`),
      });
      expect(member('pipe')).toMatchObject({
        status: 'error',
        error: 'a named pipe (FIFO) inside the archive, not a file: not read',
      });
      expect(member('null')).toMatchObject({
        status: 'error',
        error: 'a character device inside the archive, not a file: not read',
      });
      expect(member('disk')).toMatchObject({
        status: 'error',
        error: 'a block device inside the archive, not a file: not read',
      });
    }
    const zipMember = (name: string) => sourceAt(all, path.join(evidence, 'specials.zip'), `zip/${name}`);
    expect(zipMember('passwd')).toMatchObject({
      status: 'error',
      error: 'a symbolic link inside the archive, not a file: not read',
    });
    expect(zipMember('pipe')).toMatchObject({
      status: 'error',
      error: 'a named pipe (FIFO) inside the archive, not a file: not read',
    });
    expect(sourceAt(all, path.join(evidence, 'pipe-on-disk'))).toMatchObject({
      status: 'error',
      error: 'a named pipe (FIFO), not a regular file: not read',
    });
  });

  it('refuses a path that does not exist before writing anything', async () => {
    const dir = folder('missing');
    writeFile(path.join(dir, 'good.json'), log(ids('missing', 2)));
    const caseFile = path.join(dir, 'case.duckdb');

    const run = trailscope('ingest', '--case', caseFile, path.join(dir, 'good.json'), path.join(dir, 'typo.json'));

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`No such file or folder: ${path.join(dir, 'typo.json')}`);
    if (fs.existsSync(caseFile)) expect(await caseRows(caseFile, 'SELECT * FROM ingests')).toEqual([]);
  });

  it('keeps the content of a gzip followed by garbage, reads every member of a multi-member gzip, and exposes the first member', async () => {
    const dir = folder('gzip-members');
    const evidence = path.join(dir, 'evidence');
    const garbage = Buffer.from('#!/bin/sh appended after the gzip data');
    writeFile(path.join(evidence, 'garbage.json.gz'), Buffer.concat([zlib.gzipSync(log(ids('garbage', 5))), garbage]));
    const text = log(ids('multi', 6));
    const half = text.length >> 1;
    const first = zlib.gzipSync(text.slice(0, half));
    const second = zlib.gzipSync(text.slice(half));
    writeFile(path.join(evidence, 'multi.json.gz'), Buffer.concat([first, second]));
    writeFile(
      path.join(evidence, 'padded.json.gz'),
      Buffer.concat([zlib.gzipSync(log(ids('padded', 2))), Buffer.alloc(512)]),
    );
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, evidence);

    expect(summary.events_added).toBe(5 + 6 + 2);
    const all = await sources(caseFile);
    expect(sourceAt(all, path.join(evidence, 'garbage.json.gz'))).toMatchObject({
      status: 'error',
      record_count: 5,
      error: `${garbage.length} bytes follow the gzip data and are not gzip: ignored`,
    });
    expect(sourceAt(all, path.join(evidence, 'multi.json.gz'))).toMatchObject({ status: 'ok', record_count: 6 });
    expect(sourceAt(all, path.join(evidence, 'padded.json.gz'))).toMatchObject({ status: 'ok', record_count: 2 });

    const decoded = await decode(Buffer.concat([first, second]), {
      maxContentBytes: 1 << 20,
      lease: ReadAheadBudget.unbounded(),
    });
    expect(decoded.firstGzipMember).toEqual({
      sha256Content: createHash('sha256').update(text.slice(0, half)).digest('hex'),
      followedBy: second.length,
      contentBytes: half,
    });
    const single = await decode(zlib.gzipSync(text), { maxContentBytes: 1 << 20, lease: ReadAheadBudget.unbounded() });
    expect(single.firstGzipMember).toEqual({
      sha256Content: single.sha256Content,
      followedBy: 0,
      contentBytes: text.length,
    });
  });

  it('keeps what decompressed before a damaged byte in gzip data, on disk and inside a tar, and says where', async () => {
    const dir = folder('damaged-deflate');
    const evidence = path.join(dir, 'evidence');
    const eventIds = ids('damaged', 300);
    const text = Buffer.from(log(eventIds));
    const blockBytes = 4096;
    const { gzip, blockHeaderAt } = storedBlockGzip(text, blockBytes);
    // Block 10's length check no longer matches: inflate stops exactly where block 10 starts,
    // once it has read the block's header up to the damaged byte.
    const damaged = Buffer.from(gzip);
    damaged[blockHeaderAt(10) + 3]! ^= 0xff;
    const whole = recordsEndingBy(eventIds, 10 * blockBytes);
    writeFile(path.join(evidence, 'stored-blocks.json.gz'), damaged);
    // A byte flipped in real (Huffman-coded) deflate data: what it costs depends on the byte.
    const real = Buffer.from(zlib.gzipSync(log(ids('huffman', 300))));
    real[real.length >> 1]! ^= 0x5a;
    writeFile(path.join(evidence, 'huffman.json.gz'), real);
    writeFile(path.join(evidence, 'in.tar'), await hostileTar([{ name: 'again.json.gz', data: damaged }], false));
    writeFile(path.join(evidence, 'good.json'), log(ids('damaged-good', 3)));
    // Under 16 KB, a file is first inflated in one call; a failure must end the same way.
    const smallIds = ids('small-damaged', 20);
    const small = storedBlockGzip(Buffer.from(log(smallIds)), 512);
    const smallDamaged = Buffer.from(small.gzip);
    smallDamaged[small.blockHeaderAt(3) + 3]! ^= 0xff;
    expect(smallDamaged.length).toBeLessThan(16 * 1024);
    writeFile(path.join(evidence, 'small-stored-blocks.json.gz'), smallDamaged);
    const smallWhole = recordsEndingBy(smallIds, 3 * 512);
    const caseFile = path.join(dir, 'case.duckdb');

    ingestCli(caseFile, evidence);

    expect(smallWhole).toBeGreaterThan(0);
    expect(sourceAt(await sources(caseFile), path.join(evidence, 'small-stored-blocks.json.gz'))).toMatchObject({
      status: 'error',
      record_count: smallWhole,
      error: expect.stringContaining(
        `damaged gzip data at byte ${small.blockHeaderAt(3) + 4} of ${smallDamaged.length} (invalid stored block lengths): the ${3 * 512} bytes decompressed before it are kept`,
      ),
    });

    expect(whole).toBeGreaterThan(20);
    const all = await sources(caseFile);
    const where = `damaged gzip data at byte ${blockHeaderAt(10) + 4} of ${damaged.length} (invalid stored block lengths): the ${10 * blockBytes} bytes decompressed before it are kept`;
    expect(sourceAt(all, path.join(evidence, 'stored-blocks.json.gz'))).toMatchObject({
      status: 'error',
      record_count: whole,
      error: expect.stringContaining(where),
    });
    // Damaged bytes are no original for a duplicate: inside the tar they are read again, and their events linked.
    expect(sourceAt(all, path.join(evidence, 'in.tar'), 'again.json.gz')).toMatchObject({
      status: 'error',
      record_count: whole,
      error: expect.stringContaining(where),
    });
    const huffman = sourceAt(all, path.join(evidence, 'huffman.json.gz'))!;
    expect(huffman.status).toBe('error');
    expect(huffman.error).toMatch(/damaged gzip data at byte \d+|CRC-32|not a readable gzip file/);
    expect(huffman.record_count).toBeLessThan(300);
    expect(await eventCount(caseFile)).toBe(whole + huffman.record_count + 3 + smallWhole);
  });

  it('loads the members of a tar.gz or tar before the cut, on disk or inside a zip, and records the cut once', async () => {
    const dir = folder('cut-tar');
    const evidence = path.join(dir, 'evidence');
    // The third member is long and does not compress, so that the cut falls inside it.
    const noisy = (prefix: string) =>
      JSON.stringify({
        Records: ids(prefix, 1500).map((id) => ({
          ...record(id),
          requestParameters: { nonce: randomBytes(48).toString('base64') },
        })),
      });
    const members = (prefix: string) => [
      { name: 'AWSLogs/first.json.gz', data: zlib.gzipSync(log(ids(`${prefix}-1`, 3))) },
      { name: 'second.json', data: log(ids(`${prefix}-2`, 2)) },
      { name: 'third.json', data: noisy(`${prefix}-3`) },
    ];
    const cut = (archive: Buffer) => archive.subarray(0, Math.floor(archive.length * 0.75));
    writeFile(path.join(evidence, 'cut.tar.gz'), cut(await hostileTar(members('tgz'), true)));
    writeFile(path.join(evidence, 'cut.tar'), cut(await hostileTar(members('tar'), false)));
    writeFile(
      path.join(evidence, 'outer.zip'),
      hostileZip([{ name: 'inner.tar.gz', data: cut(await hostileTar(members('nested'), true)) }]),
    );
    writeFile(path.join(evidence, 'good.json'), log(ids('cut-good', 4)));
    const caseFile = path.join(dir, 'case.duckdb');

    const summary = ingestCli(caseFile, evidence);

    expect(summary.events_added).toBe(3 * (3 + 2) + 4);
    const all = await sources(caseFile);
    for (const [file, member] of [
      ['cut.tar.gz', null],
      ['cut.tar', null],
      ['outer.zip', 'inner.tar.gz'],
    ] as const) {
      const archive = sourceAt(all, path.join(evidence, file), member);
      expect(archive).toMatchObject({
        status: 'error',
        error: expect.stringContaining(
          'the archive is cut short or damaged inside the member third.json, which was not read',
        ),
      });
      const inside = all.filter(
        (s) => s.path === path.join(evidence, file) && s.member !== null && s.member !== member,
      );
      expect(inside.map((s) => [s.member!.replace(/^inner\.tar\.gz!\//, ''), s.status, s.record_count])).toEqual([
        ['AWSLogs/first.json.gz', 'ok', 3],
        ['second.json', 'ok', 2],
      ]);
    }
    expect(sourceAt(all, path.join(evidence, 'cut.tar.gz'))!.error).toMatch(
      /^truncated gzip: the file ends after \d+ decompressed bytes; the archive is cut short/,
    );
  });

  it('never reads a file swapped after its folder was listed, for a link out or another file, whatever its kind', async () => {
    const dir = folder('swapped');
    const evidence = path.join(dir, 'evidence');
    const secret = writeFile(path.join(dir, 'outside/secret.json'), log(ids('secret', 9)));
    const padded = (prefix: string, count: number) =>
      JSON.stringify({ Records: ids(prefix, count).map((id) => ({ ...record(id), pad: 'p'.repeat(200) })) });
    const kinds: Record<string, () => Promise<Buffer | string>> = {
      'small.json': async () => log(ids('small', 2)),
      // Past the 64 KiB head: read again when its turn comes.
      'large.json': async () => padded('large', 400),
      'archive.zip': async () => zipBuffer([{ name: 'in-zip.json', data: log(ids('zip', 3)) }]),
      'archive.tar': async () => hostileTar([{ name: 'in-tar.json', data: log(ids('tar', 4)) }], false),
      'archive.tar.gz': async () => tarGzBuffer([{ name: 'in-tgz.json', data: log(ids('tgz', 5)) }]),
    };
    for (const [name, data] of Object.entries(kinds)) {
      writeFile(path.join(evidence, `link-${name}`), await data());
      writeFile(path.join(evidence, `other-${name}`), await data());
    }
    writeFile(path.join(evidence, 'kept.json'), log(ids('kept', 1)));
    const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
    let swapped = false;
    try {
      // The first progress report comes after the folder was listed and before any file is read.
      const summary = await ingest(store, [evidence], {
        onProgress: () => {
          if (swapped) return;
          swapped = true;
          for (const name of Object.keys(kinds)) {
            const link = path.join(evidence, `link-${name}`);
            fs.rmSync(link);
            fs.symlinkSync(secret, link);
            const other = path.join(evidence, `other-${name}`);
            fs.copyFileSync(secret, `${other}.new`);
            fs.renameSync(`${other}.new`, other);
          }
        },
      });
      expect(summary.events_added).toBe(1);
      const swappedNames = Object.keys(kinds).flatMap((name) => [`link-${name}`, `other-${name}`]);
      expect(summary.errors).toEqual(
        swappedNames.sort().map((name) => ({
          path: path.join(evidence, name),
          message:
            'another file took its name after its folder was listed (replaced, or a link put in its place): not read',
        })),
      );
      const [row] = await store.read((db) =>
        db.rows<{ n: string }>("SELECT count(*) AS n FROM events WHERE event_id LIKE 'secret-%'"),
      );
      expect(Number(row!.n)).toBe(0);
    } finally {
      store.close();
    }
  });

  it('lets go of an archive on disk when the ingest stops in the middle of it, a zip or a tar', async () => {
    const dir = folder('stopped-mid-archive');
    const members = ids('member', 50).map((name) => ({ name: `${name}.json`, data: log([name]) }));
    // A small tar.gz is read whole and its members from memory; these two are read from their files.
    const archives = [
      writeFile(path.join(dir, 'a.zip'), zipBuffer(members)),
      writeFile(path.join(dir, 'b.tar'), await hostileTar(members, false)),
    ];
    const openOnes = () =>
      fs.readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [fs.readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return [];
        }
      });
    for (const archive of archives) {
      const walk = walkDisk(listInputs([archive]), DEFAULT_LIMITS);
      expect((await walk.next()).value).toMatchObject({ type: 'file', member: 'member-0.json' });
      expect(openOnes()).toContain(archive);
      await walk.return(undefined);
      // A descriptor is closed by the thread pool, a moment later; one never closed stays for good.
      for (let i = 0; i < 100 && openOnes().includes(archive); i++) await new Promise((r) => setTimeout(r, 50));
      expect(openOnes()).not.toContain(archive);
    }
  });

  describe("never reads the case's own files as evidence, when the case sits in the folder given", () => {
    const CASE_OWN = expect.stringContaining("the case's own file or folder");

    /** An evidence folder with an open case inside it, its WAL beside it. */
    async function caseInEvidence(name: string) {
      const evidence = folder(`case-own-${name}`);
      writeFile(path.join(evidence, 'trail.json'), log(ids(`own-${name}`, 3)));
      const caseFile = path.join(evidence, 'case.duckdb');
      const store = await CaseStore.open(caseFile, { create: true });
      // The case's migrations leave a WAL until DuckDB's next checkpoint.
      expect(fs.existsSync(`${caseFile}.wal`)).toBe(true);
      return { evidence, caseFile, store };
    }

    async function ingested(store: CaseStore, paths: string[]) {
      try {
        return await ingest(store, paths);
      } finally {
        store.close();
      }
    }

    it('the case file and its WAL, by their names, through a linked folder and as a hard link', async () => {
      const { evidence, caseFile, store } = await caseInEvidence('names');
      fs.linkSync(caseFile, path.join(evidence, 'hard-link.bin'));
      const linked = path.join(path.dirname(evidence), 'case-own-names-link');
      fs.symlinkSync(evidence, linked);

      const summary = await ingested(store, [linked, caseFile]);

      expect(summary.events_added).toBe(3);
      expect(summary.errors).toEqual(
        expect.arrayContaining([
          { path: path.join(linked, 'case.duckdb'), message: CASE_OWN },
          { path: path.join(linked, 'case.duckdb.wal'), message: CASE_OWN },
          { path: path.join(linked, 'hard-link.bin'), message: CASE_OWN },
          { path: caseFile, message: CASE_OWN },
        ]),
      );
      expect(summary.errors).toHaveLength(4);
    });

    it("a killed ingest's staging folder and the exports folder, whatever they hold", async () => {
      const { evidence, caseFile, store } = await caseInEvidence('folders');
      // CloudTrail files where a reader of every file would find and load them.
      writeFile(path.join(`${caseFile}.ingest-tmp`, 'run-1-killed', 'stale.json'), log(ids('stale', 5)));
      writeFile(path.join(`${caseFile}.exports`, 'query.json'), log(ids('exported', 7)));

      const summary = await ingested(store, [evidence]);

      expect(summary.events_added).toBe(3);
      expect(summary.errors).toEqual([
        { path: path.join(evidence, 'case.duckdb'), message: CASE_OWN },
        { path: path.join(evidence, 'case.duckdb.exports'), message: CASE_OWN },
        { path: path.join(evidence, 'case.duckdb.ingest-tmp'), message: CASE_OWN },
        { path: path.join(evidence, 'case.duckdb.wal'), message: CASE_OWN },
      ]);
    });

    it('while the uploads beside it are evidence, and load', async () => {
      const { evidence, caseFile, store } = await caseInEvidence('uploads');
      writeFile(path.join(`${caseFile}.uploads`, 'uploaded.json'), log(ids('uploaded', 2)));

      const summary = await ingested(store, [evidence]);

      expect(summary.events_added).toBe(3 + 2);
      expect(summary.errors).toEqual([
        { path: path.join(evidence, 'case.duckdb'), message: CASE_OWN },
        { path: path.join(evidence, 'case.duckdb.wal'), message: CASE_OWN },
      ]);
    });
  });

  it('keeps memory bounded by the file in hand and the read-ahead budget, whatever the files decompress to', async () => {
    const dir = folder('memory-scaled');
    const evidence = path.join(dir, 'evidence');
    const mib = 1024 * 1024;
    const limits = { maxFileBytes: 40 * mib, readAheadBytes: 8 * mib };
    // Six files of 32 MiB of zeros, a gzip of three such members (past the limit), a zip of
    // four 32 MiB members, and one real log.
    for (let i = 0; i < 6; i++) writeFile(path.join(evidence, `zeros-${i}.json.gz`), gzippedZeros(32 * mib, i));
    writeFile(
      path.join(evidence, 'members.json.gz'),
      Buffer.concat([0, 1, 2].map((i) => gzippedZeros(32 * mib, 100 + i))),
    );
    const zeros = deflatedZeros(32 * mib);
    writeFile(
      path.join(evidence, 'zeros.zip'),
      hostileZip(
        ids('member', 4).map((name) => ({
          name,
          data: '',
          deflated: { data: zeros.deflated, size: 32 * mib, crc32: zeros.crc32 },
        })),
      ),
    );
    writeFile(path.join(evidence, 'real.json'), log(ids('memory', 3)));
    const baseline = ingestChild(path.join(dir, 'baseline.duckdb'), { limits }, path.join(evidence, 'real.json'));

    const bombs = ingestChild(path.join(dir, 'case.duckdb'), { limits }, evidence);

    expect(bombs.summary.events_added).toBe(3);
    expect(bombs.summary.errors).toHaveLength(6 + 1 + 4);
    expect(bombs.summary.errors.find((e) => e.path.endsWith('members.json.gz'))?.message).toBe(
      'larger than 40 MiB once decompressed; split it into smaller files',
    );
    // The file in hand, the one before it until it is collected, the read-ahead budget and
    // zlib's chunks. Reading four files ahead, each held twice, took over twice this.
    const bound = 2 * limits.maxFileBytes + limits.readAheadBytes + 64 * mib;
    expect(bombs.maxRssBytes - baseline.maxRssBytes).toBeLessThan(bound);
  }, 120_000);

  it('stays under 2 GB on gzip files of 510 MB of zeros, as reported', async () => {
    const dir = folder('memory-real');
    const evidence = path.join(dir, 'evidence');
    // Two were enough to pass 2 GB before: each was held twice (zlib's chunks and their
    // concatenation), and both at once. The zip of the report has its scaled twin above.
    for (let i = 0; i < 2; i++) writeFile(path.join(evidence, `zeros-${i}.json.gz`), gzippedZeros(510e6, i));
    writeFile(path.join(evidence, 'real.json'), log(ids('memory-real', 3)));
    const caseFile = path.join(dir, 'case.duckdb');

    const run = spawnSync(
      '/usr/bin/time',
      ['-f', 'max-rss-kb=%M', process.execPath, bin, 'ingest', '--case', caseFile, '--json', evidence],
      { encoding: 'utf8' },
    );

    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as Summary).events_added).toBe(3);
    const peakKb = Number(/max-rss-kb=(\d+)/.exec(run.stderr)![1]);
    expect(peakKb * 1024).toBeLessThan(2e9);
  }, 180_000);
});

/** An ingest in a process of its own, with options the CLI does not take; its summary and peak RSS. */
function ingestChild(
  caseFile: string,
  options: object,
  ...inputs: string[]
): { summary: Summary; maxRssBytes: number } {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/ingest-child.ts', caseFile, JSON.stringify(options), ...inputs],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { summary: Summary; maxRssBytes: number };
}

/** How many records of `log(eventIds)` end within its first `bytes` bytes. */
function recordsEndingBy(eventIds: string[], bytes: number): number {
  let end = '{"Records":['.length;
  let whole = 0;
  for (const id of eventIds) {
    end += JSON.stringify(record(id)).length;
    if (end <= bytes) whole++;
    end += 1;
  }
  return whole;
}
