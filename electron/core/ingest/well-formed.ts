/**
 * Text with any lone UTF-16 surrogate replaced by U+FFFD. A record read from a JSON string
 * (lookup-events' CloudTrailEvent) can hold one, JSON.stringify then writes it as `\udc00`,
 * and DuckDB's read_json refuses such a line, failing the whole batch.
 */
export function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
