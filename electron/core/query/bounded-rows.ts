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
  /** True when rows were left out to stay within MAX_ANSWER_BYTES. */
  cut: boolean;
}

/**
 * The first `limit` rows of a checked SELECT, read as DuckDB streams them, with its text cells cut
 * at MAX_CELL_BYTES and its rows at MAX_ANSWER_BYTES. DuckDB cuts the cells and weighs each row
 * before anything becomes a JS string; rows are then turned into JS one by one, while the weights
 * read so far are within the budget, and no chunk is asked for once it is spent. `types` are the
 * statement's own column types, from preparing it.
 *
 * The weights are summed here rather than by a window in the SQL: a window over the statement
 * kept DuckDB's whole plan on one thread (a sorted page at the middle of `SELECT * FROM events` at
 * 1M events, 144 ms against 109 ms unbounded; the same 200 rows fetched by row id, 218 against 115).
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
  const converter = duckdb().JsonDuckDBValueConverter;
  return inReadOnlyTransaction(db, async () => {
    const result = await prepared.stream();
    const rows: JsonValue[][] = [];
    let through = 0;
    while (rows.length < limit) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const weights = chunk.getColumnVector(types.length);
      for (let row = 0; row < chunk.rowCount && rows.length < limit; row++) {
        if (through >= MAX_ANSWER_BYTES) return { rows, cut: true };
        through += Number(weights.getItem(row));
        rows.push(chunk.convertRowValues(row, converter).slice(0, -1) as JsonValue[]);
      }
    }
    return { rows, cut: false };
  });
}

function boundedSql(select: string, types: readonly string[]): string {
  const cells = types.map((type, i) => cellSql(`#${i + 1}`, type));
  const names = types.map((_, i) => `c${i + 1}`);
  const bytes = names.map((name, i) => bytesSql(name, types[i]!)).join(' + ') || '0';
  return `SELECT *, ${bytes} AS bytes FROM (
    SELECT ${cells.map((cell, i) => `${cell} AS ${names[i]}`).join(', ')} FROM (
${select}
    ) AS statement
  ) AS cells`;
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
