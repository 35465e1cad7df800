/**
 * The folders beside a case file. They are fixed by the case's path, because DuckDB is told
 * at open, once and for good, which folders it may touch (`case-store.ts`).
 */
export function caseFolders(casePath: string) {
  return {
    /** Ingest's staging files, which DuckDB reads. */
    staging: `${casePath}.ingest-tmp`,
    /** Query exports (DuckDB writes them) and reports. */
    exports: `${casePath}.exports`,
    /** Archives uploaded through the browser face, before they are ingested. */
    uploads: `${casePath}.uploads`,
  };
}

/**
 * What Trailscope itself writes beside a case, which an ingest must never read as evidence: a
 * case kept in the evidence folder would otherwise be read back into itself, its file and WAL
 * as they stand mid-ingest. Uploads are evidence, so they are not in the list.
 */
export function caseOwnPaths(casePath: string): string[] {
  const folders = caseFolders(casePath);
  return [casePath, `${casePath}.wal`, folders.staging, folders.exports];
}
