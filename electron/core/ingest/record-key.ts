/**
 * Reads a record's identity in JS, while its bytes are in hand, so that DuckDB need not parse
 * every record twice (once for keys, once for the columns: the key pass cost about 15% of
 * ingest). It answers only when it is sure DuckDB would read the same: the record is strict
 * JSON, eventID and recipientAccountId are plain strings and appear once. Anything else
 * (escapes, numbers for ids, NaN, lone surrogates, repeated fields) is left to DuckDB.
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-bytes.ts';

const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const EVENT_ID = Buffer.from('eventID');
const ACCOUNT = Buffer.from('recipientAccountId');
const EVENT_TIME = Buffer.from('eventTime');
const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')];

/** Byte ranges of a record's key parts; `accountStart` is -1 when the record has no account. */
export interface RecordKey {
  idStart: number;
  idEnd: number;
  accountStart: number;
  accountEnd: number;
  /** Whether eventTime is a plain UTC timestamp DuckDB is sure to read, so no reject reason applies. */
  timeOk: boolean;
}

const isWs = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number | undefined) => b !== undefined && b >= ZERO && b <= NINE;

function ws(buf: Uint8Array, pos: number, end: number): number {
  while (pos < end && isWs(buf[pos])) pos++;
  return pos;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= ZERO && b <= NINE) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

/**
 * `pos` is at an opening quote; returns the offset past the closing one, or -1 when the
 * string is not plainly valid. Escapes of surrogates are refused: parsers differ on them.
 * Sets `escaped` when the string holds any escape.
 */
function strictString(buf: Uint8Array, pos: number, end: number, flags: { escaped: boolean }): number {
  flags.escaped = false;
  for (let i = pos + 1; i < end; i++) {
    const b = buf[i]!;
    if (b === QUOTE) return i + 1;
    if (b < 0x20) return -1;
    if (b !== BACKSLASH) continue;
    flags.escaped = true;
    const e = buf[++i];
    if (e === 0x75) {
      if (!isHex(buf[i + 1]) || !isHex(buf[i + 2]) || !isHex(buf[i + 3]) || !isHex(buf[i + 4])) return -1;
      const first = buf[i + 1]! | 0x20;
      if (first === 0x64 && (buf[i + 2]! | 0x20) >= 0x38) return -1;
      i += 4;
    } else if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) {
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
    if (b === literal[0] && sameBytes(buf, pos, Math.min(pos + literal.length, end), literal)) return pos + literal.length;
  }
  return -1;
}

const VALUE = 0;
const OBJECT_FIRST = 1;
const OBJECT_KEY = 2;
const AFTER = 3;

// The closers of open objects and arrays, reused from record to record.
let closers: Uint8Array = new Uint8Array(256);

/** `pos` is at a value; returns the offset past it, or -1 when it is not strict JSON. */
function strictValue(buf: Uint8Array, pos: number, end: number, flags: { escaped: boolean }): number {
  let depth = 0;
  let state = VALUE;
  for (;;) {
    if (state === AFTER && depth === 0) return pos;
    pos = ws(buf, pos, end);
    if (pos >= end) return -1;
    const b = buf[pos]!;
    if (state === VALUE) {
      if (depth === closers.length) closers = growStack(closers);
      if (b === OPEN_BRACE) {
        closers[depth++] = CLOSE_BRACE;
        pos++;
        state = OBJECT_FIRST;
      } else if (b === OPEN_BRACKET) {
        pos = ws(buf, pos + 1, end);
        if (buf[pos] === CLOSE_BRACKET) {
          pos++;
          state = AFTER;
        } else {
          closers[depth++] = CLOSE_BRACKET;
        }
      } else {
        pos = b === QUOTE ? strictString(buf, pos, end, flags) : strictScalar(buf, pos, end);
        if (pos < 0) return -1;
        state = AFTER;
      }
    } else if (state === OBJECT_FIRST && b === CLOSE_BRACE) {
      depth--;
      pos++;
      state = AFTER;
    } else if (state === OBJECT_FIRST || state === OBJECT_KEY) {
      if (b !== QUOTE) return -1;
      pos = ws(buf, strictString(buf, pos, end, flags), end);
      if (pos < 0 || buf[pos] !== COLON) return -1;
      pos++;
      state = VALUE;
    } else if (b === COMMA) {
      pos++;
      state = closers[depth - 1] === CLOSE_BRACE ? OBJECT_KEY : VALUE;
    } else if (b === closers[depth - 1]) {
      depth--;
      pos++;
    } else {
      return -1;
    }
  }
}

function growStack(stack: Uint8Array): Uint8Array {
  const bigger = new Uint8Array(stack.length * 2);
  bigger.set(stack);
  return bigger;
}

function sameBytes(buf: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buf[start + i] !== name[i]) return false;
  return true;
}

/**
 * The record's key parts, or null when DuckDB must decide. `buf` must be valid UTF-8 (the
 * caller checks each file once).
 */
export function readRecordKey(buf: Buffer, start: number, end: number): RecordKey | null {
  const flags = { escaped: false };
  let pos = ws(buf, start, end);
  if (buf[pos] !== OPEN_BRACE) return null;
  pos = ws(buf, pos + 1, end);
  let id: [number, number] | null = null;
  let account: [number, number] | null | undefined;
  let time: [number, number] | null = null;
  let timeSeen = false;
  if (buf[pos] !== CLOSE_BRACE) {
    for (;;) {
      if (buf[pos] !== QUOTE) return null;
      const keyStart = pos + 1;
      const keyEnd = strictString(buf, pos, end, flags) - 1;
      // An escaped name could spell eventID; DuckDB reads escapes, this does not.
      if (keyEnd < 0 || flags.escaped) return null;
      pos = ws(buf, keyEnd + 1, end);
      if (buf[pos] !== COLON) return null;
      const valueStart = ws(buf, pos + 1, end);
      pos = strictValue(buf, valueStart, end, flags);
      if (pos < 0) return null;
      const plainString = buf[valueStart] === QUOTE && !flags.escaped;
      const value: [number, number] = [valueStart + 1, pos - 1];
      if (sameBytes(buf, keyStart, keyEnd, EVENT_ID)) {
        if (id || !plainString || value[0] === value[1]) return null;
        id = value;
      } else if (sameBytes(buf, keyStart, keyEnd, ACCOUNT)) {
        if (account !== undefined) return null;
        if (plainString) account = value;
        else if (sameBytes(buf, valueStart, pos, LITERALS[2]!)) account = null;
        else return null;
      } else if (sameBytes(buf, keyStart, keyEnd, EVENT_TIME)) {
        if (timeSeen) return null;
        timeSeen = true;
        time = plainString ? value : null;
      }
      pos = ws(buf, pos, end);
      if (buf[pos] === COMMA) {
        pos = ws(buf, pos + 1, end);
        continue;
      }
      if (buf[pos] === CLOSE_BRACE) break;
      return null;
    }
  }
  if (ws(buf, pos + 1, end) !== end || !id) return null;
  return {
    idStart: id[0],
    idEnd: id[1],
    accountStart: account ? account[0] : -1,
    accountEnd: account ? account[1] : -1,
    timeOk: time !== null && isPlainUtcTime(buf, time[0], time[1]),
  };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(buf: Uint8Array, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const b = buf[i];
    if (!isDigit(b)) return -1;
    n = n * 10 + (b! - ZERO);
  }
  return n;
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]Z` with a real date and time: what CloudTrail writes. */
function isPlainUtcTime(buf: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length !== 20 && (length < 22 || length > 27)) return false;
  const at = (offset: number) => buf[start + offset];
  if (at(4) !== MINUS || at(7) !== MINUS || at(10) !== 0x54 || at(13) !== COLON || at(16) !== COLON || buf[end - 1] !== 0x5a) return false;
  if (length > 20 && (at(19) !== 0x2e || digits(buf, start + 20, length - 21) < 0)) return false;
  const year = digits(buf, start, 4);
  const month = digits(buf, start + 5, 2);
  const day = digits(buf, start + 8, 2);
  const hour = digits(buf, start + 11, 2);
  const minute = digits(buf, start + 14, 2);
  const second = digits(buf, start + 17, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!);
}
