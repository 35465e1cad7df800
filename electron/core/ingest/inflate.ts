import zlib from 'node:zlib';
import type { ContentBuffer } from './content-buffer.ts';

// zlib's async inflate hops to the thread pool once per output chunk; at the default 16 KB
// that made decompression 3.7x slower than inflating in one call (measured), at 1 MB it is
// on par. Input goes in pieces of the same size, which bounds where a damaged byte can be
// (see `longestCleanPrefix`).
const CHUNK = 1024 * 1024;
const PIECE = 1024 * 1024;
// Real trails are mostly files of 1–3 KB. For those a stream per file (its 1 MB chunk, a
// hop to the pool and back) cost twice the inflate itself; they are inflated in one call
// here instead, and only one that fails goes the careful way below. At most ~1,000x this
// in output, so a bomb this small cannot hold much.
const AT_ONCE_BELOW = 16 * 1024;

export type InflateFailure =
  | { kind: 'truncated' }
  | { kind: 'damaged'; at: number; reason: string }
  | { kind: 'too-large' };

export interface Inflated {
  /** Offset in the input just past the deflate data; null when it did not end there. */
  end: number | null;
  /** Output bytes and their CRC-32, for checking against a gzip trailer or a zip entry. */
  size: number;
  crc32: number;
  failure: InflateFailure | null;
}

/**
 * Inflates the raw deflate data that starts at `start` in `input`, into `out`. Whatever can
 * be read is kept: input that ends early keeps all it decompressed to, and damaged data
 * keeps everything before the damage.
 */
export async function inflateRaw(input: Buffer, start: number, out: ContentBuffer): Promise<Inflated> {
  const data = input.subarray(start);
  if (data.length < AT_ONCE_BELOW) {
    const whole = inflatedAtOnce(data);
    if (whole) {
      if (!(await out.append(whole.buffer))) return { end: null, size: 0, crc32: 0, failure: { kind: 'too-large' } };
      return { end: start + whole.used, size: whole.buffer.length, crc32: zlib.crc32(whole.buffer), failure: null };
    }
  }
  const engine = newEngine(data, zlib.constants.Z_FINISH);
  let size = 0;
  let crc32 = 0;
  try {
    for await (const chunk of engine as AsyncIterable<Buffer>) {
      if (!(await out.append(chunk))) {
        engine.destroy();
        return { end: null, size, crc32, failure: { kind: 'too-large' } };
      }
      size += chunk.length;
      crc32 = zlib.crc32(chunk, crc32);
    }
  } catch (error) {
    // zlib drops the output of the call that failed, up to a whole chunk: it is found again.
    const truncated = (error as { code?: string }).code === 'Z_BUF_ERROR';
    const readable = truncated ? data.length : await longestCleanPrefix(data, engine.bytesWritten);
    const tail = await outputAfter(data.subarray(0, readable), size);
    if (!(await out.append(tail))) return { end: null, size, crc32, failure: { kind: 'too-large' } };
    return {
      end: null,
      size: size + tail.length,
      crc32: zlib.crc32(tail, crc32),
      failure: truncated
        ? { kind: 'truncated' }
        : { kind: 'damaged', at: start + readable, reason: (error as Error).message },
    };
  }
  return { end: start + engine.bytesWritten, size, crc32, failure: null };
}

/** The whole output and the input it used, or null when the data is cut short or damaged. */
function inflatedAtOnce(data: Buffer): { buffer: Buffer; used: number } | null {
  try {
    const { buffer, engine } = zlib.inflateRawSync(data, { info: true }) as unknown as {
      buffer: Buffer;
      engine: zlib.InflateRaw;
    };
    return { buffer, used: engine.bytesWritten };
  } catch {
    return null;
  }
}

function newEngine(data: Buffer, finishFlush: number): zlib.InflateRaw {
  const engine = zlib.createInflateRaw({ chunkSize: CHUNK, finishFlush });
  for (let at = 0; at < data.length; at += PIECE) engine.write(data.subarray(at, at + PIECE));
  engine.end();
  return engine;
}

/**
 * The longest prefix of damaged deflate data that still inflates. The damage lies in the
 * piece of input the failing call was given, so that piece is bisected; each try inflates
 * from the start, which only damaged files pay for.
 */
async function longestCleanPrefix(data: Buffer, inflatedCleanly: number): Promise<number> {
  let good = inflatedCleanly;
  let bad = Math.min(data.length, (Math.floor(inflatedCleanly / PIECE) + 1) * PIECE);
  if (await inflatesCleanly(data.subarray(0, bad))) bad = data.length;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (await inflatesCleanly(data.subarray(0, middle))) good = middle;
    else bad = middle;
  }
  return good;
}

/** What a prefix of deflate data inflates to past its first `kept` bytes; input that stops short is no error here. */
async function outputAfter(prefix: Buffer, kept: number): Promise<Buffer> {
  const tails: Buffer[] = [];
  let seen = 0;
  for await (const chunk of newEngine(prefix, zlib.constants.Z_SYNC_FLUSH) as AsyncIterable<Buffer>) {
    if (seen + chunk.length > kept) tails.push(chunk.subarray(Math.max(0, kept - seen)));
    seen += chunk.length;
  }
  return Buffer.concat(tails);
}

async function inflatesCleanly(prefix: Buffer): Promise<boolean> {
  try {
    for await (const chunk of newEngine(prefix, zlib.constants.Z_SYNC_FLUSH) as AsyncIterable<Buffer>) void chunk;
    return true;
  } catch {
    return false;
  }
}
