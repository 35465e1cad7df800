import { csvCell, csvText } from '../../shared/csv-cell.ts';
import type { JsonValue } from '../../shared/model/json.ts';
import type { QueryResult } from '../../shared/model/query.ts';
import { controlSafeJson, oneLineVisibleText } from '../../shared/visible-text.ts';

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
      return csvText([
        result.columns.map((c) => csvCell(c.name)),
        ...result.rows.map((row) => row.map((value, i) => csvCell(value, result.columns[i]?.type))),
      ]);
    case 'table':
      return table(result);
  }
}

function table(result: QueryResult): string {
  const clip = (text: string) => {
    const safe = oneLineVisibleText(text);
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
  const footer = result.complete ? rows : `${rows} shown; more exist (${moreHow(result)})`;
  return [line(header), rule, ...body.map(line), footer].join('\n') + '\n';
}

/** How to see the rows an answer left out. */
export const moreHow = (result: QueryResult) =>
  result.cut_at_bytes
    ? 'the answer stopped at 64 MiB: --out PATH writes every row'
    : 'raise --limit, or --out PATH for every row';
