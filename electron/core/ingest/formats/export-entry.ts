import type { SourceFormat } from '../../../../shared/model/source.ts';
import { OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../json-bytes.ts';
import { LineCounter, lastFailure, lineAndColumn, skipWhitespace, valueEnd } from '../json-scan.ts';
import { describeParseError } from './describe-error.ts';
import { MAX_ENTRY_BYTES, MAX_ENTRY_LABEL } from './format-limits.ts';
import { CLOUDTRAIL_EVENT, DETAIL, DETAIL_TYPE, ObjectShape } from './object-shape.ts';
import type { Recognition } from './recognition.ts';
import type { RecordCollector } from './record-collector.ts';

/** Control characters JSON allows nowhere raw (tab, LF and CR may separate values). */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/** Why an entry was not loaded; the message is written only for the rejections that are kept. */
type Rejected =
  | 'too-long'
  | 'not-json'
  | 'invalid'
  | 'not-object'
  | 'not-record'
  | 'event-escape'
  | 'event-invalid'
  | 'event-not-object'
  | 'event-not-record'
  | 'detail-invalid'
  | 'detail-not-record';

export type EntryVerdict = 'loaded' | Rejected;

/**
 * Reads the entries of an export one by one: a JSON line, an element of a top-level array or
 * of an Events list. An entry is a CloudTrail record (kept as its exact bytes), a
 * lookup-events entry whose CloudTrailEvent string is the record, an EventBridge envelope
 * whose detail is, or a rejection with its reason. One reader serves a whole file, and an
 * entry costs no allocation unless it carries an encoded record.
 */
export class EntryReader {
  private readonly shape = new ObjectShape();
  private readonly lines: LineCounter;
  private failureReason = '';
  private failureOffset = 0;
  private failureCutOff = false;
  private decoded: Buffer = Buffer.alloc(0);
  private detailText = '';
  private detailError: unknown = null;

  /** `noun` names an entry in messages: "line" or "entry". */
  constructor(
    private readonly buffer: Buffer,
    private readonly collector: RecordCollector,
    private readonly noun: string,
  ) {
    this.lines = new LineCounter(buffer);
  }

  /**
   * Reads the JSON value at [start, end), whitespace after it allowed. `plainFormat` is what
   * a plain record counts as (a JSON line, an element of an exported array).
   */
  read(index: number, start: number, end: number, plainFormat: SourceFormat): EntryVerdict {
    const buf = this.buffer;
    // Past this nothing is parsed: no record is that long, and an entry may be any size.
    if (end - start > MAX_ENTRY_BYTES) return this.reject(index, start, end, 'too-long');
    const isObject = buf[start] === OPEN_BRACE;
    if (!isObject && !startsJsonValue(buf[start])) return this.reject(index, start, end, 'not-json');
    const valueStop = isObject ? this.shape.scan(buf, start, end) : valueEnd(buf, start, end);
    if (valueStop < 0)
      return this.rejectFailed(
        'invalid',
        index,
        start,
        end,
        lastFailure.reason,
        lastFailure.offset,
        lastFailure.cutOff,
      );
    const rest = skipWhitespace(buf, valueStop, end);
    if (rest < end)
      return this.rejectFailed('invalid', index, start, end, 'unexpected data after the JSON value', rest, false);
    if (!isObject) return this.reject(index, start, end, 'not-object');
    const { keys } = this.shape;
    if ((keys & CLOUDTRAIL_EVENT) !== 0 && buf[this.shape.eventStart] === QUOTE)
      return this.lookupEvent(index, start, end);
    if ((keys & DETAIL_TYPE) !== 0 && (keys & DETAIL) !== 0 && buf[this.shape.detailStart] === OPEN_BRACE)
      return this.eventBridge(index, start, end);
    if (!this.shape.isRecord) return this.reject(index, start, end, 'not-record');
    this.collector.slice(index, start, valueStop, plainFormat);
    return 'loaded';
  }

  /** A lookup-events or Event-history entry: its CloudTrailEvent string is the record. */
  private lookupEvent(index: number, start: number, end: number): EntryVerdict {
    let text: string;
    try {
      text = JSON.parse(this.buffer.toString('utf8', this.shape.eventStart, this.shape.eventEnd)) as string;
    } catch {
      return this.reject(index, start, end, 'event-escape');
    }
    const decoded = Buffer.from(text);
    this.decoded = decoded;
    // Decoded from a JSON string, the record can hold raw control bytes its file could not;
    // the scan lets them through (they leave bounds plain), so they are named here.
    const control = RAW_CONTROL.exec(text);
    if (control) {
      const byte = control[0].charCodeAt(0).toString(16).padStart(2, '0');
      return this.rejectFailed(
        'event-invalid',
        index,
        start,
        end,
        `raw control character 0x${byte}`,
        Buffer.byteLength(text.slice(0, control.index)),
        false,
      );
    }
    const at = skipWhitespace(decoded, 0);
    if (decoded[at] !== OPEN_BRACE) return this.reject(index, start, end, 'event-not-object');
    const stop = this.shape.scan(decoded, at, decoded.length);
    if (stop < 0)
      return this.rejectFailed(
        'event-invalid',
        index,
        start,
        end,
        lastFailure.reason,
        lastFailure.offset,
        lastFailure.cutOff,
      );
    const rest = skipWhitespace(decoded, stop);
    if (rest < decoded.length)
      return this.rejectFailed('event-invalid', index, start, end, 'unexpected data after the record', rest, false);
    if (!this.shape.isRecord) return this.reject(index, start, end, 'event-not-record');
    this.collector.text(index, text, 'lookup-events');
    return 'loaded';
  }

  /** An EventBridge envelope of a CloudTrail event: its detail is the record. */
  private eventBridge(index: number, start: number, end: number): EntryVerdict {
    const { detailStart, detailEnd } = this.shape;
    const stop = this.shape.scan(this.buffer, detailStart, detailEnd);
    if (stop < 0)
      return this.rejectFailed(
        'invalid',
        index,
        start,
        end,
        lastFailure.reason,
        lastFailure.offset,
        lastFailure.cutOff,
      );
    if (!this.shape.isRecord) return this.reject(index, start, end, 'detail-not-record');
    const detail = this.buffer.toString('utf8', detailStart, detailEnd);
    let text: string;
    try {
      // Re-serialized, not sliced: EventBridge itself already rewrote the record.
      text = JSON.stringify(JSON.parse(detail));
    } catch (error) {
      this.detailText = detail;
      this.detailError = error;
      return this.reject(index, start, end, 'detail-invalid');
    }
    this.collector.text(index, text, 'eventbridge');
    return 'loaded';
  }

  /** A parse failure: where and why, kept for the rejection's message. */
  private rejectFailed(
    why: 'invalid' | 'event-invalid',
    index: number,
    start: number,
    end: number,
    reason: string,
    offset: number,
    cutOff: boolean,
  ): EntryVerdict {
    this.failureReason = reason;
    this.failureOffset = offset;
    this.failureCutOff = cutOff;
    return this.reject(index, start, end, why);
  }

  private reject(index: number, start: number, end: number, why: Rejected): EntryVerdict {
    if (this.collector.keepsRejections) this.collector.rejectBytes(index, this.reason(why, start, end), start, end);
    else this.collector.countRejection();
    return why;
  }

  /** Written while the state of the entry is still at hand. */
  private reason(why: Rejected, start: number, end: number): string {
    switch (why) {
      case 'too-long':
        return `the ${this.noun} is ${end - start} bytes, more than the ${MAX_ENTRY_LABEL} Trailscope reads as one entry (a record is at most 4 MiB)`;
      case 'not-json': {
        const { line, column } = this.lines.at(start);
        const first = [...this.buffer.toString('utf8', start, Math.min(end, start + 4))][0];
        return `invalid JSON at line ${line}, column ${column}: unexpected ${JSON.stringify(first)}`;
      }
      case 'invalid': {
        const { line, column } = this.lines.at(this.failureOffset);
        const reason = this.failureCutOff ? `the ${this.noun} ${this.failureReason}` : this.failureReason;
        return `invalid JSON at line ${line}, column ${column}: ${reason}`;
      }
      case 'not-object':
        return 'not a JSON object';
      case 'not-record':
        return `not a CloudTrail record (keys: ${this.shape.keyList()})`;
      case 'event-escape':
        return 'its CloudTrailEvent string has an invalid escape';
      case 'event-invalid': {
        const { line, column } = lineAndColumn(this.decoded, this.failureOffset);
        const reason = this.failureCutOff ? `the record ${this.failureReason}` : this.failureReason;
        return `its CloudTrailEvent is invalid JSON at line ${line}, column ${column} of the record: ${reason}`;
      }
      case 'event-not-object':
        return 'its CloudTrailEvent is not a JSON object';
      case 'event-not-record':
        return `its CloudTrailEvent is not a CloudTrail record (keys: ${this.shape.keyList()})`;
      case 'detail-invalid':
        return `its EventBridge detail is ${describeParseError(this.detailText, this.detailError)}`;
      case 'detail-not-record':
        return `its EventBridge detail is not a CloudTrail record (keys: ${this.shape.keyList()})`;
    }
  }
}

/** Whether `byte` can begin a JSON value: a quote, a bracket, a minus, a digit, or t, f or n. */
function startsJsonValue(byte: number | undefined): boolean {
  if (byte === undefined) return false;
  return (
    byte === QUOTE ||
    byte === OPEN_BRACKET ||
    byte === 0x2d ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x74 ||
    byte === 0x66 ||
    byte === 0x6e
  );
}

/**
 * What a file of entries comes to. When none was a record, it is not a CloudTrail file: one
 * message for the file, not a rejection for each of its entries.
 */
export function entriesRecognition(
  collector: RecordCollector,
  what: string,
  fallback: SourceFormat,
  problem: string | null,
): Recognition {
  const first = collector.firstRejection;
  if (collector.recordCount > 0 || !first) return collector.extracted('log', fallback, problem);
  const total = collector.rejectedTotal;
  const message = `not a CloudTrail file: ${what} with no CloudTrail record in its ${total} ${total === 1 ? 'entry' : 'entries'} (the first: ${first.reason})`;
  return { ok: false, format: 'unknown', kind: 'other', message: problem ? `${message}; ${problem}` : message };
}
