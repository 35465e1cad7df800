import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import { type ArchiveMember, type MemberListing, nameNotes, readExactly, type StoredRead } from './archives.ts';
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
 * the file, or from a nested zip's bytes). Names are taken raw, so yauzl's refusal of `..`
 * and absolute names does not fail the whole zip (see `nameNotes`); data is inflated here
 * rather than by yauzl, with a CRC-32 check yauzl does not make.
 */
export async function* zipMembers(source: string | Buffer, maxFileBytes: number): MemberListing {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(source);
  } catch (error) {
    return describeOpenError(error);
  }
  const reads = new ZipReads(zip);
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
      const member = describeEntry(zip, entry, maxFileBytes, reads);
      if (member) yield member;
    }
  } finally {
    reads.listingDone(completed);
  }
}

function openZip(source: string | Buffer): Promise<yauzl.ZipFile> {
  // Sizes are checked here, member by member: one that lies is that member's error, not the zip's.
  const options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, file?: yauzl.ZipFile) => (error || !file ? reject(error) : resolve(file));
    if (typeof source === 'string') yauzl.open(source, options, done);
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
): ArchiveMember | null {
  // Names stay as written: no backslash rewriting, no refusal (nothing is extracted).
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  if (name.endsWith('/')) return null;
  const size = entry.uncompressedSize;
  const unreadable = (message: string): ArchiveMember => ({ type: 'unreadable', name, size, message });
  const unixType = entry.versionMadeBy >> 8 === UNIX ? (entry.externalFileAttributes >>> 16) & S_IFMT : 0;
  if (unixType === 0o040000) return null;
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
  return {
    type: 'file',
    name,
    size,
    notes: nameNotes(name),
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
