import { isWrittenAsCode } from '../../../shared/visible-text.ts';

/** A SQL string literal. Only for values Trailscope itself produced (paths, names), never for SQL typed by a user. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, for column names that came from a result and may hold anything. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A log value as a SQL literal an analyst can read and run: quotes doubled, and as chr(n) each
 * character that would hide or reorder SQL in the editor (bidirectional overrides, zero-width
 * and tag characters), end a literal for DuckDB's parser (NUL) or break a line.
 */
export function sqlLiteral(value: string): string {
  const parts: string[] = [];
  let run = '';
  for (const char of value) {
    if (!isWrittenAsCode(char)) {
      run += char;
      continue;
    }
    if (run) parts.push(sqlString(run));
    run = '';
    parts.push(`chr(${char.codePointAt(0)})`);
  }
  if (run || parts.length === 0) parts.push(sqlString(run));
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}
