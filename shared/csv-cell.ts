import type { JsonValue } from './model/json.ts';
import { visibleText } from './visible-text.ts';

/** Numbers are data: a negative one is not a formula, and a quote would corrupt it. */
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** What a spreadsheet takes for the start of a formula, fullwidth and small forms included. */
export const FORMULA_START = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66]/;

/**
 * A CSV cell that neither a spreadsheet nor a terminal will run. Text starting with what a
 * spreadsheet reads as a formula (= + - @, tab, a line break, or their fullwidth and small
 * forms, which some spreadsheets fold to ASCII) gets a leading quote, OWASP's advice on CSV
 * injection; control and bidirectional characters are shown as their codes, as in every other
 * output, so a log field cannot drive the terminal the CSV is printed to.
 */
export function csvCell(value: JsonValue, type = 'VARCHAR'): string {
  let text = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (!NUMERIC.test(type) && FORMULA_START.test(text)) text = `'${text}`;
  text = visibleText(text);
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of cells as CSV text, each line ended by CRLF as RFC 4180 has it. */
export const csvText = (rows: string[][]): string => rows.map((cells) => `${cells.join(',')}\r\n`).join('');
