import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';

export interface OpenFile {
  handle: fs.promises.FileHandle;
  size: number;
}

/**
 * A regular file opened for reading, or null for anything else: missing, a folder, a FIFO, a
 * socket, a device, a symlink. Checked on the open descriptor, so the file cannot be swapped
 * between the check and the read. O_NONBLOCK because opening a FIFO would otherwise wait for
 * a writer, holding one of libuv's four threads forever.
 */
export async function openRegularFile(file: string): Promise<OpenFile | null> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    const stat = await handle.stat();
    if (stat.isFile()) return { handle, size: stat.size };
  } catch {
    // Unreadable: refused like a missing file.
  }
  await handle.close();
  return null;
}

/**
 * Streams an opened file as the response. A read error after the headers went out can only
 * cut the response short, so the connection is dropped and the client sees a short body.
 */
export async function sendFile(
  res: http.ServerResponse,
  file: OpenFile,
  headers: http.OutgoingHttpHeaders,
): Promise<void> {
  res.writeHead(200, { ...headers, 'content-length': file.size });
  try {
    await pipeline(file.handle.createReadStream(), res);
  } catch {
    res.destroy();
  } finally {
    await file.handle.close().catch(() => undefined);
  }
}
