import { integrityStatuses } from '../../../shared/model/integrity.ts';
import type { ManifestEntry, ManifestFolder, ManifestSummary } from '../../../shared/model/report.ts';
import { commonFolder } from './report-text.ts';

/** More folders than this and the appendix groups them higher up: a year of daily folders reads as months. */
export const MANIFEST_FOLDERS_SHOWN = 40;
/** Files with errors named one by one in the appendix; the CSV has them all. */
export const MANIFEST_ERRORS_SHOWN = 50;

const KIND_ORDER = ['log', 'digest', 'insight', 'other'] as const;

/** A source's folder below the root, as path segments; an archive member's is the archive, then its own folders. */
function segments(entry: ManifestEntry, root: string): string[] {
  const relative = entry.path.slice(root.length).split(/[/\\]/).filter(Boolean);
  if (entry.member === null) return relative.slice(0, -1);
  return [...relative, ...entry.member.split('/').filter(Boolean).slice(0, -1)];
}

/**
 * The manifest in brief: files grouped by folder with their counts, at the deepest level
 * that gives at most MANIFEST_FOLDERS_SHOWN groups (the first level at least), and the files
 * read with an error.
 */
export function manifestSummary(entries: ManifestEntry[]): ManifestSummary {
  const root = commonFolder(entries.map((e) => e.path));
  const paths = entries.map((e) => segments(e, root));
  const deepest = Math.max(0, ...paths.map((p) => p.length));
  // The first level below the root is kept however many folders it has: one group of everything says nothing.
  let depth = deepest;
  while (depth > 1 && new Set(paths.map((p) => p.slice(0, depth).join('/'))).size > MANIFEST_FOLDERS_SHOWN) depth--;

  const groups = new Map<string, ManifestEntry[]>();
  entries.forEach((entry, i) => {
    const folder = paths[i]!.slice(0, depth).join('/');
    const group = groups.get(folder);
    if (group) group.push(entry);
    else groups.set(folder, [entry]);
  });
  const folders = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([folder, files]) => folderCounts(folder, files));
  const failed = entries.filter((e) => e.status === 'error');
  return {
    root,
    depth,
    folders,
    errors: failed
      .slice(0, MANIFEST_ERRORS_SHOWN)
      .map(({ source_id, path, member, error }) => ({ source_id, path, member, error })),
    errors_total: failed.length,
  };
}

function folderCounts(folder: string, files: ManifestEntry[]): ManifestFolder {
  const count = (test: (e: ManifestEntry) => boolean) => files.filter(test).length;
  return {
    folder,
    files: files.length,
    kinds: KIND_ORDER.map((kind) => ({ kind, files: count((e) => e.kind === kind) })).filter((k) => k.files > 0),
    records: files.reduce((sum, e) => sum + e.record_count, 0),
    size_stored: files.reduce((sum, e) => sum + e.size_stored, 0),
    errors: count((e) => e.status === 'error'),
    duplicates: count((e) => e.status === 'duplicate-file'),
    integrity: integrityStatuses
      .map((status) => ({ status, files: count((e) => e.integrity === status) }))
      .filter((s) => s.files > 0),
  };
}
