/**
 * Reads a record's identity in JS, while its bytes are in hand, so that DuckDB need not parse
 * every record twice (once for keys, once for the columns: the key pass cost about 15% of
 * ingest). It answers only when it is sure DuckDB would read the same: the record is strict
 * JSON, eventID and recipientAccountId are plain strings. Anything else (escapes in those,
 * numbers for ids, NaN, escaped surrogates) is left to DuckDB. The same walk finds a member
 * name repeated in any object of the record (`member-names.ts`), which no reader may load.
 */

import { isPlausibleEventTime } from './event-time.ts';
import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-bytes.ts';
import { MAX_DEPTH } from './json-scan.ts';
import { MemberNames } from './member-names.ts';

const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const EVENT_ID = Buffer.from('eventID');
const ACCOUNT = Buffer.from('recipientAccountId');
const EVENT_TIME = Buffer.from('eventTime');
const NULL = Buffer.from('null');
const LITERALS = [Buffer.from('true'), Buffer.from('false'), NULL];

/** Byte ranges of a record's key parts; `accountStart` is -1 when the record has no account. */
export interface RecordKey {
  idStart: number;
  idEnd: number;
  accountStart: number;
  accountEnd: number;
  /** Whether eventTime follows the rule of `event-time.ts`, so no reject reason applies. */
  timeOk: boolean;
}

/** Some object of the record gives one member name twice (perhaps once escaped). */
export const REPEATED_NAME = 'repeated-name';
/**
 * The record nests deeper than MAX_DEPTH, as CloudTrail never does: whatever reads it by
 * recursion (a pipeline's diff, JSON.stringify of an answer) would run out of stack on it.
 */
export const TOO_DEEP = 'too-deep';
/** The record is strict JSON with no repeated name, but its key is DuckDB's to read. */
export const KEY_FOR_DUCKDB = 'key-for-duckdb';

export type RecordReading = RecordKey | typeof REPEATED_NAME | typeof TOO_DEEP | typeof KEY_FOR_DUCKDB;

const isWs = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number | undefined) => b !== undefined && b >= ZERO && b <= NINE;

function ws(buf: Uint8Array, pos: number, end: number): number {
  while (pos < end && isWs(buf[pos])) pos++;
  return pos;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

// Set by strictString: whether the string it just read holds an escape.
let escaped = false;

/**
 * `pos` is at an opening quote; returns the offset past the closing one, or -1 when the
 * string is not plainly valid. Escapes of surrogates are refused: parsers differ on them.
 */
function strictString(buf: Uint8Array, pos: number, end: number): number {
  escaped = false;
  for (let i = pos + 1; i < end; i++) {
    const b = buf[i]!;
    if (b === QUOTE) return i + 1;
    if (b < 0x20) return -1;
    if (b !== BACKSLASH) continue;
    escaped = true;
    const e = buf[++i];
    if (e === 0x75) {
      if (!isHex(buf[i + 1]) || !isHex(buf[i + 2]) || !isHex(buf[i + 3]) || !isHex(buf[i + 4])) return -1;
      const first = buf[i + 1]! | 0x20;
      if (first === 0x64 && (buf[i + 2]! | 0x20) >= 0x38) return -1;
      i += 4;
    } else if (
      e !== QUOTE &&
      e !== BACKSLASH &&
      e !== 0x2f &&
      e !== 0x62 &&
      e !== 0x66 &&
      e !== 0x6e &&
      e !== 0x72 &&
      e !== 0x74
    ) {
      return -1;
    }
  }
  return -1;
}

function strictNumber(buf: Uint8Array, pos: number, end: number): number {
  let i = pos;
  if (buf[i] === MINUS) i++;
  if (buf[i] === ZERO) i++;
  else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
  else return -1;
  if (buf[i] === 0x2e) {
    i++;
    if (!isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  if (buf[i] === 0x65 || buf[i] === 0x45) {
    i++;
    if (buf[i] === 0x2b || buf[i] === MINUS) i++;
    if (!isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  return i;
}

function strictScalar(buf: Uint8Array, pos: number, end: number): number {
  const b = buf[pos];
  if (b === MINUS || isDigit(b)) return strictNumber(buf, pos, end);
  for (const literal of LITERALS) {
    if (b === literal[0] && sameBytes(buf, pos, Math.min(pos + literal.length, end), literal))
      return pos + literal.length;
  }
  return -1;
}

function sameBytes(buf: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false;
  return true;
}

function grow(stack: Uint8Array): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(stack.length * 2);
  bigger.set(stack);
  return bigger;
}

const VALUE = 0;
const OBJECT_FIRST = 1;
const OBJECT_NAME = 2;
const AFTER = 3;

// The closing byte of each open object or array, reused from record to record.
let closers = new Uint8Array(256);
const names = new MemberNames();

const walked = { end: -1 };

/**
 * Where the record the last `walkRecord` read ends: the offset past its closing brace, or -1
 * when the walk stopped before it (not strict JSON, or a name given twice).
 */
export const lastWalk: Readonly<typeof walked> = walked;

/**
 * Walks the record, an object, as strict JSON. Returns its key parts, REPEATED_NAME, TOO_DEEP,
 * KEY_FOR_DUCKDB, or null when it is not strict JSON (DuckDB decides; a repeated name after
 * the point where the walk stopped is not ruled out). `buf` must be valid UTF-8 (the caller
 * checks).
 */
export function readRecordKey(buf: Buffer, start: number, end: number): RecordReading | null {
  const reading = walkRecord(buf, start, end);
  if (walked.end < 0) return reading;
  return ws(buf, walked.end, end) === end ? reading : null;
}

/**
 * `readRecordKey` for a record whose end is not known yet: the walk stops at the brace that
 * closes the record, so one walk both finds the record in its file and reads its key
 * (`lastWalk`). It reads nothing at or past `end`.
 */
export function walkRecord(buf: Buffer, start: number, end: number): RecordReading | null {
  walked.end = -1;
  names.startRecord(buf);
  let pos = ws(buf, start, end);
  if (buf[pos] !== OPEN_BRACE) return null;
  closers[0] = CLOSE_BRACE;
  names.openObject();
  let depth = 1;
  let state = OBJECT_FIRST;
  // The top-level member being read: its name and where its value starts.
  let nameStart = 0;
  let nameEnd = 0;
  let nameEscaped = false;
  let valueStart = 0;
  let id: [number, number] | null = null;
  let account: [number, number] | null = null;
  let time: [number, number] | null = null;
  let keyForDuckdb = false;
  let tooDeep = false;
  pos++;
  for (;;) {
    pos = ws(buf, pos, end);
    if (pos >= end) return null;
    const b = buf[pos]!;
    if (state === VALUE) {
      if (depth === 1) valueStart = pos;
      if (depth === closers.length) closers = grow(closers);
      // Walked on to its end all the same: in a trail log this walk is what finds where it ends.
      if (depth >= MAX_DEPTH && (b === OPEN_BRACE || b === OPEN_BRACKET)) tooDeep = true;
      if (b === OPEN_BRACE) {
        closers[depth++] = CLOSE_BRACE;
        names.openObject();
        pos++;
        state = OBJECT_FIRST;
        continue;
      }
      if (b === OPEN_BRACKET) {
        pos = ws(buf, pos + 1, end);
        if (buf[pos] === CLOSE_BRACKET) {
          pos++;
          state = AFTER;
        } else {
          closers[depth++] = CLOSE_BRACKET;
          continue;
        }
      } else {
        pos = b === QUOTE ? strictString(buf, pos, end) : strictScalar(buf, pos, end);
        if (pos < 0) return null;
        state = AFTER;
      }
    } else if (state === OBJECT_FIRST && b === CLOSE_BRACE) {
      names.closeObject();
      depth--;
      pos++;
      state = AFTER;
    } else if (state === OBJECT_FIRST || state === OBJECT_NAME) {
      if (b !== QUOTE) return null;
      const after = strictString(buf, pos, end);
      if (after < 0) return null;
      if (!names.add(pos + 1, after - 1, escaped)) return REPEATED_NAME;
      if (depth === 1) {
        nameStart = pos + 1;
        nameEnd = after - 1;
        nameEscaped = escaped;
      }
      pos = ws(buf, after, end);
      if (buf[pos] !== COLON) return null;
      pos++;
      state = VALUE;
      continue;
    } else if (b === COMMA) {
      pos++;
      state = closers[depth - 1] === CLOSE_BRACE ? OBJECT_NAME : VALUE;
      continue;
    } else if (b === closers[depth - 1]) {
      if (b === CLOSE_BRACE) names.closeObject();
      depth--;
      pos++;
    } else {
      return null;
    }
    // A value just ended (state is AFTER).
    if (depth === 0) break;
    if (depth !== 1) continue;
    // A member of the record itself: note the fields of its key. A string value was the last
    // one strictString read, so `escaped` is its own.
    const plainString = buf[valueStart] === QUOTE && !escaped;
    if (nameEscaped) {
      // An escaped name could spell one of the key's fields; DuckDB reads escapes, this does not.
      keyForDuckdb = true;
    } else if (sameBytes(buf, nameStart, nameEnd, EVENT_ID)) {
      if (plainString && pos - valueStart > 2) id = [valueStart + 1, pos - 1];
      else keyForDuckdb = true;
    } else if (sameBytes(buf, nameStart, nameEnd, ACCOUNT)) {
      if (plainString) account = [valueStart + 1, pos - 1];
      else if (!sameBytes(buf, valueStart, pos, NULL)) keyForDuckdb = true;
    } else if (sameBytes(buf, nameStart, nameEnd, EVENT_TIME)) {
      time = plainString ? [valueStart + 1, pos - 1] : null;
    }
  }
  walked.end = pos;
  if (tooDeep) return TOO_DEEP;
  if (keyForDuckdb || !id) return KEY_FOR_DUCKDB;
  return {
    idStart: id[0],
    idEnd: id[1],
    accountStart: account ? account[0] : -1,
    accountEnd: account ? account[1] : -1,
    timeOk: time !== null && isPlausibleEventTime(buf, time[0], time[1]),
  };
}
