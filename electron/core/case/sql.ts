/** A SQL string literal. Only for values Trailscope itself produced (paths, names), never for SQL typed by a user. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier, for column names that came from a result and may hold anything. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
