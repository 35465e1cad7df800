/**
 * A byte-level JSON scanner that finds where values begin and end without building them.
 * It lets ingest keep each CloudTrail record exactly as delivered (DuckDB and JSON.parse
 * both rewrite numbers such as 9.82222E-5), and it rejects what breaks a file's structure:
 * unbalanced brackets, raw control characters between values, nesting past MAX_DEPTH.
 *
 * The scans of one value return -1 rather than throw, with the reason in `lastFailure`:
 * an Error costs a stack trace (about 3 µs), and a hostile file can hold a hundred million
 * bad lines. Whole-file scans throw JsonScanError.
 */

import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  LINE_FEED,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes.ts';

export class JsonScanError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'JsonScanError';
  }
}

/**
 * Deeper input is refused: shared/record-depth.ts's MAX_RECORD_DEPTH (a unit test holds them
 * equal), written out here because the scanner's loops compare against it at every bracket, and
 * read through an import it cost whole ingests 2-4% (`farm-bench -n 3 --vs`, 2026-12-05).
 */
export const MAX_DEPTH = 1000;

const closers = new Uint8Array(MAX_DEPTH);

/** Why the last scan that returned -1 stopped. `cutOff`: the data ended before the value did. */
interface ScanFailure {
  reason: string;
  offset: number;
  cutOff: boolean;
}

const failure: ScanFailure = { reason: '', offset: 0, cutOff: false };

export const lastFailure: Readonly<ScanFailure> = failure;

function fail(reason: string, offset: number): -1 {
  failure.reason = reason;
  failure.offset = offset;
  failure.cutOff = false;
  return -1;
}

/** `what` completes "the file …" or "the line …", e.g. "ends inside a string". */
function cutOff(what: string, offset: number): -1 {
  failure.reason = what;
  failure.offset = offset;
  failure.cutOff = true;
  return -1;
}

/** The last failure of a scan over a whole file, as an error to throw or report. */
export function fileScanError(): JsonScanError {
  return new JsonScanError(failure.cutOff ? `the file ${failure.reason} (truncated?)` : failure.reason, failure.offset);
}

export function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipWhitespace(buf: Uint8Array, pos: number, limit = buf.length): number {
  while (pos < limit && isWhitespace(buf[pos])) pos++;
  return pos;
}

/**
 * `pos` is at an opening quote; returns the offset just past the closing one, or -1. A raw
 * control byte inside a string makes the record invalid JSON but leaves its bounds plain, so
 * it is let through here: the staging line writer refuses that one record with its reason,
 * and the records after it in the file still load.
 */
function stringEnd(buf: Uint8Array, pos: number, limit: number): number {
  for (let i = pos + 1; i < limit; i++) {
    const byte = buf[i]!;
    if (byte === QUOTE) return i + 1;
    if (byte === BACKSLASH) i++;
  }
  return cutOff('ends inside a string', limit);
}

/** `pos` is at the first byte of a value; returns the offset just past it, or -1. */
export function valueEnd(buf: Uint8Array, pos: number, limit: number): number {
  const first = buf[pos];
  if (first === QUOTE) return stringEnd(buf, pos, limit);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return scalarEnd(buf, pos, limit);
  let depth = 0;
  // Levels past MAX_DEPTH are counted, their brackets not matched: a record that deep still has
  // its bounds found, so staging refuses it alone and the records after it in the file load.
  let beyond = 0;
  let firstBeyond = -1;
  for (let i = pos; i < limit; i++) {
    const byte = buf[i]!;
    if (byte === QUOTE) {
      i = stringEnd(buf, i, limit) - 1;
      if (i < 0) return -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (depth === MAX_DEPTH) {
        if (firstBeyond < 0) firstBeyond = i;
        beyond++;
      } else {
        // '}' and ']' are two past '{' and '['.
        closers[depth++] = byte + 2;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (beyond > 0) {
        beyond--;
        continue;
      }
      if (closers[--depth] !== byte) return fail(`unexpected '${String.fromCharCode(byte)}'`, i);
      if (depth === 0) return i + 1;
    } else if (byte < 0x20 && !isWhitespace(byte)) {
      return fail(`raw control character 0x${byte.toString(16).padStart(2, '0')}`, i);
    }
  }
  // Unclosed and that deep (a file of nothing but '['): the depth is what to tell.
  if (firstBeyond >= 0) return fail(`nested more than ${MAX_DEPTH} levels deep`, firstBeyond);
  return cutOff('ends before the JSON is closed', limit);
}

function scalarEnd(buf: Uint8Array, pos: number, limit: number): number {
  let i = pos;
  while (i < limit) {
    const byte = buf[i]!;
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
    if (byte < 0x20 || byte === QUOTE || byte === OPEN_BRACE || byte === OPEN_BRACKET || byte === COLON) {
      return fail(`unexpected '${String.fromCharCode(byte)}'`, i);
    }
    i++;
  }
  if (i === pos) return pos < limit ? fail('expected a value', pos) : cutOff('ends before the JSON is closed', pos);
  return i;
}

/**
 * Walks the members of the object whose '{' is at `pos`. `visit` gets each key's range,
 * quotes included, and where its value starts; it returns where the value ends, or -1.
 * Returns the offset past the '}', or -1.
 */
export function membersEnd(
  buf: Uint8Array,
  pos: number,
  limit: number,
  visit: (keyStart: number, keyEnd: number, valueStart: number) => number,
): number {
  pos = skipWhitespace(buf, pos + 1, limit);
  if (pos < limit && buf[pos] === CLOSE_BRACE) return pos + 1;
  for (;;) {
    if (pos >= limit) return cutOff('ends before the JSON is closed', pos);
    if (buf[pos] !== QUOTE) return fail('expected a property name', pos);
    const keyEnd = stringEnd(buf, pos, limit);
    if (keyEnd < 0) return -1;
    let at = skipWhitespace(buf, keyEnd, limit);
    if (at >= limit) return cutOff('ends before the JSON is closed', at);
    if (buf[at] !== COLON) return fail("expected ':'", at);
    at = skipWhitespace(buf, at + 1, limit);
    if (at >= limit) return cutOff('ends before the JSON is closed', at);
    const end = visit(pos, keyEnd, at);
    if (end < 0) return -1;
    pos = skipWhitespace(buf, end, limit);
    if (pos >= limit) return cutOff('ends before the JSON is closed', pos);
    if (buf[pos] === CLOSE_BRACE) return pos + 1;
    if (buf[pos] !== COMMA) return fail("expected ',' or '}'", pos);
    pos = skipWhitespace(buf, pos + 1, limit);
  }
}

/**
 * Walks the elements of the array whose '[' is at `pos`, giving each one's range to `visit`.
 * Returns the offset past the ']', or -1. `what` names the array in a message about its end.
 * `measure` finds where an element ends, as `valueEnd` does (-1 and `lastFailure` when it
 * cannot).
 */
export function elementsEnd(
  buf: Uint8Array,
  pos: number,
  limit: number,
  what: string,
  visit: (start: number, end: number) => void,
  measure: (start: number, limit: number) => number = (start, to) => valueEnd(buf, start, to),
): number {
  pos = skipWhitespace(buf, pos + 1, limit);
  if (pos < limit && buf[pos] === CLOSE_BRACKET) return pos + 1;
  for (;;) {
    if (pos >= limit) return cutOff(`ends inside ${what}`, pos);
    const end = measure(pos, limit);
    if (end < 0) return -1;
    visit(pos, end);
    pos = skipWhitespace(buf, end, limit);
    if (pos >= limit) return cutOff(`ends inside ${what}`, pos);
    if (buf[pos] === CLOSE_BRACKET) return pos + 1;
    if (buf[pos] !== COMMA) return fail("expected ',' or ']' between records", pos);
    pos = skipWhitespace(buf, pos + 1, limit);
  }
}

/** What kind of JSON value starts with `byte`, for messages. */
export function jsonTypeOf(byte: number | undefined): string {
  if (byte === OPEN_BRACE) return 'an object';
  if (byte === OPEN_BRACKET) return 'an array';
  if (byte === QUOTE) return 'a string';
  if (byte === 0x74 || byte === 0x66) return 'a boolean';
  if (byte === 0x6e) return 'null';
  return 'a number';
}

/** A key's text as JSON reads it (escapes decoded), or null when its escapes are invalid. */
export function keyText(buf: Uint8Array, keyStart: number, keyEnd: number): string | null {
  const raw = Buffer.from(buf.buffer, buf.byteOffset + keyStart, keyEnd - keyStart).toString('utf8');
  if (!raw.includes('\\')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return null;
  }
}

/**
 * A member name to look for. Keys compare as JSON reads them, escapes decoded: `"Rec\u006frds"`
 * is "Records", and so DuckDB reads it.
 */
export class KeyName {
  private readonly bytes: Buffer;

  constructor(readonly text: string) {
    this.bytes = Buffer.from(text);
  }

  /** `keyStart` and `keyEnd` span the key with its quotes. */
  matches(buf: Uint8Array, keyStart: number, keyEnd: number): boolean {
    const length = keyEnd - keyStart - 2;
    const bytes = this.bytes;
    if (length === bytes.length) {
      for (let i = 0; i < length; i++) if (buf[keyStart + 1 + i] !== bytes[i]) return false;
      return true;
    }
    // An escape is longer than what it stands for, and at most six bytes ("\u006f") for one.
    if (
      length < bytes.length ||
      length > 6 * bytes.length ||
      !buf.subarray(keyStart + 1, keyEnd - 1).includes(BACKSLASH)
    )
      return false;
    return keyText(buf, keyStart, keyEnd) === this.text;
  }
}

/** Line and column (1-based) of offsets met in increasing order, counting each line once. */
export class LineCounter {
  private line = 1;
  private lineStart = 0;
  private counted = 0;

  constructor(private readonly buf: Uint8Array) {}

  at(offset: number): { line: number; column: number } {
    const limit = Math.min(offset, this.buf.length);
    for (
      let i = this.buf.indexOf(LINE_FEED, this.counted);
      i !== -1 && i < limit;
      i = this.buf.indexOf(LINE_FEED, i + 1)
    ) {
      this.line++;
      this.lineStart = i + 1;
    }
    this.counted = Math.max(this.counted, limit);
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

/** Line and column (1-based) of a byte offset, for messages a person can follow. */
export function lineAndColumn(buf: Uint8Array, offset: number): { line: number; column: number } {
  return new LineCounter(buf).at(offset);
}

/** What a top-level object scan tells its caller as it goes. */
export interface TopLevelVisitor {
  /** Where the element of a "Records" array at `start` ends, as `valueEnd` answers; `valueEnd` when absent. */
  recordEnd?(start: number, limit: number): number;
  /** Each element of every "Records" array, in order. */
  record(start: number, end: number): void;
  /** Every other member, a "Records" that is not an array included: its key (quotes included) and value. */
  member(keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void;
}

/**
 * `recordsKeys`: the JSON type of each "Records" value, in order (CloudTrail writes one, an
 * array). `error` is set when the file breaks off or goes wrong after records were read whole.
 */
export type TopLevelScan =
  | { kind: 'records'; recordsKeys: string[]; error: JsonScanError | null }
  | { kind: 'object-without-records'; end: number; recordsKeys: string[] };

const RECORDS = new KeyName('Records');

/**
 * Scans a top-level object and hands over the elements of its "Records" arrays, the layout
 * of every CloudTrail log file. A repeated "Records" key is read too: JSON parsers keep one
 * value of a repeated key, which would hide the records of the others. Throws JsonScanError on
 * malformed input unless a Records array was already entered: what it held is kept and the
 * error returned, so that a truncated file still yields its whole records.
 */
export function scanTopLevelObject(buf: Uint8Array, start: number, visitor: TopLevelVisitor): TopLevelScan {
  const limit = buf.length;
  const recordsKeys: string[] = [];
  const onRecord = (from: number, to: number) => visitor.record(from, to);
  const measure = visitor.recordEnd?.bind(visitor);
  const pos = skipWhitespace(buf, start);
  if (buf[pos] !== OPEN_BRACE) throw new JsonScanError('expected a JSON object', pos);
  const end = membersEnd(buf, pos, limit, (keyStart, keyEnd, valueStart) => {
    const isRecords = RECORDS.matches(buf, keyStart, keyEnd);
    if (isRecords) recordsKeys.push(jsonTypeOf(buf[valueStart]));
    if (isRecords && buf[valueStart] === OPEN_BRACKET)
      return elementsEnd(buf, valueStart, limit, 'the Records array', onRecord, measure);
    const to = valueEnd(buf, valueStart, limit);
    if (to >= 0) visitor.member(keyStart, keyEnd, valueStart, to);
    return to;
  });
  const hasArray = recordsKeys.includes('an array');
  if (end < 0) {
    if (hasArray) return { kind: 'records', recordsKeys, error: fileScanError() };
    throw fileScanError();
  }
  if (!hasArray) return { kind: 'object-without-records', end, recordsKeys };
  const rest = skipWhitespace(buf, end);
  const error = rest < limit ? new JsonScanError('unexpected data after the end of the JSON', rest) : null;
  return { kind: 'records', recordsKeys, error };
}

/**
 * Hands over the elements of a top-level array (a JSON export of records). Returns the
 * error that stopped it, if any: the elements before it were already handed over.
 */
export function scanTopLevelArray(
  buf: Uint8Array,
  start: number,
  onElement: (start: number, end: number) => void,
): JsonScanError | null {
  const pos = skipWhitespace(buf, start);
  if (buf[pos] !== OPEN_BRACKET) return new JsonScanError("expected '['", pos);
  const end = elementsEnd(buf, pos, buf.length, 'the array', onElement);
  if (end < 0) return fileScanError();
  const rest = skipWhitespace(buf, end);
  return rest < buf.length ? new JsonScanError('unexpected data after the end of the JSON', rest) : null;
}

/**
 * Whether the text between `start` and `end` opens more than `limit` objects or arrays inside
 * one another. Lenient, as DuckDB reads (NaN, trailing commas): only strings are skipped, so it
 * answers for a record the strict walk of `record-key.ts` gave up on.
 */
export function nestsDeeperThan(buf: Uint8Array, start: number, end: number, limit = MAX_DEPTH): boolean {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === QUOTE) {
      for (i++; i < end && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
