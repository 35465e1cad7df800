import { createHash } from 'node:crypto';
import type { SourceFormat, SourceKind } from '../../../../shared/model/source.ts';
import type { RecordReading } from '../record-key.ts';
import { RecordReadings } from '../record-readings.ts';
import { MAX_KEPT_REJECTIONS, MAX_REJECTED_TEXT_BYTES, MAX_REJECTED_TEXT_LABEL } from './format-limits.ts';
import type { Extracted, RecordSet, Rejection } from './recognition.ts';

/**
 * A growing list of unsigned 32-bit numbers. It starts at 16 (64 bytes, which V8 keeps inside
 * its heap, where a larger array is a buffer of its own): a file's four lists started at 1,024,
 * and over the org trail's files of 9 records their making was 0.56 s of the ingest's JS thread
 * (`--cpu-prof`).
 */
class Uint32List {
  private items = new Uint32Array(16);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Uint32Array(2 * this.items.length);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  at(i: number): number {
    return this.items[i]!;
  }

  view(): Uint32Array {
    return this.items.subarray(0, this.length);
  }
}

/**
 * The records of one file as it is read: slices of its buffer, decoded texts, and rejections,
 * of which only the first MAX_KEPT_REJECTIONS keep their reason and text (capped too).
 */
export class RecordCollector {
  private readonly starts = new Uint32List();
  private readonly ends = new Uint32List();
  private readonly sliceIndexes = new Uint32List();
  private readonly readings = new RecordReadings();
  private readonly texts: string[] = [];
  private readonly textIndexes = new Uint32List();
  private readonly rejections: Rejection[] = [];
  private totalRejected = 0;
  private readonly formats = new Map<SourceFormat, number>();

  constructor(readonly buffer: Buffer) {}

  get recordCount(): number {
    return this.sliceIndexes.length + this.textIndexes.length;
  }

  get rejectedTotal(): number {
    return this.totalRejected;
  }

  get firstRejection(): Rejection | undefined {
    return this.rejections[0];
  }

  /** Whether the next rejection keeps its reason and text; when not, `countRejection` is all it needs. */
  get keepsRejections(): boolean {
    return this.rejections.length < MAX_KEPT_REJECTIONS;
  }

  /**
   * A record delivered as the bytes [start, end) of the buffer, kept exactly so; `reading`, what
   * the walk that found it read of it, when one did.
   */
  slice(index: number, start: number, end: number, format: SourceFormat, reading?: RecordReading | null): void {
    this.readings.add(reading, start, end);
    this.starts.push(start);
    this.ends.push(end);
    this.sliceIndexes.push(index);
    this.count(format);
  }

  /** A record decoded from the value that carried it. */
  text(index: number, text: string, format: SourceFormat): void {
    this.texts.push(text);
    this.textIndexes.push(index);
    this.count(format);
  }

  reject(index: number, reason: string, text: string): void {
    if (!this.keepsRejections) return this.countRejection();
    // Three UTF-8 bytes at most per UTF-16 unit: a text this short cannot be over the cap.
    if (3 * text.length <= MAX_REJECTED_TEXT_BYTES) return this.keep(index, reason, text);
    const bytes = Buffer.from(text);
    this.keepBytes(index, reason, bytes, 0, bytes.length, false);
  }

  /** A rejection of the bytes [start, end) of the buffer. */
  rejectBytes(index: number, reason: string, start: number, end: number): void {
    if (!this.keepsRejections) return this.countRejection();
    this.keepBytes(index, reason, this.buffer, start, end, true);
  }

  countRejection(): void {
    this.totalRejected++;
  }

  /** The file's records; its format is the one most of them came in, `fallback` when none did. */
  extracted(kind: SourceKind, fallback: SourceFormat, problem: string | null): Extracted {
    const format = [...this.formats.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
    return {
      ok: true,
      format,
      kind,
      records: this.records(),
      rejected: this.rejections,
      rejectedTotal: this.totalRejected,
      problem,
    };
  }

  /**
   * Keeps a rejection; a long text is cut, and its length and SHA-256 let anyone check the
   * whole of it. `inFile`: the bytes are the file's own, not a text rebuilt from them.
   */
  private keepBytes(index: number, reason: string, bytes: Buffer, start: number, end: number, inFile: boolean): void {
    if (end - start <= MAX_REJECTED_TEXT_BYTES) return this.keep(index, reason, bytes.toString('utf8', start, end));
    let cut = start + MAX_REJECTED_TEXT_BYTES;
    while (cut > start && (bytes[cut]! & 0xc0) === 0x80) cut--;
    const sha256 = createHash('sha256').update(bytes.subarray(start, end)).digest('hex');
    const why = `${reason} (it is ${end - start} bytes, SHA-256 ${sha256}; its first ${MAX_REJECTED_TEXT_LABEL} is kept here${inFile ? ', the source file holds all of it' : ''})`;
    this.keep(index, why, bytes.toString('utf8', start, cut));
  }

  private keep(index: number, reason: string, text: string): void {
    this.totalRejected++;
    this.rejections.push({ index, reason, text });
  }

  private count(format: SourceFormat): void {
    this.formats.set(format, (this.formats.get(format) ?? 0) + 1);
  }

  private records(): RecordSet {
    if (this.textIndexes.length === 0) {
      return {
        type: 'slices',
        buffer: this.buffer,
        starts: this.starts.view(),
        ends: this.ends.view(),
        indexes: this.sliceIndexes.view(),
        readings: this.readings,
      };
    }
    if (this.sliceIndexes.length === 0) return { type: 'texts', texts: this.texts, indexes: this.textIndexes.view() };
    return this.mergedTexts();
  }

  /**
   * A file that mixes plain and decoded records (JSON lines of both) becomes texts, in the
   * order of the file. A slice's text is still its exact bytes: the file is valid UTF-8.
   */
  private mergedTexts(): RecordSet {
    const total = this.recordCount;
    const texts: string[] = [];
    const indexes = new Uint32Array(total);
    let s = 0;
    let t = 0;
    for (let i = 0; i < total; i++) {
      const takeSlice =
        t === this.textIndexes.length ||
        (s < this.sliceIndexes.length && this.sliceIndexes.at(s) < this.textIndexes.at(t));
      if (takeSlice) {
        texts.push(this.buffer.toString('utf8', this.starts.at(s), this.ends.at(s)));
        indexes[i] = this.sliceIndexes.at(s++);
      } else {
        texts.push(this.texts[t]!);
        indexes[i] = this.textIndexes.at(t++);
      }
    }
    return { type: 'texts', texts, indexes };
  }
}
