import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import yauzl from 'yauzl';
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from './limits.ts';

/** One member of an archive: its bytes as stored in the archive, or why they could not be read. */
export type Member = { name: string; bytes: Buffer; error: null } | { name: string; bytes: null; error: string };

const tooLarge = (name: string, size: number): Member => ({
  name,
  bytes: null,
  error: `${size} bytes, larger than ${MAX_FILE_LABEL}; extract and split it`,
});

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Zip members one at a time, read lazily from the file (or from a nested zip's bytes). */
export async function* zipMembers(source: string | Buffer): AsyncGenerator<Member> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (error: Error | null, file?: yauzl.ZipFile) => (error || !file ? reject(error) : resolve(file));
    if (typeof source === 'string') yauzl.open(source, { lazyEntries: true, autoClose: false }, done);
    else yauzl.fromBuffer(source, { lazyEntries: true }, done);
  });
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', reject);
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) return;
      if (entry.fileName.endsWith('/')) continue;
      if (entry.uncompressedSize > MAX_FILE_BYTES) {
        yield tooLarge(entry.fileName, entry.uncompressedSize);
        continue;
      }
      try {
        const stream = await new Promise<Readable>((resolve, reject) =>
          zip.openReadStream(entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
        );
        yield { name: entry.fileName, bytes: await readAll(stream), error: null };
      } catch (error) {
        yield { name: entry.fileName, bytes: null, error: `unreadable zip member: ${(error as Error).message}` };
      }
    }
  } finally {
    zip.close();
  }
}

/** Tar members in archive order; `stream` is the uncompressed tar. */
export async function* tarMembers(stream: NodeJS.ReadableStream | Buffer): AsyncGenerator<Member> {
  const extract = tar.extract();
  const input = Buffer.isBuffer(stream) ? Readable.from([stream]) : stream;
  input.on('error', (error: Error) => extract.destroy(error));
  input.pipe(extract);
  for await (const entry of extract) {
    const { name, size = 0, type } = entry.header;
    if (type !== 'file' && type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    if (size > MAX_FILE_BYTES) {
      entry.resume();
      yield tooLarge(name, size);
      continue;
    }
    yield { name, bytes: await readAll(entry), error: null };
  }
}
