/**
 * A byte-level JSON scanner that finds where values begin and end without building them.
 * It lets ingest keep each CloudTrail record exactly as delivered (DuckDB and JSON.parse
 * both rewrite numbers such as 9.82222E-5), and it rejects what DuckDB's CSV reader and
 * JSON parser would choke on: raw control characters and unbalanced brackets.
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-bytes.ts';


export class JsonScanError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'JsonScanError';
  }
}

export function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipWhitespace(buf: Uint8Array, pos: number): number {
  while (pos < buf.length && isWhitespace(buf[pos])) pos++;
  return pos;
}

/** `pos` is at an opening quote; returns the offset just past the closing one. */
export function skipString(buf: Uint8Array, pos: number): number {
  const length = buf.length;
  for (let i = pos + 1; i < length; i++) {
    const byte = buf[i]!;
    if (byte === QUOTE) return i + 1;
    if (byte === BACKSLASH) i++;
    else if (byte < 0x20) throw new JsonScanError(`raw control character 0x${byte.toString(16).padStart(2, '0')} inside a string`, i);
  }
  throw new JsonScanError('the file ends inside a string (truncated?)', length);
}

/** `pos` is at the first byte of a value; returns the offset just past it. */
export function skipValue(buf: Uint8Array, pos: number): number {
  const first = buf[pos];
  if (first === QUOTE) return skipString(buf, pos);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return skipScalar(buf, pos);
  const closers: number[] = [];
  const length = buf.length;
  for (let i = pos; i < length; i++) {
    const byte = buf[i]!;
    if (byte === QUOTE) {
      i = skipString(buf, i) - 1;
    } else if (byte === OPEN_BRACE) {
      closers.push(CLOSE_BRACE);
    } else if (byte === OPEN_BRACKET) {
      closers.push(CLOSE_BRACKET);
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (closers.pop() !== byte) throw new JsonScanError(`unexpected '${String.fromCharCode(byte)}'`, i);
      if (closers.length === 0) return i + 1;
    } else if (byte < 0x20 && !isWhitespace(byte)) {
      throw new JsonScanError(`raw control character 0x${byte.toString(16).padStart(2, '0')}`, i);
    }
  }
  throw new JsonScanError('the file ends before the JSON is closed (truncated?)', length);
}

function skipScalar(buf: Uint8Array, pos: number): number {
  let i = pos;
  while (i < buf.length) {
    const byte = buf[i]!;
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
    if (byte < 0x20 || byte === QUOTE || byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === COLON) {
      throw new JsonScanError(`unexpected '${String.fromCharCode(byte)}'`, i);
    }
    i++;
  }
  if (i === pos) throw new JsonScanError('expected a value', pos);
  return i;
}

export interface Slices {
  starts: number[];
  ends: number[];
}

export type TopLevelScan =
  /** `error` is set when the file breaks off or goes wrong after `records` were read whole. */
  | { kind: 'records'; records: Slices; error: JsonScanError | null }
  | { kind: 'object-without-records'; end: number };

/**
 * Scans a top-level object and returns the byte ranges of the elements of its "Records"
 * array, the layout of every CloudTrail log file. Throws JsonScanError on malformed input
 * unless whole records were already found: those are returned with the error, so that a
 * truncated file still yields what it holds.
 */
export function scanTopLevelObject(buf: Uint8Array, start: number): TopLevelScan {
  const found: { records: Slices | null } = { records: null };
  try {
    const end = scanObject(buf, start, found);
    if (!found.records) return { kind: 'object-without-records', end };
    const rest = skipWhitespace(buf, end);
    const error = rest < buf.length ? new JsonScanError('unexpected data after the end of the JSON', rest) : null;
    return { kind: 'records', records: found.records, error };
  } catch (error) {
    if (error instanceof JsonScanError && found.records) return { kind: 'records', records: found.records, error };
    throw error;
  }
}

function scanObject(buf: Uint8Array, start: number, found: { records: Slices | null }): number {
  let pos = skipWhitespace(buf, start);
  if (buf[pos] !== OPEN_BRACE) throw new JsonScanError('expected a JSON object', pos);
  pos = skipWhitespace(buf, pos + 1);
  if (buf[pos] === CLOSE_BRACE) return pos + 1;
  for (;;) {
    if (buf[pos] !== QUOTE) throw new JsonScanError('expected a property name', pos);
    const keyEnd = skipString(buf, pos);
    const key = Buffer.from(buf.buffer, buf.byteOffset + pos + 1, keyEnd - pos - 2).toString('utf8');
    pos = skipWhitespace(buf, keyEnd);
    if (buf[pos] !== COLON) throw new JsonScanError("expected ':'", pos);
    pos = skipWhitespace(buf, pos + 1);
    if (pos >= buf.length) throw new JsonScanError('the file ends before the JSON is closed (truncated?)', pos);
    if (key === 'Records' && buf[pos] === OPEN_BRACKET) {
      found.records = { starts: [], ends: [] };
      pos = scanArrayElements(buf, pos, found.records);
    } else {
      pos = skipValue(buf, pos);
    }
    pos = skipWhitespace(buf, pos);
    if (buf[pos] === COMMA) {
      pos = skipWhitespace(buf, pos + 1);
      continue;
    }
    if (buf[pos] === CLOSE_BRACE) return pos + 1;
    if (pos >= buf.length) throw new JsonScanError('the file ends before the JSON is closed (truncated?)', pos);
    throw new JsonScanError("expected ',' or '}'", pos);
  }
}

/** `pos` is at '['; records each element's range and returns the offset past ']'. */
function scanArrayElements(buf: Uint8Array, pos: number, out: Slices): number {
  pos = skipWhitespace(buf, pos + 1);
  if (buf[pos] === CLOSE_BRACKET) return pos + 1;
  for (;;) {
    if (pos >= buf.length) throw new JsonScanError('the file ends inside the Records array (truncated?)', pos);
    const end = skipValue(buf, pos);
    out.starts.push(pos);
    out.ends.push(end);
    pos = skipWhitespace(buf, end);
    if (buf[pos] === COMMA) {
      pos = skipWhitespace(buf, pos + 1);
      continue;
    }
    if (buf[pos] === CLOSE_BRACKET) return pos + 1;
    if (pos >= buf.length) throw new JsonScanError('the file ends inside the Records array (truncated?)', pos);
    throw new JsonScanError("expected ',' or ']' between records", pos);
  }
}

/** Line and column (1-based) of a byte offset, for messages a person can follow. */
export function lineAndColumn(buf: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const limit = Math.min(offset, buf.length);
  for (let i = 0; i < limit; i++) {
    if (buf[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Byte ranges of the elements of a top-level array (a JSON export of records). */
export function scanTopLevelArray(buf: Uint8Array, start: number): Slices {
  const pos = skipWhitespace(buf, start);
  if (buf[pos] !== OPEN_BRACKET) throw new JsonScanError("expected '['", pos);
  const out: Slices = { starts: [], ends: [] };
  const end = scanArrayElements(buf, pos, out);
  const rest = skipWhitespace(buf, end);
  if (rest < buf.length) throw new JsonScanError('unexpected data after the end of the JSON', rest);
  return out;
}
