import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { hashFile } from '../files/hash-file.ts';
import { specialFileName } from '../files/special-file.ts';
import { writeWhole } from './lake-files.ts';
import { LAKE_TABLE_NAMES, type LakeManifest, MANIFEST_FILE } from './lake-layout.ts';

const count = z.number().int().min(0);
const instant = z.iso.datetime().nullable();
const tableRows = z.partialRecord(z.enum(LAKE_TABLE_NAMES), count);

/** The manifest as read back from a folder anyone may have edited: checked whole before it is believed. */
const manifestSchema = z.object({
  format: z.literal('trailscope-lake'),
  version: z.literal(1),
  case: z.object({ path: z.string(), sources: count, sourcesSha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  exports: z.array(
    z.object({
      export: z.number().int().min(1),
      exportedAt: z.iso.datetime(),
      trailscopeVersion: z.string(),
      since: instant,
      until: instant,
      lastSourceId: count,
      lastIntegrityRunId: count,
      firstEventTime: z.string().nullable(),
      lastEventTime: z.string().nullable(),
      rows: tableRows,
    }),
  ),
  files: z.record(
    z.string(),
    z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: count, export: z.number().int().min(1) }),
  ),
});

/**
 * The manifest of the lake in `dir`; null for a folder that does not exist yet or is empty.
 * A folder holding other things is refused: the export adds files, and must not add them
 * among someone else's.
 */
export function readManifest(dir: string): LakeManifest | null {
  const file = path.join(dir, MANIFEST_FILE);
  if (!fs.existsSync(file)) {
    if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0))
      throw new TrailscopeError(
        'invalid-input',
        `${dir} is not a Trailscope lake (it has no ${MANIFEST_FILE}) and is not an empty folder: export into a new or empty folder, or into an earlier export.`,
      );
    return null;
  }
  // An export writes the manifest as a plain file: a pipe here would hold the read forever.
  if (!fs.lstatSync(file).isFile())
    throw new TrailscopeError(
      'invalid-input',
      `${file} is not a plain file (a link, a pipe, a folder or a device), as an export writes it; it is not a lake manifest.`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TrailscopeError(
      'invalid-input',
      `${file} is not JSON (${(error as Error).message}); it is not a lake manifest.`,
    );
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success)
    throw new TrailscopeError(
      'invalid-input',
      `${file} is not a Trailscope lake manifest (${manifest.error.issues[0]?.path.join('.')}: ${manifest.error.issues[0]?.message}).`,
    );
  return manifest.data as LakeManifest;
}

/**
 * The files the manifest lists whose bytes changed, and those that are gone. The export has
 * refused a lake holding links or special files before (`refuseSpecialFiles`), so each is read
 * as the plain file it is.
 */
export async function checkFiles(
  dir: string,
  manifest: LakeManifest,
  signal: AbortSignal | undefined,
): Promise<{ changed: string[]; missing: string[] }> {
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [name, recorded] of Object.entries(manifest.files)) {
    if (signal?.aborted) break;
    const file = insideLake(dir, name);
    if (!fs.existsSync(file)) missing.push(name);
    else if ((await hashFile(file)) !== recorded.sha256) changed.push(name);
  }
  return { changed: changed.sort(), missing: missing.sort() };
}

/**
 * For a path inside the lake: its own stat when it is a plain file reached from the lake folder
 * without passing a link, which is all an export writes; otherwise what it is. Nothing else may
 * be read as the lake: opening a pipe waits for a writer forever (the open of the whole lake
 * with it), a device never ends, and a link, to a file or through a folder, can lead out of the
 * lake or count one file's events twice. The lake folder itself may be reached through links:
 * the user chose it.
 */
export function plainFilesOf(dir: string): (file: string) => fs.BigIntStats | string {
  // Each folder once, from the lake folder down: over the org trail's lake (1,469 folders, median
  // of 21) an lstat each took 10 ms where a realpath of each took 29.
  const direct = new Map<string, boolean>([[path.resolve(dir), true]]);
  const reachedDirectly = (folder: string): boolean => {
    let known = direct.get(folder);
    if (known === undefined) {
      const parent = path.dirname(folder);
      known =
        parent !== folder &&
        reachedDirectly(parent) &&
        !fs.lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink();
      direct.set(folder, known);
    }
    return known;
  };
  return (file) => {
    const stats = fs.lstatSync(file, { bigint: true, throwIfNoEntry: false });
    if (!stats) return 'missing';
    if (stats.isSymbolicLink()) return 'a link';
    if (!reachedDirectly(path.dirname(file))) return 'in a folder reached through a link';
    if (stats.isFile()) return stats;
    return stats.isDirectory() ? 'a folder' : specialFileName(stats);
  };
}

/**
 * A path the manifest names, resolved inside the lake: a manifest is data from the folder, and
 * one naming `../x` must not make the export hash (or report on) files outside it.
 */
export function insideLake(dir: string, name: string): string {
  const file = path.resolve(dir, name);
  if (!file.startsWith(`${path.resolve(dir)}${path.sep}`))
    throw new TrailscopeError(
      'invalid-input',
      `${path.join(dir, MANIFEST_FILE)} names a file outside the lake: ${name}`,
    );
  return file;
}

/** One source as the source manifest hashes it. */
export interface SourceIdentity {
  source_id: number;
  path: string;
  member: string | null;
  sha256_stored: string | null;
}

/**
 * The case's source manifest in one hash: each source's id, stored-file hash, path and member,
 * in id order, one line each (JSON, so no value can pass for two fields).
 */
export function sourcesSha256(sources: readonly SourceIdentity[]): string {
  const hash = createHash('sha256');
  for (const s of sources) hash.update(`${JSON.stringify([s.source_id, s.sha256_stored, s.path, s.member])}\n`);
  return hash.digest('hex');
}

/** Replaces MANIFEST.json whole (written beside it, then renamed over it); returns its SHA-256. */
export function writeManifest(dir: string, manifest: LakeManifest): string {
  return writeWhole(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}
