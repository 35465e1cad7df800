const LINES = 4;
const CHARS = 240;
/** The tooltip of a long statement: its start, and where to see the rest. */
const TITLE_CHARS = 4_000;

/**
 * The start of a statement as the history lists it: a few lines, and an ellipsis where it is
 * cut, so that a cut statement never passes for a whole one.
 */
export function sqlPreview(sql: string): { text: string; cut: boolean } {
  const lines = sql
    .replace(/\s+$/, '')
    .replace(/^\s*\n/, '')
    .split('\n');
  let text = lines.slice(0, LINES).join('\n');
  let cut = lines.length > LINES;
  if (text.length > CHARS) {
    text = text.slice(0, CHARS);
    cut = true;
  }
  return { text: cut ? `${text.replace(/\s+$/, '')}…` : text, cut };
}

/** The whole statement on hover, up to a length a tooltip can show. */
export function sqlTitle(sql: string): string {
  if (sql.length <= TITLE_CHARS) return sql;
  return `${sql.slice(0, TITLE_CHARS)}…\n(${sql.length.toLocaleString('en-US')} characters: open it in the editor to read it all)`;
}
