import type { Lease } from './read-ahead-budget.ts';

/**
 * Decompressed output gathered without a second copy of the whole. zlib's own gunzip keeps a
 * list of chunks and concatenates them at the end, holding the content twice; 510 MB of
 * zeros, eight files read ahead, reached 5.2 GB (measured). Small outputs are still a list
 * (nearly always one chunk, taken as is); past `SPILL_AT` the chunks move into one buffer of
 * the largest size allowed, whose untouched pages cost no memory, and later chunks are
 * copied straight into it.
 */
export class ContentBuffer {
  private chunks: Buffer[] = [];
  private whole: Buffer | null = null;
  length = 0;

  constructor(
    private readonly limit: number,
    private readonly lease: Lease,
  ) {}

  /** Adds a chunk, waiting for the read-ahead budget; false when the content would pass the limit. */
  async append(chunk: Buffer): Promise<boolean> {
    if (this.length + chunk.length > this.limit) return false;
    const wait = this.lease.take(chunk.length);
    if (wait) await wait;
    if (this.whole) {
      chunk.copy(this.whole, this.length);
    } else if (this.length + chunk.length > SPILL_AT) {
      this.whole = Buffer.allocUnsafe(this.limit);
      let at = 0;
      for (const held of this.chunks) at += held.copy(this.whole, at);
      chunk.copy(this.whole, at);
      this.chunks = [];
    } else {
      this.chunks.push(chunk);
    }
    this.length += chunk.length;
    return true;
  }

  result(): Buffer {
    if (this.whole) return this.whole.subarray(0, this.length);
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0]!;
  }
}

const SPILL_AT = 16 * 1024 * 1024;
