import type { SourceFormat, SourceKind } from '../../../../shared/model/source.ts';

/** Records as byte ranges of one buffer (log files: kept exactly as delivered) or as texts. */
export type RecordSet =
  | { type: 'slices'; buffer: Buffer; starts: number[]; ends: number[]; indexes: number[] }
  | { type: 'texts'; texts: string[]; indexes: number[] };

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
  rejected: Rejection[];
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

export function textsOf(entries: { index: number; text: string }[]): RecordSet {
  return { type: 'texts', texts: entries.map((e) => e.text), indexes: entries.map((e) => e.index) };
}
