import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { hashFile, sha256 } from '../files/hash-file.ts';
import { specialFileName } from '../files/special-file.ts';
import { LAKE_TABLE_NAMES, type LakeFile, UNKNOWN_PARTITION } from './lake-layout.ts';

/** A data file in the staging folder, and its path in the lake. */
export interface StagedFile {
  staged: string;
  name: string;
}

/**
 * The data files DuckDB wrote into the staging folder, which are laid out as in the lake. Each
 * lake path must have the layout's shape:
 * partition values come from the logs, and this is the last check that none of them made a
 * path of its own before anything is moved into the user's folder.
 */
export function stagedDataFiles(staging: string): StagedFile[] {
  const files = fs
    .readdirSync(staging, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(staging, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .map((staged) => ({ staged, name: staged }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { staged, name } of files) {
    if (!DATA_FILE.test(name))
      throw new TrailscopeError('internal', `the export staged a file outside the lake layout: ${staged}`);
  }
  const names = new Set(files.map((f) => f.name));
  if (names.size !== files.length)
    throw new TrailscopeError('internal', 'the export staged two files for one lake path');
  return files;
}

const PART = 'part-[0-9]{4}-[0-9]+\\.parquet';
const DATA_FILE = new RegExp(
  `^(events/account=([0-9]{12}|${UNKNOWN_PARTITION})/region=([a-z0-9-]+)/date=[0-9]{4}-[0-9]{2}-[0-9]{2}|${LAKE_TABLE_NAMES.filter((t) => t !== 'events').join('|')})/${PART}$`,
);

/**
 * Refuses, before anything is read or written, a lake folder that holds a link, a pipe, a socket
 * or a device anywhere: an export writes only plain files and folders. The folder may have come
 * from someone else, and through a link an export would write into a folder of that person's
 * choosing and hash files outside the lake; a pipe where it reads or writes a file would hold
 * the export forever.
 */
export function refuseSpecialFiles(dir: string): void {
  const found = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isFile() && !entry.isDirectory())
    .map((entry) => {
      const name = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      return `${name}: ${entry.isSymbolicLink() ? 'a link' : specialFileName(entry)}`;
    })
    .sort();
  if (found.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `${dir} holds ${found.length === 1 ? 'a link or special file' : `${found.length} links or special files`} (${found.slice(0, 3).join('; ')}${found.length > 3 ? '; …' : ''}), which no export writes: it will not export into a folder through them. Nothing was written.`,
    );
}

/** Refuses before anything moves when a staged file's name is taken in the lake: the export never replaces a file. */
export function refuseTaken(dir: string, names: readonly string[]): void {
  const taken = names.filter((name) => fs.existsSync(path.join(dir, name)));
  if (taken.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `${dir} already holds ${taken[0]}${taken.length > 1 ? ` and ${taken.length - 1} more` : ''}, which its manifest does not list (left by an export that did not finish?). Move them away and export again; nothing was written.`,
    );
}

/**
 * Moves one staged file into the lake: a hard link then unlink, which fails rather than replace
 * a file that appeared meanwhile; across devices a copy that also refuses to replace, checked
 * against the staged file's hash.
 */
export async function moveIntoLake(
  staging: string,
  dir: string,
  { staged, name }: StagedFile,
  exportNumber: number,
): Promise<LakeFile> {
  const from = path.join(staging, staged);
  const to = path.join(dir, name);
  const sha256 = await hashFile(from);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
    if ((await hashFile(to)) !== sha256)
      throw new TrailscopeError('internal', `copying ${name} into ${dir} changed its bytes`);
  }
  fs.rmSync(from);
  return { sha256, bytes: fs.statSync(to).size, export: exportNumber };
}

/**
 * What an export does with a descriptive file (DDL, README, a detection): add it when absent;
 * leave it when its text is already this; update it when it is still exactly what an earlier
 * export wrote (the DDL names the accounts the lake now holds), which the summary reports; and
 * keep it, reported, when someone changed it or it is not the lake's own.
 */
export type TextAction = 'add' | 'same' | 'update' | 'kept';

export function textAction(dir: string, name: string, text: string, writtenUnchanged: boolean): TextAction {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return 'add';
  if (fs.readFileSync(file).equals(Buffer.from(text))) return 'same';
  return writtenUnchanged ? 'update' : 'kept';
}

/** Writes a descriptive file whole (beside it, then renamed into place). */
export function writeLakeText(dir: string, name: string, text: string, exportNumber: number): LakeFile {
  const file = path.join(dir, name);
  const bytes = Buffer.from(text);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return { sha256: writeWhole(file, bytes), bytes: bytes.length, export: exportNumber };
}

/** Writes beside the file, then renames over it, so no reader meets half of it; returns its SHA-256. */
export function writeWhole(file: string, bytes: Uint8Array | string): string {
  fs.writeFileSync(`${file}.writing`, bytes);
  fs.renameSync(`${file}.writing`, file);
  return sha256(bytes);
}
