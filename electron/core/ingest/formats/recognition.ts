import type { SourceFormat, SourceKind } from '../../../../shared/model/source.ts';
import type { RecordReadings } from '../record-readings.ts';

/**
 * Records as byte ranges of one buffer (kept exactly as delivered) or, for formats that carry
 * a record encoded inside another value, as decoded texts. Offsets and indexes are typed
 * arrays: 4 bytes a number outside the JS heap, so that a file of millions of tiny records
 * cannot exhaust the heap.
 */
export type RecordSet =
  | {
      type: 'slices';
      buffer: Buffer;
      starts: Uint32Array;
      ends: Uint32Array;
      indexes: Uint32Array;
      /** What finding each record read of it, for staging. */
      readings: RecordReadings;
    }
  | { type: 'texts'; texts: string[]; indexes: Uint32Array };

export interface Rejection {
  index: number;
  reason: string;
  text: string;
}

/** What a readable source holds. `problem` explains a file that was only partly readable. */
export interface Extracted {
  ok: true;
  format: SourceFormat;
  kind: SourceKind;
  records: RecordSet;
  /** The first rejections found while reading the file (a bounded number of them). */
  rejected: Rejection[];
  /** How many records were rejected while reading the file, `rejected` and the rest. */
  rejectedTotal: number;
  problem: string | null;
}

/** A source nothing could be loaded from, with a message a person can act on. */
export interface Unreadable {
  ok: false;
  format: SourceFormat;
  kind: SourceKind;
  message: string;
}

export type Recognition = Extracted | Unreadable;

export function recordCount(records: RecordSet): number {
  return records.indexes.length;
}
