import fs from 'node:fs';
import path from 'node:path';

const RUN_FOLDER = /^run-(\d+)-/;

/**
 * A folder of one ingest's own inside the case's staging folder (the only one DuckDB may read
 * besides the exports), so that two ingests never share a file. Only one process has a case
 * open at a time, so folders another process left (a killed ingest) are stale and go.
 */
export function createRunFolder(stagingRoot: string): string {
  fs.mkdirSync(stagingRoot, { recursive: true });
  for (const name of fs.readdirSync(stagingRoot)) {
    const owner = RUN_FOLDER.exec(name)?.[1];
    if (owner && Number(owner) !== process.pid)
      fs.rmSync(path.join(stagingRoot, name), { recursive: true, force: true });
  }
  return fs.mkdtempSync(path.join(stagingRoot, `run-${process.pid}-`));
}

/** Removes the run's folder, and the staging folder when no other run is using it. */
export function removeRunFolder(runFolder: string): void {
  fs.rmSync(runFolder, { recursive: true, force: true });
  try {
    fs.rmdirSync(path.dirname(runFolder));
  } catch {
    // Another ingest's folder (or a file someone put there) is still in it: it stays.
  }
}
