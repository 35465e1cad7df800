import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 of a file as it is on disk, streamed: files may be larger than memory. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** SHA-256 of bytes in memory, as hex. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
