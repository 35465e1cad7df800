import fs from 'node:fs';
import path from 'node:path';
import { CaseStore } from '../electron/core/case/case-store.ts';
import { exportLake } from '../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../electron/core/lake/open-lake.ts';

/**
 * The case's export as a Parquet lake into a fresh folder, timed against the ingest of the same
 * events in the same run (the issue asks for at most half of it). The lake is left in `out` for
 * the lake explorer's benchmark.
 */
export async function lakeExportBench(
  out: string,
  caseFile: string,
  events: number,
  ingestSeconds: number,
  name = `lake-${events}`,
) {
  const dir = path.join(out, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(sideCaseFor(dir), { force: true });
  const store = await CaseStore.open(caseFile);
  try {
    const summary = await exportLake(store, { dir, since: null, until: null });
    const seconds = summary.seconds;
    return {
      dir,
      seconds: Number(seconds.toFixed(2)),
      ratioToIngest: Number((seconds / ingestSeconds).toFixed(2)),
      files: summary.added.files.length,
      eventFiles: summary.added.files.filter((f) => f.startsWith('events/')).length,
      lakeMB: Number((summary.added.bytes / 1e6).toFixed(1)),
      rows: summary.added.rows,
    };
  } finally {
    store.close();
  }
}
