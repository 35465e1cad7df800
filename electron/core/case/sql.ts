/** A SQL string literal. Only for values Trailscope itself produced (paths, names), never for SQL typed by a user. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
