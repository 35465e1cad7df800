import { md5, sha256 } from '../files/hash-file.ts';
import { ContentBuffer } from './content-buffer.ts';
import { gunzipMembers, isGzip } from './gzip.ts';
import { sizeLabel } from './limits.ts';
import type { Lease } from './read-ahead-budget.ts';

export type Container = 'zip' | 'tar' | null;

export interface Decoded {
  sizeStored: number;
  sha256Stored: string;
  /**
   * What S3 gives as the ETag of an object uploaded whole: a saved head-object output names its
   * digest by it. Taken only when asked, for digests: MD5 runs at half SHA-256's speed here, and
   * was 0.5 s of the JS thread's work over the 110,920 files of the org-trail bench.
   */
  md5Stored(): string;
  /** The decompressed bytes; null when they could not be had (see `error`). */
  content: Buffer | null;
  /** Null when the content is incomplete or suspect. */
  sha256Content: string | null;
  container: Container;
  /** Set when the content is incomplete or suspect; `content` may still hold what could be read. */
  error: string | null;
  /**
   * For a gzip file whose first member decompressed whole: that member's content hash and how
   * many stored bytes follow it. CloudTrail writes each log file as one member, and a digest
   * file hashes that member's content; anything after it was added later. `contentBytes`:
   * how much of `content` it is.
   */
  firstGzipMember: { sha256Content: string; followedBy: number; contentBytes: number } | null;
}

export interface DecodeOptions {
  maxContentBytes: number;
  /** Counts the decompressed bytes against the read-ahead budget, waiting when it is spent. */
  lease: Lease;
}

export function containerOf(bytes: Uint8Array): Container {
  if (
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    (bytes[2] === 0x03 || bytes[2] === 0x05) &&
    (bytes[3] === 0x04 || bytes[3] === 0x06)
  )
    return 'zip';
  // POSIX and GNU tar headers carry "ustar" at offset 257.
  if (bytes.length > 262 && Buffer.from(bytes.subarray(257, 262)).toString('latin1') === 'ustar') return 'tar';
  return null;
}

/**
 * Hashes a file as stored, decompresses it when it is gzip (on libuv's thread pool, so the
 * next file decompresses while this one is staged) and hashes what it holds. What could be
 * decompressed before a cut, damage or trailing garbage is kept, and the error says why it
 * stopped; a truncated tar.gz is still a tar, whose members before the cut can be read.
 */
export async function decode(stored: Buffer, options: DecodeOptions): Promise<Decoded> {
  const sha256Stored = sha256(stored);
  const md5Stored = () => md5(stored);
  // Each result written out whole rather than spread from a common part: every file is decoded,
  // and over the org trail's 110,920 the spreads here were 0.7 s of the JS thread (`--cpu-prof`).
  if (!isGzip(stored)) {
    return {
      sizeStored: stored.length,
      sha256Stored,
      md5Stored,
      content: stored,
      sha256Content: sha256Stored,
      container: containerOf(stored),
      error: null,
      firstGzipMember: null,
    };
  }
  const out = new ContentBuffer(options.maxContentBytes, options.lease);
  const gunzipped = await gunzipMembers(stored, out);
  if (gunzipped.tooLarge) {
    const error = `larger than ${sizeLabel(options.maxContentBytes)} once decompressed; split it into smaller files`;
    return {
      sizeStored: stored.length,
      sha256Stored,
      md5Stored,
      content: null,
      sha256Content: null,
      container: null,
      error,
      firstGzipMember: null,
    };
  }
  const content = out.length > 0 ? out.result() : null;
  const whole = content && !gunzipped.error ? sha256(content) : null;
  const first = gunzipped.firstMember;
  return {
    sizeStored: stored.length,
    sha256Stored,
    md5Stored,
    content,
    sha256Content: whole,
    container: content ? containerOf(content) : null,
    error: gunzipped.error,
    firstGzipMember:
      content && first
        ? {
            sha256Content:
              first.contentBytes === content.length && whole ? whole : sha256(content.subarray(0, first.contentBytes)),
            followedBy: first.followedBy,
            contentBytes: first.contentBytes,
          }
        : null,
  };
}
