import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import { type Container, containerOf, isGzip } from './decode.ts';
import { type Member, tarMembers, zipMembers } from './archives.ts';
import type { InputFile } from './inputs.ts';
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from './limits.ts';
import { hashFile } from '../files/hash-file.ts';

/** Where a file came from: the path on disk, and inside which archive members (joined by '!/'). */
export interface Origin {
  path: string;
  member: string | null;
}

export type WalkItem =
  | (Origin & { type: 'file'; bytes: Buffer; diskBytes: number })
  | (Origin & { type: 'unreadable'; size: number; message: string; diskBytes: number })
  | (Origin & { type: 'archive'; size: number; sha256: string });

// Small gzip files are read whole; only big ones are peeked at for a tar inside, which costs
// a read and a partial inflate per file (measured: too much for thousands of small logs).
const PEEK_GZIP_ABOVE = 32 * 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

export function nestedMember(origin: Origin, name: string): string {
  return origin.member ? `${origin.member}!/${name}` : name;
}

/** Every file under the inputs, with archives on disk streamed member by member. */
export async function* walkDisk(files: readonly InputFile[]): AsyncGenerator<WalkItem> {
  for (const file of files) {
    const origin: Origin = { path: file.path, member: null };
    const head = await readHead(file.path);
    const container = containerOf(head) ?? (isGzip(head) && file.size > PEEK_GZIP_ABOVE ? gzippedContainer(head) : null);
    if (container === 'zip') {
      yield* archiveMembers(origin, zipMembers(file.path), file.size);
      yield { ...origin, type: 'archive', size: file.size, sha256: await hashFile(file.path) };
    } else if (container === 'tar') {
      const hash = createHash('sha256');
      const tap = new PassThrough();
      tap.on('data', (chunk: Buffer) => hash.update(chunk));
      const raw = fs.createReadStream(file.path);
      raw.pipe(tap);
      const tarStream = isGzip(head) ? tap.pipe(zlib.createGunzip()) : tap;
      try {
        yield* archiveMembers(origin, tarMembers(tarStream), file.size);
        yield { ...origin, type: 'archive', size: file.size, sha256: hash.digest('hex') };
      } catch (error) {
        yield { ...origin, type: 'unreadable', size: file.size, message: `unreadable tar archive: ${(error as Error).message}`, diskBytes: 0 };
      }
    } else if (file.size > MAX_FILE_BYTES) {
      yield { ...origin, type: 'unreadable', size: file.size, message: `${file.size} bytes, larger than ${MAX_FILE_LABEL}; split it into smaller files`, diskBytes: file.size };
    } else {
      yield { ...origin, type: 'file', bytes: await fs.promises.readFile(file.path), diskBytes: file.size };
    }
  }
}

/** The members of an archive that was found inside another file, already in memory. */
export async function* walkNested(origin: Origin, content: Buffer, container: Exclude<Container, null>): AsyncGenerator<WalkItem> {
  yield* archiveMembers(origin, container === 'zip' ? zipMembers(content) : tarMembers(content), 0);
}

/** Disk bytes are spread over members so progress advances through a big archive. */
async function* archiveMembers(origin: Origin, members: AsyncGenerator<Member>, archiveBytes: number): AsyncGenerator<WalkItem> {
  let count = 0;
  for await (const member of members) {
    count++;
    const at: Origin = { path: origin.path, member: nestedMember(origin, member.name) };
    const diskBytes = count === 1 ? archiveBytes : 0;
    if (member.error !== null) yield { ...at, type: 'unreadable', size: 0, message: member.error, diskBytes };
    else yield { ...at, type: 'file', bytes: member.bytes, diskBytes };
  }
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, PEEK_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function gzippedContainer(head: Buffer): Container {
  try {
    return containerOf(zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }));
  } catch {
    return null;
  }
}

