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
 * Member names are only labels here (nothing is ever extracted to disk), so one that climbs
 * out with `..` or starts at the root is kept as written and loaded; the row still says so,
 * because an archive made to be extracted over other files is itself a finding.
 */
export function nameNotes(name: string): string[] {
  const parts = name.split(/[\\/]/);
  const absolute = name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name);
  if (!absolute && !parts.includes('..')) return [];
  return [
    'the archive names this member with an absolute or ".." path, which would write outside the folder it is extracted to; it was read, not extracted',
  ];
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
