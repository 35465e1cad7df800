import { html } from './escape.ts';

/**
 * A table whose cells are already escaped HTML. With column widths (percentages) its layout
 * is fixed, so a long ARN or hash wraps inside its column instead of squeezing the others.
 */
export function tableHtml(headers: string[], rows: string[][], widths?: number[]): string {
  const columns = widths ? `<colgroup>${widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>` : '';
  const head = headers.map((h) => `<th>${html(h)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table${widths ? ' class="fixed"' : ''}>${columns}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** An ISO 8601 time that may wrap between its date and its time of day, and nowhere else. */
export const timeHtml = (iso: string | null): string =>
  html(iso).replace(/^(\d{4}-\d{2}-\d{2})T/, '<span class="nowrap">$1</span><wbr>T');
