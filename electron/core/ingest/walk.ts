import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { hashStream } from '../files/hash-file.ts';
import type { MemberListing, StoredRead } from './archives.ts';
import { type Container, containerOf } from './decode.ts';
import { isGzip } from './gzip.ts';
import { type InputEntry, type ListedFile, reason } from './inputs.ts';
import { type IngestLimits, sizeLabel } from './limits.ts';
import { openListed } from './listed-file.ts';
import type { Lease } from './read-ahead-budget.ts';
import { tarMembers } from './tar-members.ts';
import { zipMembers } from './zip-members.ts';

/** Where a file came from: the path on disk, and inside which archive members (joined by '!/'). */
export interface Origin {
  path: string;
  member: string | null;
}

/**
 * What the walk finds, in order: files to read (not yet read: the read-ahead decides when),
 * things that cannot be read, and each archive's own row after its members. `depth` counts
 * the archives a file is inside; `diskBytes` is its share of the bytes on disk, for progress.
 */
export type WalkItem =
  | (Origin & {
      type: 'file';
      size: number;
      diskBytes: number;
      depth: number;
      notes: string[];
      read(lease: Lease): Promise<StoredRead>;
    })
  | (Origin & { type: 'unreadable'; size: number; message: string; diskBytes: number })
  | (Origin & { type: 'archive'; size: number; sha256: string; error: string | null; diskBytes: number });

// Small gzip files are read whole; only those that could pass the size limit once inflated
// are peeked at for a tar inside, to be streamed member by member, which costs a partial
// inflate per file (measured: too much for thousands of small logs). Deflate writes at most
// 258 bytes per 2 bits, so a smaller gzip cannot pass the limit. Peeking only past 32 MiB made
// a 10 MB tar.gz of 768 MB one error, "larger than 512 MiB once decompressed".
const MAX_DEFLATE_RATIO = 1032;
// Enough deflate data for a tar's first header; it inflates to 4 MiB at most.
const PEEK_BYTES = 4 * 1024;
const HEAD_BYTES = 64 * 1024;
const STREAM_CHUNK = 1024 * 1024;

export function nestedMember(origin: Origin, name: string): string {
  return origin.member ? `${origin.member}!/${name}` : name;
}

/** Every file under the inputs, with archives on disk listed member by member. */
export async function* walkDisk(entries: Iterable<InputEntry>, limits: IngestLimits): AsyncGenerator<WalkItem> {
  for (const entry of entries) {
    const origin: Origin = { path: entry.path, member: null };
    if (entry.type === 'problem') {
      yield { ...origin, type: 'unreadable', size: 0, message: entry.message, diskBytes: 0 };
      continue;
    }
    const head = readHead(entry);
    if (typeof head === 'string') {
      yield { ...origin, type: 'unreadable', size: entry.size, message: head, diskBytes: entry.size };
      continue;
    }
    const container =
      containerOf(head.bytes) ??
      (isGzip(head.bytes) && head.size > limits.maxFileBytes / MAX_DEFLATE_RATIO ? gzippedContainer(head.bytes) : null);
    if (container === 'zip') {
      const opened = openListed(entry);
      if (typeof opened === 'string') {
        yield { ...origin, type: 'unreadable', size: head.size, message: opened, diskBytes: head.size };
        continue;
      }
      const end = yield* archiveMembers(origin, 0, zipMembers(opened.fd, limits.maxFileBytes), head.size);
      yield await archiveRow(origin, head.size, end, () => hashListed(entry));
    } else if (container === 'tar') {
      yield* diskTar(entry, head.size, isGzip(head.bytes), limits);
    } else if (head.size > limits.maxFileBytes) {
      yield {
        ...origin,
        type: 'unreadable',
        size: head.size,
        message: `${head.size} bytes, larger than ${sizeLabel(limits.maxFileBytes)}; split it into smaller files`,
        diskBytes: head.size,
      };
    } else {
      const whole = head.bytes.length === head.size ? head.bytes : null;
      // Written out, not spread from `origin`: every plain file is yielded here, and over the org
      // trail's 110,920 the spread was 0.8 s of the JS thread (`--cpu-prof`).
      yield {
        path: entry.path,
        member: null,
        type: 'file',
        size: head.size,
        diskBytes: head.size,
        depth: 0,
        notes: [],
        read: (lease) => readDiskFile(entry, whole, limits, lease),
      };
    }
  }
}

/** The members of an archive that was found inside another file, already in memory. */
export async function* walkNested(
  origin: Origin & { depth: number },
  content: Buffer,
  container: Exclude<Container, null>,
  limits: IngestLimits,
): AsyncGenerator<WalkItem, string | null> {
  const members =
    container === 'zip' ? zipMembers(content, limits.maxFileBytes) : tarMembers(content, limits.maxFileBytes);
  return yield* archiveMembers(origin, origin.depth, members, 0);
}

/** Disk bytes are spread over members so progress advances through a big archive. */
async function* archiveMembers(
  origin: Origin,
  depth: number,
  members: MemberListing,
  archiveBytes: number,
): AsyncGenerator<WalkItem, string | null> {
  let count = 0;
  // Stopped in the middle (a cancel), the listing is ended too: a zip it leaves open keeps its file.
  try {
    for (;;) {
      const next = await members.next();
      if (next.done) return next.value;
      const member = next.value;
      const at: Origin = { path: origin.path, member: nestedMember(origin, member.name) };
      const diskBytes = count++ === 0 ? archiveBytes : 0;
      if (member.type === 'unreadable')
        yield { ...at, type: 'unreadable', size: member.size, message: member.message, diskBytes };
      else
        yield {
          ...at,
          type: 'file',
          size: member.size,
          diskBytes,
          depth: depth + 1,
          notes: member.notes,
          read: member.read,
        };
    }
  } finally {
    await members.return(null);
  }
}

/** A tar or tar.gz on disk, streamed through its hash and gunzip, never held whole. */
async function* diskTar(
  file: ListedFile,
  size: number,
  gzipped: boolean,
  limits: IngestLimits,
): AsyncGenerator<WalkItem> {
  const origin: Origin = { path: file.path, member: null };
  const opened = openListed(file);
  if (typeof opened === 'string') {
    yield { ...origin, type: 'unreadable', size, message: opened, diskBytes: size };
    return;
  }
  const hash = createHash('sha256');
  let hashed = false;
  const tap = new PassThrough({ highWaterMark: STREAM_CHUNK });
  tap.on('data', (chunk: Buffer) => hash.update(chunk));
  tap.on('end', () => (hashed = true));
  const raw = fs.createReadStream('', { fd: opened.fd, highWaterMark: STREAM_CHUNK });
  raw.on('error', (error) => tap.destroy(error));
  raw.pipe(tap);
  const tarStream = gzipped ? tap.pipe(zlib.createGunzip({ chunkSize: STREAM_CHUNK })) : tap;
  if (gzipped) tap.on('error', (error) => tarStream.destroy(error));
  let end: string | null;
  try {
    end = yield* archiveMembers(origin, 0, tarMembers(tarStream, limits.maxFileBytes), size);
  } finally {
    // Also when the ingest stops in the middle of the tar (a cancel): the descriptor goes now.
    raw.destroy();
  }
  // A damaged archive stops the stream early; its hash is still that of the whole file.
  yield await archiveRow(origin, size, end, async () => (hashed ? hash.digest('hex') : hashListed(file)));
}

/** An archive's own row, after its members; an archive gone since then is unreadable. */
async function archiveRow(
  origin: Origin,
  size: number,
  error: string | null,
  hash: () => Promise<string>,
): Promise<WalkItem> {
  try {
    return { ...origin, type: 'archive', size, sha256: await hash(), error, diskBytes: 0 };
  } catch (failure) {
    return { ...origin, type: 'unreadable', size, message: `cannot be read (${reason(failure)})`, diskBytes: 0 };
  }
}

/**
 * The first bytes of a file (all of a small one) and its size, or why it cannot be read.
 * Synchronous, like the folder listing before it: real trails are 100,000s of files of a few
 * KB, and four awaited calls per file (open, stat, read, close) cost the ingest's thread more
 * than the reads themselves (the org-trail bench, 110,920 files: ingest 69 s before, 48 s after).
 */
function readHead(file: ListedFile): { bytes: Buffer; size: number } | string {
  const opened = openListed(file);
  if (typeof opened === 'string') return opened;
  try {
    const buffer = Buffer.allocUnsafe(Math.min(HEAD_BYTES, opened.size));
    const bytesRead = fs.readSync(opened.fd, buffer, 0, buffer.length, 0);
    return { bytes: buffer.subarray(0, bytesRead), size: opened.size };
  } catch (error) {
    return `cannot be read (${reason(error)})`;
  } finally {
    fs.closeSync(opened.fd);
  }
}

async function readDiskFile(
  file: ListedFile,
  whole: Buffer | null,
  limits: IngestLimits,
  lease: Lease,
): Promise<StoredRead> {
  if (whole) {
    const wait = lease.take(whole.length);
    if (wait) await wait;
    return { ok: true, bytes: whole, problems: [] };
  }
  const opened = openListed(file);
  if (typeof opened === 'string') return { ok: false, message: opened, cut: false };
  try {
    if (opened.size > limits.maxFileBytes)
      return {
        ok: false,
        message: `${opened.size} bytes, larger than ${sizeLabel(limits.maxFileBytes)}; split it into smaller files`,
        cut: false,
      };
    const wait = lease.take(opened.size);
    if (wait) await wait;
    const bytes = Buffer.allocUnsafe(opened.size);
    let got = 0;
    while (got < bytes.length) {
      const bytesRead = await readAt(opened.fd, bytes, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return {
      ok: true,
      bytes: bytes.subarray(0, got),
      problems:
        got < opened.size ? [`the file shrank while it was read: ${got} of ${opened.size} bytes were there`] : [],
    };
  } catch (error) {
    return { ok: false, message: `cannot be read (${reason(error)})`, cut: false };
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Reads into `bytes` from `at` on, at the same offset of the file, off the event loop. */
function readAt(fd: number, bytes: Buffer, at: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.read(fd, bytes, at, bytes.length - at, at, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
  );
}

/** SHA-256 of a listed file as it is on disk, if it is still that file. */
async function hashListed(file: ListedFile): Promise<string> {
  const opened = openListed(file);
  if (typeof opened === 'string') throw new Error(opened);
  return hashStream(fs.createReadStream('', { fd: opened.fd }));
}

function gzippedContainer(head: Buffer): Container {
  try {
    return containerOf(zlib.gunzipSync(head.subarray(0, PEEK_BYTES), { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  } catch {
    return null;
  }
}
