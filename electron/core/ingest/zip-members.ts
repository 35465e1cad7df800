import fs from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { type ArchiveMember, type MemberListing, memberName, readExactly, type StoredRead } from './archives.ts';
import { ContentBuffer } from './content-buffer.ts';
import { inflateRaw } from './inflate.ts';
import { sizeLabel } from './limits.ts';
import type { Lease } from './read-ahead-budget.ts';

const UNIX = 3;
const S_IFMT = 0o170000;
const UNIX_TYPES: Record<number, string> = {
  0o010000: 'a named pipe (FIFO)',
  0o020000: 'a character device',
  0o060000: 'a block device',
  0o120000: 'a symbolic link',
  0o140000: 'a socket',
};

/**
 * A zip's members from its central directory, one at a time, each read when asked (from
 * the file, by a descriptor it then owns, or from a nested zip's bytes). Names are taken raw, so yauzl's refusal of `..`
 * and absolute names does not fail the whole zip (see `memberName`); data is inflated here
 * rather than by yauzl, with a CRC-32 check yauzl does not make.
 */
export async function* zipMembers(source: number | Buffer, maxFileBytes: number): MemberListing {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    return describeOpenError(error);
  }
  const reads = new ZipReads(zip);
  const claims = new DataClaims(zip.fileSize);
  let count = 0;
  let completed = false;
  try {
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        completed = true;
        return `the zip's central directory is damaged after ${count} entries (${(error as Error).message}); the members listed before were read`;
      }
      if (!entry) {
        completed = true;
        return null;
      }
      count++;
      const member = describeEntry(zip, entry, maxFileBytes, reads, claims);
      if (member) yield member;
    }
  } finally {
    reads.listingDone(completed);
  }
}

function openZip(source: number | Buffer): Promise<yauzl.ZipFile> {
  // Sizes are checked here, member by member: one that lies is that member's error, not the zip's.
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, file?: yauzl.ZipFile) => (error || !file ? reject(error) : resolve(file));
    if (typeof source === 'number')
      yauzl.fromFd(source, options, (error, file) => {
        // Closed with the zip once it opens; a zip that does not open leaves it here.
        if (error) fs.closeSync(source);
        done(error, file);
      });
    else yauzl.fromBuffer(source, options, done);
  });
}

function describeOpenError(error: unknown): string {
  const message = (error as Error).message;
  if (/end of central directory record signature not found/i.test(message)) {
    return 'not a readable zip: it has no central directory (the file is cut short or damaged), and Trailscope reads a zip by its directory, so none of its members were read; get a complete copy, or repair it with `zip -FF`';
  }
  return `not a readable zip (${message})`;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise<yauzl.Entry | null>((resolve, reject) => {
    zip.once('entry', resolve);
    zip.once('end', () => resolve(null));
    zip.once('error', reject);
    zip.readEntry();
  }).finally(() => zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error'));
}

function describeEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  maxFileBytes: number,
  reads: ZipReads,
  claims: DataClaims,
): ArchiveMember | null {
  // Names stay as written: no backslash rewriting, no refusal (nothing is extracted).
  const written = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const { name, notes } = memberName(written);
  const size = entry.uncompressedSize;
  const unreadable = (message: string): ArchiveMember => ({ type: 'unreadable', name, size, message });
  const unixType = entry.versionMadeBy >> 8 === UNIX ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
  if (written.endsWith('/') || unixType === 0o040000) {
    // A folder holds no data; one that does would hide it from a tool that skips folders.
    // Two bytes are the deflate data of nothing.
    if (size === 0 && entry.compressedSize <= 2) return null;
    notes.push(`the archive marks this member as a folder, yet it holds ${size} bytes: it was read as a file`);
  }
  if (UNIX_TYPES[unixType]) return unreadable(`${UNIX_TYPES[unixType]} inside the archive, not a file: not read`);
  if (entry.isEncrypted())
    return unreadable('encrypted: Trailscope cannot read it; decrypt the archive and ingest it again');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return unreadable(
      `compressed with zip method ${entry.compressionMethod}, which Trailscope does not read (only stored and deflate)`,
    );
  }
  // The compressed size too: its bytes are read into memory before they are inflated.
  if (Math.max(size, entry.compressedSize) > maxFileBytes)
    return unreadable(
      `${Math.max(size, entry.compressedSize)} bytes, larger than ${sizeLabel(maxFileBytes)}; extract and split it`,
    );
  const overlap = claims.claim(entry);
  if (overlap) return unreadable(overlap);
  return {
    type: 'file',
    name,
    size,
    notes,
    read: reads.issue((lease) => readEntry(zip, entry, lease)),
  };
}

async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, lease: Lease): Promise<StoredRead> {
  const wait = lease.take(entry.compressedSize);
  if (wait) await wait;
  try {
    const stream = await new Promise<Readable>((resolve, reject) =>
      zip.openReadStream(entry, { decodeFileData: false }, (error, s) => (error || !s ? reject(error) : resolve(s))),
    );
    const raw = await readExactly(stream, entry.compressedSize);
    if (!raw.complete)
      return {
        ok: false,
        message: `unreadable zip member: its data ends after ${raw.bytes.length} of ${entry.compressedSize} bytes`,
        cut: false,
      };
    if (entry.compressionMethod === 0) return checked(entry, raw.bytes, []);
    const inflated = await inflateEntry(entry, raw.bytes, lease);
    lease.give(entry.compressedSize);
    return inflated;
  } catch (error) {
    return { ok: false, message: `unreadable zip member: ${(error as Error).message}`, cut: false };
  }
}

async function inflateEntry(entry: yauzl.Entry, raw: Buffer, lease: Lease): Promise<StoredRead> {
  const out = new ContentBuffer(entry.uncompressedSize, lease);
  const inflated = await inflateRaw(raw, 0, out);
  const problems: string[] = [];
  if (inflated.failure?.kind === 'too-large')
    problems.push(
      `its data inflates to more than the ${entry.uncompressedSize} bytes the zip declares; the rest was not read`,
    );
  else if (inflated.failure?.kind === 'damaged')
    problems.push(
      `its compressed data is damaged at byte ${inflated.failure.at} (${inflated.failure.reason}); the ${out.length} bytes before were read`,
    );
  else if (inflated.failure?.kind === 'truncated')
    problems.push(`its compressed data ends early, after ${out.length} bytes`);
  return checked(entry, out.result(), problems);
}

/** The member's bytes against the size and CRC-32 its zip entry declares. */
function checked(entry: yauzl.Entry, bytes: Buffer, problems: string[]): StoredRead {
  if (problems.length === 0 && bytes.length !== entry.uncompressedSize) {
    problems.push(`it holds ${bytes.length} bytes where the zip declares ${entry.uncompressedSize}`);
  }
  if (problems.length === 0 && zlib.crc32(bytes) !== entry.crc32) {
    problems.push(
      'its CRC-32 does not match the one the zip records: the member was damaged or altered after the zip was made',
    );
  }
  return { ok: true, bytes, problems };
}

/**
 * Keeps members from sharing data. A zip bomb points many directory entries at one member's
 * data, or at data that holds the next members' headers, so that a small zip inflates many
 * times over: 50 entries on 100 MB of zeros made a 660 KB zip cost 5 GB of inflating and 32 s
 * (measured), and each entry more costs as much again. The members of an honest zip share no
 * byte, so their headers and data fit in the zip together; a member at a header already
 * claimed, or past that sum, is not read. What a zip makes ingest inflate is then bounded by
 * its size, as for any other zip (Info-ZIP's unzip refuses such zips too, CVE-2019-13232).
 */
class DataClaims {
  private readonly headers = new Set<number>();
  private claimed = 0;

  constructor(private readonly zipBytes: number) {}

  /** Null when the member's data may be read; otherwise why it is not. */
  claim(entry: yauzl.Entry): string | null {
    if (this.headers.has(entry.relativeOffsetOfLocalHeader))
      return "its directory entry points at an earlier member's data (a zip bomb's trick, or a damaged directory): not read";
    const claimed = this.claimed + LOCAL_HEADER_BYTES + entry.fileNameLength + entry.compressedSize;
    if (claimed > this.zipBytes)
      return `the zip's members claim more bytes than its ${this.zipBytes}, so their data overlaps (a zip bomb's trick, or a damaged directory): not read`;
    this.headers.add(entry.relativeOffsetOfLocalHeader);
    this.claimed = claimed;
    return null;
  }
}

const LOCAL_HEADER_BYTES = 30;

/**
 * Members are read after the listing moves on (read-ahead), so the zip closes once the
 * listing is done and every member handed out has been read; a listing abandoned midway
 * (a cancelled ingest) closes it at once.
 */
class ZipReads {
  private owed = 0;
  private running = 0;
  private listing = true;

  constructor(private readonly zip: yauzl.ZipFile) {}

  /** A member's read, owed until it is first called. */
  issue(read: (lease: Lease) => Promise<StoredRead>): (lease: Lease) => Promise<StoredRead> {
    this.owed++;
    let called = false;
    return async (lease) => {
      if (!called) this.owed--;
      called = true;
      this.running++;
      try {
        return await read(lease);
      } finally {
        this.running--;
        this.closeIfIdle();
      }
    };
  }

  listingDone(completed: boolean): void {
    this.listing = false;
    if (!completed) this.owed = 0;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.listing && this.running === 0 && this.owed === 0 && this.zip.isOpen) this.zip.close();
  }
}
