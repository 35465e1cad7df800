import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './http-reply.ts';

/**
 * The largest upload taken by default: 2 GiB holds some twenty million CloudTrail events
 * gzipped, more than a case on one laptop takes in one go. An archive bigger than that is
 * on this machine anyway and is better ingested by its path, read where it lies.
 */
export const DEFAULT_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

const tooLarge = (limit: number) =>
  new HttpError(
    413,
    'invalid-input',
    `upload over the limit of ${sizeText(limit)}: give the archive's path instead, and it is read where it lies`,
  );

/**
 * Streams an uploaded archive to a new file in `dir`, never holding it in memory. A declared
 * Content-Length over the limit is refused before anything is written; a body that turns out
 * longer, a client that goes away mid-stream, or a full disk leaves no partial file behind.
 */
export async function receiveUpload(
  req: http.IncomingMessage,
  dir: string,
  name: string,
  limit: number,
): Promise<{ path: string }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  fs.mkdirSync(dir, { recursive: true });
  const safe =
    path
      .basename(name)
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 120) || 'upload';
  const target = path.join(dir, `${Date.now()}-${randomBytes(4).toString('hex')}-${safe}`);
  // Piped, not put in the pipeline: a pipeline that fails destroys its source, and with it the
  // connection the 413 must go back on, so a client still sending got a reset instead of the
  // reason. A body cut short still fails the pipeline, as the request's close says.
  const counted = new ByteLimit(limit);
  const cut = () => {
    if (!req.complete) counted.destroy(new Error('the upload was cut short'));
  };
  req.once('close', cut);
  req.pipe(counted);
  const file = fs.createWriteStream(target, { flags: 'wx' });
  try {
    await pipeline(counted, file);
  } catch (error) {
    // The rest of the body is read and dropped until the answer closes the connection.
    req.unpipe(counted);
    req.resume();
    // A file refused in its first bytes may still be opening: removed before, it was created after.
    if (!file.closed) await new Promise<void>((closed) => file.once('close', () => closed()));
    fs.rmSync(target, { force: true });
    if (error instanceof HttpError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC')
      throw new HttpError(507, 'internal', `the disk holding ${dir} is full: the upload was removed`);
    throw error;
  }
  req.off('close', cut);
  return { path: target };
}

/** Passes bytes through until there are more than `limit`, then fails with a 413. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(tooLarge(this.limit));
    else done(null, chunk);
  }
}

function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('en-US')} ${units[unit]}`;
}
