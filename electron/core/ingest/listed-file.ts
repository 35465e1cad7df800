import fs from 'node:fs';
import { specialFileName } from '../files/special-file.ts';
import type { ListedFile } from './inputs.ts';
import { reason } from './inputs.ts';

// A file replaced by a pipe after it was listed must not block the read.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Opens a file the listing found, only if it is still that file: the same device and inode,
 * and regular. The listing refused links leaving the folder given, but a file is opened again
 * later (its head, its content, an archive's members, its hash), and one swapped meanwhile for
 * a link to another file (this machine's /etc/shadow, say) would have been read as evidence.
 * Returns a file descriptor to close, or why the file is not read.
 */
export function openListed(file: ListedFile): { fd: number; size: number } | string {
  let fd: number;
  try {
    fd = fs.openSync(file.path, OPEN_FLAGS);
  } catch (error) {
    return cannotOpen(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    const problem = !stat.isFile()
      ? `${specialFileName(stat)}, not a regular file: not read`
      : stat.dev !== file.dev || stat.ino !== file.ino
        ? 'another file took its name after its folder was listed (replaced, or a link put in its place): not read'
        : null;
    if (problem === null) return { fd, size: stat.size };
    fs.closeSync(fd);
    return problem;
  } catch (error) {
    fs.closeSync(fd);
    return `cannot be read (${reason(error)})`;
  }
}

function cannotOpen(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'the file was removed or renamed after its folder was listed: not read';
  return `cannot be read (${reason(error)})`;
}
