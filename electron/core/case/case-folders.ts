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
