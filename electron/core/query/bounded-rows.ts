import type { DuckDBConnection } from '@duckdb/node-api';
import type { JsonValue } from '../../../shared/model/json.ts';
import { duckdb } from '../case/duckdb-library.ts';
import { inReadOnlyTransaction } from './read-only-transaction.ts';

/**
 * The most bytes of one text cell a console answer carries; the rest of the cell is cut, and it
 * says where. The whole value stays in the case, and in an export of the result.
 */
export const MAX_CELL_BYTES = 64 * 1024;
/**
 * The most bytes of rows one console answer carries: the rows past it are not read (a fetch
 * says so; a page is shorter). Every row is turned into JS strings, then into JSON, in the
 * process that serves the case: `SELECT repeat('x', 250000000) || i FROM range(14)` ended it
 * out of memory, and so did ten million rows of 400 characters.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export interface BoundedRows {
  /** The rows read, in the statement's order: at least `limit` when there are that many, and within the budget. */
  rows: JsonValue[][];
  /** True when rows were left out to stay within MAX_ANSWER_BYTES (or may have been). */
  cut: boolean;
}

/**
 * The first `limit` rows of a checked SELECT, read as DuckDB streams them, with its text cells cut
 * at MAX_CELL_BYTES and its rows at MAX_ANSWER_BYTES. DuckDB does the cutting, before anything
 * becomes a JS string: a running sum of each row's bytes (a streaming window, so the first rows
 * still come at once) keeps the rows that begin within the budget. `types` are the statement's
 * own column types, from preparing it.
 */
export async function boundedRows(
  db: DuckDBConnection,
  select: string,
  types: readonly string[],
  limit: number,
  values?: Record<string, number>,
): Promise<BoundedRows> {
  const prepared = await db.prepare(boundedSql(select, types));
  if (values) prepared.bind(values);
  return inReadOnlyTransaction(db, async () => {
    const result = await prepared.stream();
    const rows: JsonValue[][] = [];
    let through = 0;
    // Chunk by chunk, so that DuckDB stops once the budget is spent: its filter alone would let it
    // scan the rest of the result for rows it no longer gives.
    while (rows.length < limit && through < MAX_ANSWER_BYTES) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const row of chunk.convertRows(duckdb().JsonDuckDBValueConverter) as JsonValue[][]) {
        through = Number(row.at(-1));
        rows.push(row.slice(0, -1));
      }
    }
    return { rows, cut: through >= MAX_ANSWER_BYTES };
  });
}

function boundedSql(select: string, types: readonly string[]): string {
  const cells = types.map((type, i) => cellSql(`#${i + 1}`, type));
  const names = types.map((_, i) => `c${i + 1}`);
  const bytes = names.map((name, i) => bytesSql(name, types[i]!)).join(' + ') || '0';
  return `SELECT ${names.join(', ')}, running AS bytes_through FROM (
    SELECT *, sum(bytes) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running FROM (
      SELECT *, ${bytes} AS bytes FROM (
        SELECT ${cells.map((cell, i) => `${cell} AS ${names[i]}`).join(', ')} FROM (
${select}
        ) AS statement
      ) AS cells
    ) AS counted
  ) AS bounded WHERE running - bytes < ${MAX_ANSWER_BYTES}`;
}

/**
 * About what a cell weighs as JSON. Only text and nested values can be large; a number, a time or
 * a flag is counted as 32 bytes rather than cast to text on every row (a time through ICU's
 * calendar): a middle page of `SELECT * FROM events` at 1M events took 40–49 ms casting every cell,
 * 33–37 ms counted so, 18–30 ms read without bounds (one process, two runs each).
 */
function bytesSql(name: string, type: string): string {
  if (type === 'VARCHAR') return `coalesce(strlen(${name}), 0)`;
  if (type === 'BLOB' || type === 'BIT') return `coalesce(octet_length(${name}), 0)`;
  if (/[[(]/.test(type) || type === 'UNION') return `coalesce(strlen(CAST(${name} AS VARCHAR)), 0)`;
  return '32';
}

/**
 * A text cell cut at MAX_CELL_BYTES, with its full length. DuckDB's client types a JSON column as
 * VARCHAR, its alias, and hands both over as text; both branches are VARCHAR, since a JSON one
 * would have DuckDB parse the cut text as JSON.
 */
function cellSql(ref: string, type: string): string {
  if (type !== 'VARCHAR') return ref;
  const text = `CAST(${ref} AS VARCHAR)`;
  return `CASE WHEN strlen(${text}) > ${MAX_CELL_BYTES} THEN left(${text}, ${MAX_CELL_BYTES}) || ' … [cut: ' || strlen(${text}) || ' bytes in all]' ELSE ${text} END`;
}
