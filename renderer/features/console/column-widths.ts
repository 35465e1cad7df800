import type { QueryColumn } from '../../../shared/model/query.ts';

/** Characters a column shows at most: an ARN of a role session and its account fit whole. */
export const MAX_CHARS = 72;
const MIN_CHARS = 6;

const NUMBER = /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UBIGINT|UINTEGER|DOUBLE|FLOAT|DECIMAL.*)$/;

/** Before any row is in: by type, as wide as such values usually are. */
export function widthByType(column: QueryColumn): number {
  if (NUMBER.test(column.type)) return 12;
  if (/TIMESTAMP|DATE/.test(column.type)) return 24;
  return 32;
}

/**
 * Each column as wide, in characters of the grid's monospace font, as its name and the
 * longest of `rows` (and what `reserved` takes beside it, such as a button), within bounds: a value wider than its column is cut in the middle, whole
 * on hover and on copy. Every row is a grid of its own, so all rows take the same widths.
 */
export function columnWidths(columns: QueryColumn[], rows: string[][], reserved: number[] = []): number[] {
  return columns.map((column, c) => {
    const longest = rows.reduce((most, row) => Math.max(most, row[c]?.length ?? 0), 0) + (reserved[c] ?? 0);
    // The header shows the name with a sort arrow, and the type below in a smaller font.
    const header = Math.max(column.name.length + 2, Math.ceil(column.type.length * 0.6));
    return Math.min(MAX_CHARS, Math.max(MIN_CHARS, header, longest));
  });
}

/**
 * The widths so far, widened where a page read later has wider values: a column never
 * narrows under the analyst's eyes, and a sort that brings longer values up shows them whole.
 * The same array when nothing widens, so nothing is drawn again.
 */
export function widerOf(widths: number[] | null, needed: number[]): number[] {
  if (!widths) return needed;
  return needed.some((n, i) => n > (widths[i] ?? 0)) ? widths.map((w, i) => Math.max(w, needed[i] ?? 0)) : widths;
}
