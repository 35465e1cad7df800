import type { JsonValue } from '../../shared/model/json.ts';
import type { QueryResult } from '../../shared/model/query.ts';
import { controlSafeJson, visibleText } from '../../shared/visible-text.ts';
import { terminalSafe } from './terminal-text.ts';

export const FORMATS = ['table', 'csv', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof FORMATS)[number];

const MAX_CELL = 60;

function cellText(value: JsonValue): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function rowObject(result: QueryResult, row: JsonValue[]): Record<string, JsonValue> {
  return Object.fromEntries(result.columns.map((column, i) => [column.name, row[i] ?? null]));
}

/** Numbers are data: a negative one is not a formula, and a quote would corrupt it. */
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/**
 * A CSV cell that neither a spreadsheet nor a terminal will run. Text starting with what a
 * spreadsheet reads as a formula (= + - @, tab, a line break, or their fullwidth and small
 * forms, which some spreadsheets fold to ASCII) gets a leading quote, OWASP's advice on CSV
 * injection; control and bidirectional characters are shown as their codes, as in every other
 * output, so a log field cannot drive the terminal the CSV is printed to.
 */
export function csvCell(value: JsonValue, type = 'VARCHAR'): string {
  let text = cellText(value);
  if (!NUMERIC.test(type) && FORMULA_START.test(text)) text = `'${text}`;
  text = visibleText(text);
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66]/;

export function formatRows(result: QueryResult, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return `${controlSafeJson(
        result.rows.map((row) => rowObject(result, row)),
        2,
      )}\n`;
    case 'ndjson':
      return result.rows.map((row) => `${controlSafeJson(rowObject(result, row))}\n`).join('');
    case 'csv':
      return [
        result.columns.map((c) => csvCell(c.name)),
        ...result.rows.map((row) => row.map((value, i) => csvCell(value, result.columns[i]?.type))),
      ]
        .map((cells) => `${cells.join(',')}\r\n`)
        .join('');
    case 'table':
      return table(result);
  }
}

function table(result: QueryResult): string {
  const clip = (text: string) => {
    const safe = terminalSafe(text);
    return safe.length > MAX_CELL ? `${safe.slice(0, MAX_CELL - 1)}…` : safe;
  };
  const header = result.columns.map((c) => clip(c.name));
  const body = result.rows.map((row) => row.map((value) => clip(value === null ? 'NULL' : cellText(value))));
  // A loop, not Math.max(...column): spreading 200,000 cells as arguments overflows the stack.
  const widths = header.map((h) => h.length);
  for (const cells of body) cells.forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' │ ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  const rows = result.rows.length === 1 ? '1 row' : `${result.rows.length} rows`;
  const footer = result.complete ? rows : `${rows} shown; more exist (raise --limit)`;
  return [line(header), rule, ...body.map(line), footer].join('\n') + '\n';
}
