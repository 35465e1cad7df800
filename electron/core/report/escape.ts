import { visibleText } from '../../../shared/visible-text.ts';

/**
 * Every string a report shows passes through here: log fields are attacker-controlled, so
 * each must reach the reader as text, never as markup, and never with hidden characters.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content or a quoted attribute value. */
export const html = (text: string | number | null | undefined): string =>
  text == null ? '' : visibleText(String(text)).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);

/**
 * A log value for Markdown: a code span, inside which no Markdown or HTML is read and no link
 * is made. Its fence is longer than any run of backticks in the value; a newline, which would
 * end a table row, is shown as \n; a pipe, which would end a table cell, is escaped (GFM
 * reads `\|` as a pipe even inside code).
 */
export function mdValue(value: string | number | null | undefined): string {
  if (value == null || value === '') return '';
  const text = visibleText(String(value)).replace(/\r?\n/g, '\\n').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * The analyst's own words (titles, narratives, notes) as Markdown text: punctuation that could
 * start markup is backslash-escaped, and so is anything that would open a block at a line's
 * start. Words pasted from the logs can hold addresses, so the colon of a URL scheme, the dot
 * after www and the @ of an address are escaped too: GFM would otherwise make them links.
 */
export function mdText(text: string | null | undefined): string {
  if (!text) return '';
  return visibleText(text)
    .replace(/[\\`*_[\]<>&|~!@]/g, (c) => `\\${c}`)
    .replace(/\b(https?|ftp|mailto|xmpp|file|data|javascript):/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^(\s*)([#+=>-]|\d+[.)])/gm, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

/** A fenced code block whose fence no line of the content can close. */
export function mdCodeBlock(code: string, language = ''): string {
  const longestRun = Math.max(2, ...(code.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${visibleText(code)}\n${fence}`;
}

/** The analyst's words in a Markdown table cell, on one line. */
export const mdCell = (text: string | null | undefined): string => mdText(text).replace(/\r?\n/g, ' ');
