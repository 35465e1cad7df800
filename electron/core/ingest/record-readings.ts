import { KEY_FOR_DUCKDB, type RecordReading } from './record-key.ts';

/** Records shorter than this are walked again by staging: a file of tiny records keeps nothing. */
const KEPT_FROM_BYTES = 128;
const NO_ACCOUNT = 0xffffffff;

const NOT_KEPT = 0;
const FOR_DUCKDB = 1;
const KEY = 2;
const KEY_TIME_OK = 3;

/**
 * What the walk that found each record of a file read of it (`walkRecord`), kept until staging
 * so that a record is walked once, not once to find its end and again for its key. Outside the
 * JS heap, as the record offsets are: a byte per record once one is kept, and four numbers per
 * key kept. Only a key or "DuckDB's to read" is kept, and only for records of KEPT_FROM_BYTES or
 * more, so a file of millions of tiny records costs nothing here; anything else is read again
 * when staged.
 */
export class RecordReadings {
  // Made at the first reading kept: a file none is kept of (JSON lines, say) costs nothing.
  private flags = new Uint8Array(0);
  private offsets = new Uint32Array(0);
  private count = 0;
  private kept = 0;

  add(reading: RecordReading | null | undefined, start: number, end: number): void {
    const flag = end - start < KEPT_FROM_BYTES ? NOT_KEPT : this.keep(reading);
    if (flag !== NOT_KEPT && this.count >= this.flags.length) {
      const flags = new Uint8Array(roomFor(this.flags.length, this.count + 1));
      flags.set(this.flags);
      this.flags = flags;
    }
    if (this.count < this.flags.length) this.flags[this.count] = flag;
    this.count++;
  }

  /**
   * Reads the readings back in the order they were added, one call per record: each call gives
   * the next record's, undefined when it was not kept.
   */
  reader(): () => RecordReading | undefined {
    let record = 0;
    let offset = 0;
    return () => {
      const flag = this.flags[record++];
      if (flag === FOR_DUCKDB) return KEY_FOR_DUCKDB;
      if (flag !== KEY && flag !== KEY_TIME_OK) return undefined;
      const o = this.offsets;
      const at = offset;
      offset += 4;
      return {
        idStart: o[at]!,
        idEnd: o[at + 1]!,
        accountStart: o[at + 2] === NO_ACCOUNT ? -1 : o[at + 2]!,
        accountEnd: o[at + 3] === NO_ACCOUNT ? -1 : o[at + 3]!,
        timeOk: flag === KEY_TIME_OK,
      };
    };
  }

  private keep(reading: RecordReading | null | undefined): number {
    if (reading === KEY_FOR_DUCKDB) return FOR_DUCKDB;
    if (!reading || typeof reading !== 'object') return NOT_KEPT;
    if (4 * (this.kept + 1) > this.offsets.length) {
      const offsets = new Uint32Array(roomFor(this.offsets.length, 4 * (this.kept + 1)));
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    const at = 4 * this.kept++;
    this.offsets[at] = reading.idStart;
    this.offsets[at + 1] = reading.idEnd;
    this.offsets[at + 2] = reading.accountStart < 0 ? NO_ACCOUNT : reading.accountStart;
    this.offsets[at + 3] = reading.accountEnd < 0 ? NO_ACCOUNT : reading.accountEnd;
    return reading.timeOk ? KEY_TIME_OK : KEY;
  }
}

/** The length to grow an array of `length` items to, to hold `needed`: twice as long, never under 1,024. */
const roomFor = (length: number, needed: number) => Math.max(1024, 2 * length, needed);
