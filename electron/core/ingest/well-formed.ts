/**
 * Text with any lone UTF-16 surrogate replaced by U+FFFD. A record read from a JSON string
 * (lookup-events' CloudTrailEvent) can hold one, JSON.stringify then writes it as `\udc00`,
 * and DuckDB's read_json refuses such a line, failing the whole batch.
 */
export function wellFormed(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

const asWellFormed = (_key: string, value: unknown) => (typeof value === 'string' ? wellFormed(value) : value);

/**
 * `value` as a JSON line DuckDB reads: every string well-formed. JSON.stringify writes a lone
 * surrogate as `\ud…` and nothing else of a string so (a backslash before "ud" is written
 * `\\ud`, which is looked at again too), so only a line holding that text is written again
 * string by string: doing so for every line, a Buffer per string, cost 8 µs a file (measured).
 */
export function wellFormedJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\ud') ? JSON.stringify(value, asWellFormed) : json;
}
