/** A SQL string literal. Only for values Trailscope itself produced (paths, names), never for SQL typed by a user. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, for column names that came from a result and may hold anything. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Characters that would hide or reorder SQL in the editor (bidirectional overrides, zero-width
 * marks), end a literal for DuckDB's parser (NUL) or break a line: written as chr(n).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A log value as a SQL literal an analyst can read and run: quotes doubled, unsafe characters as chr(n). */
export function sqlLiteral(value: string): string {
  const parts: string[] = [];
  let run = '';
  for (const char of value) {
    if (!UNSAFE.test(char)) {
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
