import type { ContentBuffer } from './content-buffer.ts';
import { type InflateFailure, inflateRaw } from './inflate.ts';

const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const TRAILER_BYTES = 8;

export interface Gunzipped {
  /**
   * The first member, when it decompressed whole and passed its checks: how much of the
   * content it holds, and how many stored bytes follow it (0: the file is that member alone).
   */
  firstMember: { contentBytes: number; followedBy: number } | null;
  /** Set when the content is incomplete or suspect; the content read so far is kept. */
  error: string | null;
  /** The content would pass the size limit; nothing is kept. */
  tooLarge: boolean;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses every member of a gzip file into `out` (several members are legal and are
 * read as one stream, as gunzip does), checking each member's CRC-32 and length. It parses
 * the members itself rather than leave them to zlib's gunzip, which gives up everything on
 * trailing garbage and cannot say where the first member ends.
 */
export async function gunzipMembers(stored: Buffer, out: ContentBuffer): Promise<Gunzipped> {
  let at = 0;
  let firstMember: Gunzipped['firstMember'] = null;
  const failed = (error: string): Gunzipped => ({ firstMember, error, tooLarge: false });
  for (let member = 1; ; member++) {
    if (member > 1 && !isGzip(stored.subarray(at)))
      return failed(`${stored.length - at} bytes follow the gzip data and are not gzip: ignored`);
    const header = headerEnd(stored, at);
    if (typeof header === 'string') return failed(header);
    const contentStart = out.length;
    const inflated = await inflateRaw(stored, header, out);
    if (inflated.failure?.kind === 'too-large') return { firstMember: null, error: null, tooLarge: true };
    if (inflated.failure) return failed(describeFailure(inflated.failure, out.length, stored.length));
    const trailer = inflated.end!;
    if (stored.length - trailer < TRAILER_BYTES) {
      return failed(
        `truncated gzip: the file ends in the gzip trailer, after ${out.length} decompressed bytes that cannot be checked`,
      );
    }
    const problem = trailerProblem(stored, trailer, inflated.size, inflated.crc32);
    if (problem) return failed(problem);
    at = trailer + TRAILER_BYTES;
    if (member === 1) firstMember = { contentBytes: out.length - contentStart, followedBy: stored.length - at };
    if (at === stored.length || isZeroPadding(stored, at)) return { firstMember, error: null, tooLarge: false };
  }
}

/** Where a member's deflate data starts, or why its header cannot be read. */
function headerEnd(stored: Buffer, at: number): number | string {
  if (!isGzip(stored.subarray(at))) return 'not a readable gzip file (no gzip header)';
  if (stored.length - at < 10) return 'truncated gzip: the file ends inside the gzip header';
  if (stored[at + 2] !== 8) return `not a readable gzip file (compression method ${stored[at + 2]}, not deflate)`;
  const flags = stored[at + 3]!;
  let end = at + 10;
  if (flags & FLAG_EXTRA) end += 2 + (end + 2 <= stored.length ? stored.readUInt16LE(end) : 0);
  if (flags & FLAG_NAME) end = stored.indexOf(0, end) + 1 || stored.length + 1;
  if (flags & FLAG_COMMENT) end = stored.indexOf(0, end) + 1 || stored.length + 1;
  if (flags & FLAG_HCRC) end += 2;
  return end >= stored.length ? 'truncated gzip: the file ends inside the gzip header' : end;
}

function trailerProblem(stored: Buffer, trailer: number, size: number, crc32: number): string | null {
  if (stored.readUInt32LE(trailer) !== crc32) {
    return 'the decompressed data fails its CRC-32 check: the file is damaged, its content may differ from what was compressed';
  }
  if (stored.readUInt32LE(trailer + 4) !== size % 2 ** 32) {
    return 'the decompressed length differs from the one the gzip trailer records: the file is damaged';
  }
  return null;
}

/** Zeros after the last member pad some tape and block formats; gunzip accepts them. */
function isZeroPadding(stored: Buffer, at: number): boolean {
  for (let i = at; i < stored.length; i++) if (stored[i] !== 0) return false;
  return true;
}

function describeFailure(
  failure: Exclude<InflateFailure, { kind: 'too-large' }>,
  decompressed: number,
  storedBytes: number,
): string {
  switch (failure.kind) {
    case 'truncated':
      return decompressed === 0
        ? 'truncated gzip: the file ends before any data'
        : `truncated gzip: the file ends after ${decompressed} decompressed bytes`;
    case 'damaged':
      if (decompressed === 0) return `not a readable gzip file (${failure.reason} at byte ${failure.at})`;
      return `damaged gzip data at byte ${failure.at} of ${storedBytes} (${failure.reason}): the ${decompressed} bytes decompressed before it are kept`;
  }
}
