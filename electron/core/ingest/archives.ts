import { sha256 } from '../files/hash-file.ts';
import type { Lease } from './read-ahead-budget.ts';

/**
 * A file's bytes as stored, or why they could not be had. `problems` are what was wrong
 * with bytes that were still read (a checksum that does not match, a suspicious name); a
 * `cut` read is a member the archive ends inside of, reported once, on the archive's row.
 */
export type StoredRead = { ok: true; bytes: Buffer; problems: string[] } | { ok: false; message: string; cut: boolean };

/** One entry of an archive's listing: a file to read later, or what it is instead. */
export type ArchiveMember =
  | { type: 'file'; name: string; size: number; notes: string[]; read(lease: Lease): Promise<StoredRead> }
  | { type: 'unreadable'; name: string; size: number; message: string };

/**
 * An archive's members, then what went wrong with the archive itself (null when nothing
 * did). Members are listed before they are read, so a bounded read-ahead can decide when.
 */
export type MemberListing = AsyncGenerator<ArchiveMember, string | null>;

/**
 * The longest member name recorded as written. S3 keys are at most 1,024 bytes, so no
 * CloudTrail file needs more; a tar's PAX or GNU header may give up to 4 MiB (tar-stream's
 * bound), which gzip shrinks a thousandfold: 60 such names in a 250 KB tar.gz took an ingest
 * to 2.3 GB (measured), each name held in its row, the run's registry and every message.
 */
export const MAX_MEMBER_NAME = 1024;

/**
 * The name a member is recorded under, and what its row should say about that name. Member
 * names are only labels here (nothing is ever extracted to disk), so one that climbs out
 * with `..` or starts at the root is kept as written and loaded; the row still says so,
 * because an archive made to be extracted over other files is itself a finding. A name past
 * MAX_MEMBER_NAME keeps its first and last 512 characters around its length and SHA-256,
 * the same on every run, so a second ingest still knows the member.
 */
export function memberName(written: string): { name: string; notes: string[] } {
  const notes: string[] = [];
  const parts = written.split(/[\\/]/);
  const absolute = written.startsWith('/') || written.startsWith('\\') || /^[A-Za-z]:/.test(written);
  if (absolute || parts.includes('..'))
    notes.push(
      'the archive names this member with an absolute or ".." path, which would write outside the folder it is extracted to; it was read, not extracted',
    );
  if (written.length <= MAX_MEMBER_NAME) return { name: written, notes };
  notes.push(
    `the archive names this member with ${written.length} characters; its row keeps the first and last ${KEPT_NAME_END} and the SHA-256 of the whole name`,
  );
  return { name: shortName(written), notes };
}

const KEPT_NAME_END = MAX_MEMBER_NAME / 2;

/** A name cut to MAX_MEMBER_NAME's ends; also for a link's target, named in a message. */
export function shortName(written: string): string {
  if (written.length <= MAX_MEMBER_NAME) return written;
  const [head, tail] = [written.slice(0, KEPT_NAME_END), written.slice(-KEPT_NAME_END)];
  return `${head}…[${written.length} characters, SHA-256 ${sha256(written)}]…${tail}`;
}

/**
 * Gathers a member's data into one buffer of its declared size. A member that arrives as one
 * chunk (a tar inside a buffer) is taken as it is, without a copy.
 */
export async function readExactly(
  stream: AsyncIterable<Buffer>,
  size: number,
): Promise<{ bytes: Buffer; complete: boolean }> {
  let bytes: Buffer | null = null;
  let got = 0;
  for await (const chunk of stream) {
    if (got + chunk.length > size) throw new Error(`the member holds more than the ${size} bytes its header declares`);
    if (got === 0 && chunk.length === size) {
      bytes = chunk;
    } else {
      bytes ??= Buffer.allocUnsafe(size);
      chunk.copy(bytes, got);
    }
    got += chunk.length;
  }
  return { bytes: bytes ? bytes.subarray(0, got) : Buffer.alloc(0), complete: got === size };
}
