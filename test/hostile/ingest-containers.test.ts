import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { type IngestOptions, ingest } from '../../electron/core/ingest/ingest.ts';
import { LISTED_INGEST_ERRORS } from '../../shared/model/ingest.ts';
import { writeFile } from '../helpers/archives.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { deflatedZeros, hostileTar, hostileZip } from '../helpers/hostile-archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Containers an attacker shapes to cost more than their size: names of megabytes, members
 * that share their data, archives of empty members, a folder entry that holds data. Each
 * must load what it holds, say what was wrong on its row, and cost about what its bytes do.
 */

interface SourceRow {
  path: string;
  member: string | null;
  status: string;
  error: string | null;
  record_count: number;
}

const root = tempDir('trailscope-hostile-containers-');
const mib = 1024 * 1024;

const record = (eventID: string) => ({
  eventVersion: '1.08',
  eventTime: '2024-03-04T05:06:07Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  eventID,
  recipientAccountId: '111122223333',
});
const log = (...eventIds: string[]) => JSON.stringify({ Records: eventIds.map(record) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function folder(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The case beside its folder of inputs, never among them. */
const caseFor = (dir: string) => `${dir}.duckdb`;

async function ingestInto(caseFile: string, inputs: string[], options: IngestOptions = {}) {
  const store = await CaseStore.open(caseFile, { create: true });
  try {
    return await ingest(store, inputs, options);
  } finally {
    store.close();
  }
}

const sources = (caseFile: string) =>
  caseRows<SourceRow>(caseFile, 'SELECT path, member, status, error, record_count FROM sources ORDER BY source_id');

const eventIds = async (caseFile: string) =>
  (await caseRows<{ id: string }>(caseFile, "SELECT split_part(event_key, '@', 1) AS id FROM events ORDER BY 1")).map(
    (r) => r.id,
  );

/** A ustar header block, checksum included, for entries tar-stream does not write (GNU long names). */
function tarHeader(name: string, size: number, type: string): Buffer {
  const block = Buffer.alloc(512);
  block.write(name.slice(0, 99), 0);
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
  block.write('00000000000\0', 136);
  block.write('        ', 148);
  block.write(type, 156);
  block.write('ustar  \0', 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

const padded = (data: Buffer) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);

/** A member named through a GNU `././@LongLink` entry, as GNU tar writes names past 100 bytes. */
function gnuLongNamed(name: string, data: string): Buffer {
  const longName = Buffer.from(`${name}\0`);
  const body = Buffer.from(data);
  return Buffer.concat([
    tarHeader('././@LongLink', longName.length, 'L'),
    padded(longName),
    tarHeader(name, body.length, '0'),
    padded(body),
  ]);
}

describe('member names of megabytes', () => {
  it('are recorded cut to their ends, with their length and SHA-256, whether PAX, GNU, zip or a link target', async () => {
    const dir = folder('long-names');
    const pax = `AWSLogs/${'p'.repeat(3 * mib)}/pax.json`;
    const gnu = `AWSLogs/${'g'.repeat(2 * mib)}/gnu.json`;
    const zipped = `${'z'.repeat(60_000)}/zip.json`;
    const target = `/${'t'.repeat(mib)}`;
    writeFile(
      path.join(dir, 'evidence/pax.tar.gz'),
      await hostileTar(
        [
          { name: pax, data: log('pax-1') },
          { name: 'link', type: 'symlink', linkname: target },
          { name: 'short.json', data: log('short-1') },
        ],
        true,
      ),
    );
    writeFile(
      path.join(dir, 'evidence/gnu.tar.gz'),
      zlib.gzipSync(Buffer.concat([gnuLongNamed(gnu, log('gnu-1')), Buffer.alloc(1024)])),
    );
    writeFile(path.join(dir, 'evidence/names.zip'), hostileZip([{ name: zipped, data: log('zip-1') }]));
    const caseFile = caseFor(dir);

    await ingestInto(caseFile, [path.join(dir, 'evidence')]);

    expect(await eventIds(caseFile)).toEqual(['gnu-1', 'pax-1', 'short-1', 'zip-1']);
    const all = await sources(caseFile);
    for (const [name, eventId] of [
      [pax, 'pax-1'],
      [gnu, 'gnu-1'],
      [zipped, 'zip-1'],
    ] as const) {
      const row = all.find((s) => s.member?.includes(sha256(name)));
      expect(row, eventId).toBeDefined();
      expect(row!.member!.length).toBeLessThan(1200);
      expect(row!.member!.startsWith(name.slice(0, 512))).toBe(true);
      expect(row!.member!.endsWith(name.slice(-512))).toBe(true);
      expect(row!.member).toContain(`${name.length} characters`);
      expect(row!.record_count).toBe(1);
      expect(row!.error).toContain(`the archive names this member with ${name.length} characters`);
    }
    const link = all.find((s) => s.member === 'link')!;
    expect(link.error!.length).toBeLessThan(1400);
    expect(link.error).toContain(sha256(target));
    expect(all.find((s) => s.member === 'short.json')).toMatchObject({ status: 'ok', error: null });
  }, 60_000);

  it('are the same on a second ingest, which adds nothing', async () => {
    const dir = folder('long-names-again');
    const name = `${'n'.repeat(2 * mib)}.json`;
    writeFile(path.join(dir, 'long.tar.gz'), await hostileTar([{ name, data: log('again-1') }], true));
    const caseFile = caseFor(dir);

    await ingestInto(caseFile, [path.join(dir, 'long.tar.gz')]);
    const second = await ingestInto(caseFile, [path.join(dir, 'long.tar.gz')]);

    expect(second.files).toBe(0);
    expect(second.events_added).toBe(0);
    expect(await sources(caseFile)).toHaveLength(2);
  }, 60_000);
});

describe('zip members that share their data', () => {
  // A fixed-Huffman block of 8 MiB of zeros: 64 KiB of deflate data.
  const kernelBytes = 8 * mib;
  const kernel = deflatedZeros(kernelBytes);

  it('are read once: directory entries pointing at one member are rows saying so, and the honest members load', async () => {
    const dir = folder('overlap-same');
    const zip = hostileZip([
      { name: 'real.json', data: log('real-1') },
      { name: 'kernel.json', data: '', deflated: { data: kernel.deflated, size: kernelBytes, crc32: kernel.crc32 } },
      { name: 'after.json', data: log('after-1'), deflate: true },
    ]);
    // Twenty more directory entries, each a copy of kernel.json's under another name.
    const { directory, end } = zipParts(zip);
    const kernelEntry = centralEntries(directory)[1]!;
    const copies = Array.from({ length: 20 }, (_, i) =>
      renamed(kernelEntry, `copy-${String(i).padStart(2, '0')}.json`),
    );
    const bomb = rebuilt(zip, [...centralEntries(directory), ...copies], end);
    writeFile(path.join(dir, 'bomb.zip'), bomb);
    const caseFile = caseFor(dir);

    const summary = await ingestInto(caseFile, [path.join(dir, 'bomb.zip')]);

    expect(summary.events_added).toBe(2);
    const all = await sources(caseFile);
    const copyRows = all.filter((s) => s.member?.startsWith('copy-'));
    expect(copyRows).toHaveLength(20);
    for (const row of copyRows) expect(row.error).toMatch(/points at an earlier member's data .* not read$/);
    expect(all.find((s) => s.member === 'kernel.json')!.error).toMatch(/^not a CloudTrail file/);
  }, 60_000);

  it('are read once when each member quotes the next one, the full-overlap bomb', async () => {
    const dir = folder('overlap-quoted');
    const zip = quotedOverlapZip(16, kernel.deflated, kernelBytes);
    writeFile(path.join(dir, 'quoted.zip'), zip);
    writeFile(
      path.join(dir, 'honest.zip'),
      hostileZip(['a', 'b', 'c'].map((id) => ({ name: `${id}.json`, data: log(`honest-${id}`), deflate: true }))),
    );
    const caseFile = caseFor(dir);

    await ingestInto(caseFile, [dir]);

    expect(await eventIds(caseFile)).toEqual(['honest-a', 'honest-b', 'honest-c']);
    const all = await sources(caseFile);
    const quoted = all.filter((s) => s.path.endsWith('quoted.zip') && s.member !== null);
    expect(quoted).toHaveLength(16);
    // The first member claims the data of all the others: each after it overlaps.
    expect(quoted[0]!.error).not.toMatch(/overlaps/);
    for (const row of quoted.slice(1))
      expect(row.error).toMatch(/^the zip's members claim more bytes than its \d+, so their data overlaps/);
    expect(all.filter((s) => s.path.endsWith('honest.zip')).every((s) => s.status === 'ok')).toBe(true);
  }, 60_000);
});

describe('a zip member marked as a folder', () => {
  it('is read as a file when it holds data, by its name or its Unix mode, and an empty folder is no row', async () => {
    const dir = folder('folder-members');
    writeFile(
      path.join(dir, 'folders.zip'),
      hostileZip([
        { name: 'AWSLogs/', data: '' },
        { name: 'slash/', data: log('slash-1') },
        { name: 'deflated/', data: log('deflated-1'), deflate: true },
        { name: 'mode', data: log('mode-1'), unixMode: 0o040755 },
        { name: 'empty-mode', data: '', unixMode: 0o040755 },
        { name: 'empty-deflated/', data: '', deflate: true },
      ]),
    );
    const caseFile = caseFor(dir);

    await ingestInto(caseFile, [path.join(dir, 'folders.zip')]);

    expect(await eventIds(caseFile)).toEqual(['deflated-1', 'mode-1', 'slash-1']);
    const members = (await sources(caseFile)).filter((s) => s.member !== null);
    expect(members.map((s) => s.member)).toEqual(['slash/', 'deflated/', 'mode']);
    for (const row of members)
      expect(row.error).toMatch(
        /^the archive marks this member as a folder, yet it holds \d+ bytes: it was read as a file$/,
      );
  });
});

describe('archives of many members that hold no record', () => {
  it('commit in batches of their rows, not all at once', async () => {
    const dir = folder('many-members');
    // 3,000 empty members (a million of them once ended the process with "Invalid string length").
    const empties = Buffer.concat(Array.from({ length: 3000 }, (_, i) => tarHeader(`m/${i}`, 0, '0')));
    writeFile(path.join(dir, 'empties.tar.gz'), zlib.gzipSync(Buffer.concat([empties, Buffer.alloc(1024)])));
    writeFile(path.join(dir, 'real.json'), log('real-1'));
    const caseFile = path.join(root, 'many-members.duckdb');

    const summary = await ingestInto(caseFile, [dir], { batchBytes: 256 * 1024 });

    expect(summary.batches).toBeGreaterThan(3);
    expect(summary.events_added).toBe(1);
    expect(await sources(caseFile)).toHaveLength(3000 + 2);
  }, 60_000);

  it('commit in batches of their rejections too: small files of many rejected records', async () => {
    const dir = folder('many-rejections');
    // Each 1,000 lines of 64 KiB that are not JSON, gzipped to a few KB; a dozen once ended the process.
    const junk = Array.from({ length: 1000 }, () => `{"eventID":"${'a'.repeat(64 * 1024)}",}`).join('\n');
    for (let i = 0; i < 2; i++)
      writeFile(
        path.join(dir, `junk-${i}.json.gz`),
        zlib.gzipSync(`${junk}\n${JSON.stringify(record(`kept-${i}`))}`, { level: 9 }),
      );
    const caseFile = caseFor(dir);

    const summary = await ingestInto(caseFile, [dir], { batchBytes: 16 * mib });

    expect(summary.batches).toBeGreaterThan(1);
    expect(summary.rejected).toBe(2000);
    expect(summary.events_added).toBe(2);
  }, 120_000);
});

describe('an archive of many broken members', () => {
  it('has its summary name the first 1,000 and count the rest, each one a row of sources', async () => {
    const dir = folder('many-broken');
    const members = Buffer.concat(
      Array.from({ length: 1500 }, (_, i) => {
        const body = Buffer.from(`{"not": "cloudtrail ${i}"}`);
        return Buffer.concat([tarHeader(`broken/${i}.json`, body.length, '0'), body, Buffer.alloc(512 - body.length)]);
      }),
    );
    writeFile(path.join(dir, 'broken.tar'), Buffer.concat([members, Buffer.alloc(1024)]));
    writeFile(path.join(dir, 'real.json'), log('real-1'));
    const caseFile = caseFor(dir);

    const summary = await ingestInto(caseFile, [dir]);

    expect(summary.events_added).toBe(1);
    expect(summary.error_files).toBe(1500);
    expect(summary.errors).toHaveLength(LISTED_INGEST_ERRORS);
    expect(summary.errors[0]!.path).toMatch(/broken\.tar!\/broken\/0\.json$/);
    expect((await sources(caseFile)).filter((s) => s.status === 'error')).toHaveLength(1500);
  }, 60_000);
});

describe('a tar.gz that inflates past the file limit', () => {
  it('is streamed member by member however small it is on disk, not refused whole', async () => {
    const dir = folder('small-big-tar');
    const limits = { maxFileBytes: 4 * mib };
    // 8 MiB of zeros (8 KB gzipped) after three logs: past the limit, so once one error.
    const tarball = await hostileTar(
      [
        { name: 'one.json', data: log('tar-1') },
        { name: 'two.json', data: log('tar-2') },
        { name: 'zeros.bin', data: Buffer.alloc(8 * mib) },
        { name: 'three.json', data: log('tar-3') },
      ],
      true,
    );
    expect(tarball.length).toBeLessThan(32 * mib);
    writeFile(path.join(dir, 'small.tar.gz'), tarball);
    const caseFile = caseFor(dir);

    await ingestInto(caseFile, [dir], { limits });

    expect(await eventIds(caseFile)).toEqual(['tar-1', 'tar-2', 'tar-3']);
    const zeros = (await sources(caseFile)).find((s) => s.member === 'zeros.bin')!;
    expect(zeros.error).toMatch(/larger than 4 MiB/);
  }, 60_000);
});

describe('a file whose name is not UTF-8', () => {
  it('is a row saying so, not one saying the file was removed', async () => {
    const dir = folder('not-utf8');
    const raw = Buffer.concat([Buffer.from(`${dir}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.json')]);
    fs.writeFileSync(raw, log('bad-1'));
    writeFile(path.join(dir, 'good.json'), log('good-1'));
    const caseFile = path.join(root, 'not-utf8.duckdb');

    const summary = await ingestInto(caseFile, [dir]);

    expect(summary.events_added).toBe(1);
    expect(summary.errors).toEqual([
      {
        path: path.join(dir, 'bad-\ufffd\ufffd.json'),
        message: expect.stringMatching(/^its name is not valid UTF-8 .* rename it/),
      },
    ]);
  });
});

/** A zip's central directory and end record, split from its local part. */
function zipParts(zip: Buffer): { directory: Buffer; end: Buffer } {
  const endAt = zip.length - 22;
  const size = zip.readUInt32LE(endAt + 12);
  const at = zip.readUInt32LE(endAt + 16);
  return { directory: zip.subarray(at, at + size), end: zip.subarray(endAt) };
}

function centralEntries(directory: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  for (let at = 0; at < directory.length; ) {
    const length =
      46 + directory.readUInt16LE(at + 28) + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    entries.push(directory.subarray(at, at + length));
    at += length;
  }
  return entries;
}

function renamed(entry: Buffer, name: string): Buffer {
  const head = Buffer.from(entry.subarray(0, 46));
  head.writeUInt16LE(Buffer.byteLength(name), 28);
  return Buffer.concat([head, Buffer.from(name)]);
}

function rebuilt(zip: Buffer, entries: Buffer[], end: Buffer): Buffer {
  const locals = zip.subarray(0, end.readUInt32LE(16));
  const directory = Buffer.concat(entries);
  const newEnd = Buffer.from(end);
  newEnd.writeUInt16LE(entries.length, 8);
  newEnd.writeUInt16LE(entries.length, 10);
  newEnd.writeUInt32LE(directory.length, 12);
  return Buffer.concat([locals, directory, newEnd]);
}

/**
 * David Fifield's full-overlap construction (https://www.bamsoftware.com/hacks/zipbomb/): each
 * member's deflate data starts with a stored block quoting the next member's local header,
 * then goes on with that member's data, so every member inflates the one kernel at the end.
 * CRC-32s are left 0: a mismatch is only a note, and the point is what gets inflated.
 */
function quotedOverlapZip(count: number, kernel: Buffer, kernelSize: number): Buffer {
  const names = Array.from({ length: count }, (_, i) => Buffer.from(`q-${String(i).padStart(2, '0')}.json`));
  const localHeader = (i: number, compressed: number, size: number) => {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(compressed, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(names[i]!.length, 26);
    return Buffer.concat([header, names[i]!]);
  };
  // Built from the last member back: its data is the kernel; each earlier one quotes the next header.
  const parts: Buffer[] = [];
  const sizes: { compressed: number; size: number }[] = [];
  let data = kernel;
  let size = kernelSize;
  for (let i = count - 1; i >= 0; i--) {
    sizes[i] = { compressed: data.length, size };
    const header = localHeader(i, data.length, size);
    parts.unshift(header);
    if (i === 0) break;
    const quote = Buffer.alloc(5);
    quote.writeUInt16LE(header.length, 1);
    quote.writeUInt16LE(~header.length & 0xffff, 3);
    data = Buffer.concat([quote, header, data]);
    size += header.length;
  }
  // The file: member 0's header, then its data (which holds every later header and the kernel).
  const body = Buffer.concat([parts[0]!, data]);
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(sizes[i]!.compressed, 20);
    central.writeUInt32LE(sizes[i]!.size, 24);
    central.writeUInt16LE(names[i]!.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, names[i]!);
    // Member i+1's header sits after member i's header and its 5-byte quote.
    offset += 30 + names[i]!.length + 5;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, directory, end]);
}
