import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { type MemberListing, memberName, readExactly, type StoredRead, shortName } from './archives.ts';
import { sizeLabel } from './limits.ts';
import type { Lease } from './read-ahead-budget.ts';

const NOT_FILES: Record<string, string> = {
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a named pipe (FIFO)',
};

/**
 * Tar members in archive order; `source` is the uncompressed tar. A tar can only be read
 * forward, so each member must be read before the listing moves on; the read-ahead asks for
 * the next entry only after it started reading this one. An archive cut short keeps the
 * members before the cut, and the listing ends saying where it was cut.
 */
export async function* tarMembers(source: NodeJS.ReadableStream | Buffer, maxFileBytes: number): MemberListing {
  const extract = tar.extract();
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  input.on('error', (error: Error) => extract.destroy(error));
  input.pipe(extract);
  let current: { name: string; size: number; done: boolean } | null = null;
  try {
    for await (const entry of extract) {
      const { size = 0, type } = entry.header;
      const { name, notes } = memberName(entry.header.name);
      const linkname = entry.header.linkname ? shortName(entry.header.linkname) : null;
      const unreadable = (message: string) => {
        entry.resume();
        return { type: 'unreadable' as const, name, size, message };
      };
      if (type === 'directory') {
        entry.resume();
      } else if (type === 'symlink') {
        yield unreadable(`a symbolic link inside the archive, to ${linkname ?? 'nowhere'}: not followed`);
      } else if (type === 'link') {
        yield unreadable(
          `a hard link inside the archive, to the member ${linkname ?? '(unnamed)'}, which is read under its own name`,
        );
      } else if (type !== 'file' && type !== 'contiguous-file') {
        yield unreadable(
          `${NOT_FILES[type ?? ''] ?? `an entry of type ${type}`} inside the archive, not a file: not read`,
        );
      } else if (size > maxFileBytes) {
        yield unreadable(`${size} bytes, larger than ${sizeLabel(maxFileBytes)}; extract and split it`);
      } else {
        const member = { name, size, done: false };
        current = member;
        yield {
          type: 'file',
          name,
          size,
          notes,
          read: (lease) => readMember(entry as AsyncIterable<Buffer>, member, lease),
        };
      }
    }
    return null;
  } catch (error) {
    const inside = current && !current.done ? ` inside the member ${current.name}, which was not read` : '';
    return `the archive is cut short or damaged${inside} (${describe(error)}); the members before were read`;
  } finally {
    extract.destroy();
  }
}

async function readMember(
  entry: AsyncIterable<Buffer>,
  member: { size: number; done: boolean },
  lease: Lease,
): Promise<StoredRead> {
  const wait = lease.take(member.size);
  if (wait) await wait;
  try {
    const { bytes, complete } = await readExactly(entry, member.size);
    if (!complete) return { ok: false, message: 'cut short', cut: true };
    member.done = true;
    return { ok: true, bytes, problems: [] };
  } catch {
    return { ok: false, message: 'cut short', cut: true };
  }
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'Z_BUF_ERROR') return 'the gzip data ends early';
  if (message === 'Unexpected end of data') return 'the tar data ends early';
  return message;
}
