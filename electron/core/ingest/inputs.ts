import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { specialFileName } from '../files/special-file.ts';

/** A file as the listing saw it: what is opened later must be the same file (`listed-file.ts`). */
export interface ListedFile {
  path: string;
  size: number;
  dev: number;
  ino: number;
}

/** A file to read, or something found while listing that cannot be read, and why. */
export type InputEntry = ({ type: 'file' } & ListedFile) | { type: 'problem'; path: string; message: string };

/**
 * Expands the paths a user gave into the files under them, in a stable order. Paths that do
 * not exist are refused before anything is written, so a typo never half-ingests a case.
 * Anything else that cannot be read (a dangling or looping link, a folder without
 * permission, a pipe) becomes a problem entry, so the rest still loads and the case says
 * what was left out.
 *
 * A path the user names is followed wherever it points. A symbolic link found inside a
 * folder is followed only when it stays inside that folder: evidence folders come from other
 * machines, and a link in one must not pull in this machine's files.
 *
 * `caseOwn` are the case's own files and folders (`caseOwnPaths`): found under a path given, or
 * given themselves, by any name or link, each is a problem entry and nothing in it is read.
 */
export function listInputs(paths: readonly string[], caseOwn: readonly string[] = []): InputList {
  const entries = new InputList();
  const isCaseOwn = caseOwnTest(caseOwn);
  const seenFolders = new Set<string>();
  // Anything on disk may change while it is listed; what fails becomes a problem entry.
  const attempt = (entry: string, work: () => void) => {
    try {
      work();
    } catch (error) {
      entries.problem(entry, `cannot be read (${reason(error)})`);
    }
  };

  const walkFolder = (folder: string, root: string) => {
    const real = fs.realpathSync(folder);
    if (seenFolders.has(real)) return;
    seenFolders.add(real);
    let names: { name: string; utf8: boolean }[];
    try {
      names = fs
        .readdirSync(folder, { encoding: 'buffer' })
        .map((raw) => ({ name: raw.toString('utf8'), utf8: isUtf8(raw) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      entries.problem(folder, `cannot list this folder (${reason(error)}); nothing under it was read`);
      return;
    }
    for (const { name, utf8 } of names) {
      const entry = inFolder(folder, name);
      // Node names files by strings: a name that is not UTF-8 comes back with U+FFFD in it,
      // under which no file exists (it read as "removed after its folder was listed").
      if (!utf8) entries.problem(entry, NOT_UTF8_NAME);
      else attempt(entry, () => visitListed(entry, root, name));
    }
  };

  const visitListed = (entry: string, root: string, name: string) => {
    const link = fs.lstatSync(entry);
    if (!link.isSymbolicLink()) return visit(entry, link, root, name);
    const target = resolveLink(entry);
    if (typeof target !== 'string') {
      entries.problem(entry, target.message);
    } else if (!isInside(target, root)) {
      entries.problem(
        entry,
        `a symbolic link to ${target}, outside the folder given (${root}): not followed. Give that path itself to ingest it`,
      );
    } else if (isInside(fs.realpathSync(path.dirname(entry)), target)) {
      entries.problem(entry, `a symbolic link to ${target}, a folder that contains it: a loop, not followed`);
    } else {
      visit(entry, fs.statSync(entry), root, name);
    }
  };

  const visit = (entry: string, stat: fs.Stats, root: string, name: string) => {
    if (isCaseOwn(entry, stat)) entries.problem(entry, CASE_OWN);
    else if (stat.isDirectory()) walkFolder(entry, root);
    else if (stat.isFile()) entries.file(entry, name, stat);
    else entries.problem(entry, `${specialFileName(stat)}, not a regular file: not read`);
  };

  for (const given of paths) {
    const absolute = path.resolve(given);
    let link: fs.Stats;
    try {
      link = fs.lstatSync(absolute);
    } catch (error) {
      if (isMissing(error)) throw new TrailscopeError('not-found', `No such file or folder: ${given}`);
      entries.problem(absolute, `cannot be read (${reason(error)})`);
      continue;
    }
    attempt(absolute, () => {
      const root = link.isSymbolicLink() ? resolveLink(absolute) : fs.realpathSync(absolute);
      if (typeof root !== 'string') entries.problem(absolute, root.message);
      else visit(absolute, fs.statSync(absolute), root, path.basename(absolute));
    });
  }
  return entries;
}

/**
 * What a listing found, in order. Evidence folders hold millions of files (a year of an
 * organization's trail, one file per account, region and 5 minutes), so a file is kept as its
 * name, its folder's number and three numbers: 141 bytes of V8's heap, where an object with its
 * whole path took 332 (over the org-trail bench archive's 110,920 files).
 */
export class InputList implements Iterable<InputEntry> {
  /** Bytes of every file listed: what progress measures reading against. */
  totalBytes = 0;
  private readonly folders: string[] = [];
  private readonly folderOf: number[] = [];
  private readonly names: string[] = [];
  private readonly sizes: number[] = [];
  private readonly devs: number[] = [];
  private readonly inos: number[] = [];
  /** Problems by the position they were found at; positions without one are files. */
  private readonly problems = new Map<number, { path: string; message: string }>();

  /** `name` is the folder listing's own string: one cut from `file` would keep all of `file` in memory. */
  file(file: string, name: string, stat: fs.Stats): void {
    const folder = path.dirname(file);
    // Files come folder by folder (a subfolder's between two of its parent's), so a folder is
    // added again only when the listing comes back to it.
    if (this.folders.at(-1) !== folder) this.folders.push(folder);
    this.folderOf.push(this.folders.length - 1);
    this.names.push(name);
    this.sizes.push(stat.size);
    this.devs.push(stat.dev);
    this.inos.push(stat.ino);
    this.totalBytes += stat.size;
  }

  problem(entry: string, message: string): void {
    this.problems.set(this.names.length, { path: entry, message });
    this.folderOf.push(-1);
    this.names.push('');
    this.sizes.push(0);
    this.devs.push(0);
    this.inos.push(0);
  }

  get length(): number {
    return this.names.length;
  }

  *[Symbol.iterator](): Iterator<InputEntry> {
    for (let at = 0; at < this.names.length; at++) {
      const problem = this.problems.get(at);
      if (problem) {
        yield { type: 'problem', ...problem };
        continue;
      }
      yield {
        type: 'file',
        path: inFolder(this.folders[this.folderOf[at]!]!, this.names[at]!),
        size: this.sizes[at]!,
        dev: this.devs[at]!,
        ino: this.inos[at]!,
      };
    }
  }
}

/**
 * A listed name in its folder. The folder is already normalized (resolved, or made here) and a
 * listed name holds no separator and is never "." or "..", so path.join would only normalize
 * again: 1 to 2 µs a file, twice a file (measured over the org trail's 110,920).
 */
function inFolder(folder: string, name: string): string {
  return folder.endsWith(path.sep) ? folder + name : folder + path.sep + name;
}

const NOT_UTF8_NAME =
  'its name is not valid UTF-8 (shown here with U+FFFD), and Trailscope opens files by UTF-8 names: not read; rename it (for example with `convmv`) and ingest it again';

const CASE_OWN =
  "the case's own file or folder, which Trailscope writes during the ingest: not read as evidence. Keep cases outside the evidence folders";

/**
 * Tells a case's own files by device and inode, which the listing has in hand, so the test costs
 * no call per file, and finds hard links too. A match is confirmed on exact numbers, the device's
 * too: as JS numbers, inodes past 2^53 (on some file systems) lose their last digits and
 * neighbours meet.
 */
function caseOwnTest(caseOwn: readonly string[]): (entry: string, stat: fs.Stats) => boolean {
  // By inode first, a number: a key string built for each of 110,920 files cost 80 ms.
  const byInode = new Map<number, string[]>();
  for (const file of caseOwn) {
    try {
      const { ino } = fs.statSync(file);
      byInode.set(ino, [...(byInode.get(ino) ?? []), identity(fs.statSync(file, { bigint: true }))]);
    } catch {
      // Not there (no WAL, no exports yet): nothing of it can be listed.
    }
  }
  return (entry, stat) => {
    const exact = byInode.get(stat.ino);
    return exact !== undefined && exact.includes(identity(fs.statSync(entry, { bigint: true })));
  };
}

function identity(stat: fs.BigIntStats): string {
  return `${stat.dev}:${stat.ino}`;
}

/** Where a link leads, or a message saying why it leads nowhere. */
function resolveLink(link: string): string | { message: string } {
  try {
    return fs.realpathSync(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { message: 'a symbolic link that leads back to itself (a loop): not followed' };
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { message: `a symbolic link to ${readLink(link)}, which does not exist (a dangling link)` };
    return { message: `a symbolic link that cannot be followed (${reason(error)})` };
  }
}

function readLink(link: string): string {
  try {
    return fs.readlinkSync(link);
  } catch {
    return 'a target that cannot be read';
  }
}

function isInside(candidate: string, folder: string): boolean {
  return candidate === folder || candidate.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** An errno as words a person reads, with the code for searching. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'it no longer exists',
    EISDIR: 'it is a folder',
    EIO: 'input/output error',
    ELOOP: 'too many symbolic links',
  };
  return code && words[code] ? `${words[code]}, ${code}` : (error as Error).message;
}
