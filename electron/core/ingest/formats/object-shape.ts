import { KeyName, keyText, membersEnd, valueEnd } from '../json-scan.ts';

const EVENT_TIME = 1;
const EVENT_NAME = 2;
const EVENT_SOURCE = 4;
export const CLOUDTRAIL_EVENT = 8;
export const DETAIL_TYPE = 16;
export const DETAIL = 32;

const WATCHED: readonly (readonly [KeyName, number])[] = [
  [new KeyName('eventTime'), EVENT_TIME],
  [new KeyName('eventName'), EVENT_NAME],
  [new KeyName('eventSource'), EVENT_SOURCE],
  [new KeyName('CloudTrailEvent'), CLOUDTRAIL_EVENT],
  [new KeyName('detail-type'), DETAIL_TYPE],
  [new KeyName('detail'), DETAIL],
];

const LISTED_KEYS = 8;
const LISTED_KEY_CHARS = 40;

/**
 * The top-level members of one JSON object that tell a CloudTrail record, and the envelopes
 * that carry one, from anything else. It reads the object's bytes without building it, so a
 * file of millions of small objects allocates nothing per object. One instance serves a
 * whole file.
 */
export class ObjectShape {
  /** The watched keys present, as a set of the bits above. */
  keys = 0;
  /** Where the values of CloudTrailEvent and detail are (the last of each, as JSON parsers read them). */
  eventStart = 0;
  eventEnd = 0;
  detailStart = 0;
  detailEnd = 0;
  private listed = 0;
  private readonly listedKeys = new Uint32Array(2 * LISTED_KEYS);
  private buf: Uint8Array = new Uint8Array(0);
  private limit = 0;

  /** Scans the object whose '{' is at `start`; returns where it ends, or -1 (see `lastFailure`). */
  scan(buf: Uint8Array, start: number, limit: number): number {
    this.buf = buf;
    this.limit = limit;
    this.keys = 0;
    this.listed = 0;
    return membersEnd(buf, start, limit, this.visit);
  }

  /** Ingest's test of a record, as before: it has an eventTime, or names its call and service. */
  get isRecord(): boolean {
    return (this.keys & EVENT_TIME) !== 0 || (this.keys & (EVENT_NAME | EVENT_SOURCE)) === (EVENT_NAME | EVENT_SOURCE);
  }

  /** The first keys of the last object scanned, for a message. */
  keyList(): string {
    const names: string[] = [];
    for (let i = 0; i < this.listed; i++) {
      const name = keyText(this.buf, this.listedKeys[2 * i]!, this.listedKeys[2 * i + 1]!) ?? '(an invalid escape)';
      names.push(name.length > LISTED_KEY_CHARS ? `${name.slice(0, LISTED_KEY_CHARS)}…` : name);
    }
    return names.join(', ') || 'none';
  }

  private readonly visit = (keyStart: number, keyEnd: number, valueStart: number): number => {
    const end = valueEnd(this.buf, valueStart, this.limit);
    if (end < 0) return -1;
    if (this.listed < LISTED_KEYS) {
      this.listedKeys[2 * this.listed] = keyStart;
      this.listedKeys[2 * this.listed + 1] = keyEnd;
      this.listed++;
    }
    for (const [name, bit] of WATCHED) {
      if (!name.matches(this.buf, keyStart, keyEnd)) continue;
      this.keys |= bit;
      if (bit === CLOUDTRAIL_EVENT) {
        this.eventStart = valueStart;
        this.eventEnd = end;
      } else if (bit === DETAIL) {
        this.detailStart = valueStart;
        this.detailEnd = end;
      }
      break;
    }
    return end;
  };
}
