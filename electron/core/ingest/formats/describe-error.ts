import { type JsonScanError, lineAndColumn } from '../json-scan.ts';

export function describeScanError(buffer: Uint8Array, error: JsonScanError): string {
  const { line, column } = lineAndColumn(buffer, error.offset);
  return `invalid JSON at line ${line}, column ${column}: ${error.reason}`;
}

/** V8's JSON.parse messages name a character position; turn it into line and column. */
export function describeParseError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return `invalid JSON: ${message}`;
  const offset = Number(position[1]);
  let line = 1;
  let lineStart = 0;
  // Counted in place: splitting a text of a million newlines would make a million strings.
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = offset - lineStart + 1;
  const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^Unexpected/, 'unexpected');
  return `invalid JSON at line ${line}, column ${column}: ${reason}`;
}
