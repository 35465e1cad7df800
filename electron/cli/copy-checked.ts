import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../shared/api/errors.ts';

/**
 * Copies a file the case wrote into its exports folder, and logged with its SHA-256, to where
 * the user asked: no request may name an output path (over HTTP that would be a write
 * anywhere). The copy is hashed again, streamed (a query's export may be gigabytes), so what the
 * CLI prints is true of the file written and is the hash the case log holds.
 */
export async function copyChecked(from: string, to: string, logged: string, casePath: string): Promise<void> {
  refuseCaseFiles(to, casePath);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (to !== from) fs.copyFileSync(from, to);
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(to)) hash.update(chunk as Buffer);
  if (hash.digest('hex') !== logged)
    throw new TrailscopeError(
      'internal',
      `the copy at ${to} does not match the file the case logged (${from}); copy that file instead`,
    );
}

/**
 * The case file and its write-ahead log are evidence: a copy is never written over them, by any
 * name. The path is followed through links as a write would follow it, so a link to the log,
 * which exists only while the case is open, is refused too; a hard link is found by its inode.
 */
function refuseCaseFiles(to: string, casePath: string): void {
  const written = landingPath(to);
  const target = statOrNull(written);
  for (const file of [casePath, `${casePath}.wal`]) {
    const kept = statOrNull(file);
    if (landingPath(file) === written || (kept && target && kept.dev === target.dev && kept.ino === target.ino))
      throw new TrailscopeError(
        'usage',
        `${to} is the case's own ${file.endsWith('.wal') ? 'log' : 'file'}: give --out another path`,
      );
  }
}

/** Where a write to `file` lands: links followed (dangling ones too), its folder's real path. */
function landingPath(file: string): string {
  let at = path.resolve(file);
  for (let hops = 0; hops < 40 && fs.lstatSync(at, { throwIfNoEntry: false })?.isSymbolicLink(); hops++)
    at = path.resolve(path.dirname(at), fs.readlinkSync(at));
  const folder = path.dirname(at);
  return path.join(fs.existsSync(folder) ? fs.realpathSync(folder) : folder, path.basename(at));
}

const statOrNull = (file: string) => fs.statSync(file, { throwIfNoEntry: false }) ?? null;
