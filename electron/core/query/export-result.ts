import fs from 'node:fs';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { ExportFormat, QueryColumn, QueryExport, QuerySort } from '../../../shared/model/query.ts';
import { caseFolders } from '../case/case-folders.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { quoteIdentifier, sqlString } from '../case/sql.ts';
import { freeName } from '../files/free-name.ts';
import { hashFile } from '../files/hash-file.ts';
import type { QuerySessions } from './query-sessions.ts';

const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: '(FORMAT csv, HEADER true)',
  json: '(FORMAT json, ARRAY true)',
  parquet: '(FORMAT parquet, COMPRESSION zstd)',
};

/** Where a case's exports are written: beside the case, never inside the evidence. */
export const exportsDir = (store: CaseStore) => caseFolders(store.path).exports;

/**
 * Writes a kept result whole, in its current order, with DuckDB's own writers, and records the
 * file's SHA-256 in the case log. In CSV, text that a spreadsheet would run as a formula
 * (log fields are attacker-controlled) is prefixed with an apostrophe.
 */
export async function exportResult(
  store: CaseStore,
  sessions: QuerySessions,
  queryId: string,
  format: ExportFormat,
  sort: QuerySort | null,
): Promise<QueryExport> {
  const exported = await sessions.withSource(queryId, sort, async (source): Promise<QueryExport> => {
    if (!source.select) {
      throw new TrailscopeError(
        'usage',
        'This kind of statement (EXPLAIN, DESCRIBE, SHOW…) cannot be exported as it is; wrap it, e.g. SELECT * FROM (DESCRIBE events), and export that.',
      );
    }
    fs.mkdirSync(exportsDir(store), { recursive: true });
    const file = freeName(
      exportsDir(store),
      `query-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}`,
      format,
    );
    const columns = format === 'csv' ? source.columns.map(csvSafe).join(', ') : '*';
    await source.db.run(
      `COPY (SELECT ${columns} FROM (${source.select})) TO ${sqlString(file)} ${COPY_OPTIONS[format]}`,
    );
    const rows = await new CaseReader(source.db).number(`SELECT count(*) FROM (${source.select})`);
    return { path: file, format, rows, bytes: fs.statSync(file).size, sha256: await hashFile(file) };
  });
  await store.writeAnalyst((db) => logAction(db, 'query-exported', { ...exported, sql: sessions.sqlOf(queryId) }));
  return exported;
}

/** Types whose text a spreadsheet cannot take for a formula: numbers (a negative one is data), truth values, times. */
const PLAIN =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|BOOLEAN|DATE|TIME|TIMESTAMP|INTERVAL)/;

/**
 * Every other column is written as text, with a leading quote when it starts like a formula:
 * = + - @, tab, a line break, or their fullwidth and small forms (BLOB and ENUM cells too).
 */
function csvSafe(column: QueryColumn): string {
  const name = quoteIdentifier(column.name);
  if (PLAIN.test(column.type)) return name;
  const text = `CAST(${name} AS VARCHAR)`;
  return `CASE WHEN regexp_matches(${text}, '^[=+\\-@\\t\\r\\n\\x{FF1D}\\x{FF0B}\\x{FF0D}\\x{FF20}\\x{FE62}\\x{FE63}\\x{FE66}]') THEN '''' || ${text} ELSE ${text} END AS ${name}`;
}
