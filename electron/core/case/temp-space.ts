import fs from 'node:fs';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';

/** The share of the disk space free beside a case that DuckDB may fill with what it spills. */
export const TEMP_SPACE_SHARE = 0.5;

/**
 * How many bytes DuckDB may write to `<case>.tmp` for what does not fit in memory: half the disk
 * space free in `dir` when the case opens. DuckDB's own default is 90% of it, so one console
 * query kept whole (a join of every event with every event, say) could fill the disk under an
 * ingest writing the same case. Null when the free space cannot be read: DuckDB's default stays.
 */
export function tempSpaceLimit(dir: string): number | null {
  try {
    const disk = fs.statfsSync(dir);
    return Math.floor(disk.bavail * disk.bsize * TEMP_SPACE_SHARE);
  } catch {
    return null;
  }
}

const SPILL_REFUSED = /failed to offload data block[^(]*\(([^/]+)\/([^)]+) used\)[\s\S]*max_temp_directory_size/;

/**
 * The error for a statement DuckDB stopped at that limit, or null for any other. DuckDB's own
 * message advises raising the setting, which a case locks. The database stays usable after it
 * (test/hostile/result-memory.test.ts holds DuckDB to that).
 */
export function spillRefusedError(error: unknown, what: string): TrailscopeError | null {
  const found = SPILL_REFUSED.exec(messageOf(error));
  if (!found) return null;
  return new TrailscopeError(
    'query',
    `${what} needed more disk than a case may use for its temporary files (${found[2]!.trim()}, half the space free when the case was opened) and was stopped; nothing in the case changed. Narrow it (a WHERE, fewer columns, a LIMIT), or free disk space and open the case again.`,
  );
}
