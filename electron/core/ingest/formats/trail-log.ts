import type { SourceKind } from '../../../../shared/model/source.ts';
import { CLOSE_BRACE, OPEN_BRACE } from '../json-bytes.ts';
import { skipWhitespace, type TopLevelScan, valueEnd } from '../json-scan.ts';
import { lastWalk, type RecordReading, walkRecord } from '../record-key.ts';
import { describeScanError } from './describe-error.ts';
import type { Recognition } from './recognition.ts';
import { RecordCollector } from './record-collector.ts';

const INSIGHT_MARKER = Buffer.from('"AwsCloudTrailInsight"');

/**
 * The records of a `{"Records": [...]}` file, each kept as the exact bytes it was delivered
 * as. Every object is a record for DuckDB to judge, but for an empty one, which cannot be:
 * a file of nothing but `{}` is then one count, not millions of records to reject.
 */
export class TrailLogReader {
  private readonly collector: RecordCollector;
  private elements = 0;
  private firstStart = -1;
  private firstEnd = -1;
  // What the walk that found the record in hand read of it.
  private reading: RecordReading | null = null;

  constructor(private readonly content: Buffer) {
    this.collector = new RecordCollector(content);
  }

  /**
   * Where the record at `start` ends. Its strict walk finds that and reads its key at once, so
   * staging need not walk it again; a record that is not strict JSON is measured as any value is.
   */
  recordEnd(start: number, limit: number): number {
    this.reading = walkRecord(this.content, start, limit);
    if (lastWalk.end >= 0) return lastWalk.end;
    this.reading = null;
    return valueEnd(this.content, start, limit);
  }

  record(start: number, end: number): void {
    const index = this.elements++;
    const content = this.content;
    if (content[start] !== OPEN_BRACE)
      return this.collector.rejectBytes(index, 'the record is not a JSON object', start, end);
    if (content[skipWhitespace(content, start + 1, end)] === CLOSE_BRACE)
      return this.collector.rejectBytes(index, 'the record is an empty JSON object', start, end);
    if (this.firstStart < 0) {
      this.firstStart = start;
      this.firstEnd = end;
    }
    this.collector.slice(index, start, end, 'trail-log', this.reading);
  }

  recognition(scan: Extract<TopLevelScan, { kind: 'records' }>, kindFromKey: SourceKind | null): Recognition {
    const problems: string[] = [];
    if (scan.recordsKeys.length > 1) problems.push(repeatedRecords(scan.recordsKeys));
    if (scan.error)
      problems.push(
        `${describeScanError(this.content, scan.error)}; the ${this.elements} complete record(s) before it were loaded`,
      );
    return this.collector.extracted(
      kindFromKey ?? (this.looksLikeInsights() ? 'insight' : 'log'),
      'trail-log',
      problems.join('; ') || null,
    );
  }

  private looksLikeInsights(): boolean {
    if (this.firstStart < 0) return false;
    const at = this.content.indexOf(INSIGHT_MARKER, this.firstStart);
    return at !== -1 && at < this.firstEnd;
  }
}

/**
 * JSON parsers keep one value of a repeated key (DuckDB the first, jq and JSON.parse the
 * last), so another tool would show only part of such a file.
 */
function repeatedRecords(types: readonly string[]): string {
  const notLists = types.flatMap((type, i) =>
    type === 'an array' ? [] : [`"Records" number ${i + 1} is ${type}, not a list of records`],
  );
  return [
    `the file has ${types.length} "Records" keys (CloudTrail writes one; other JSON readers see only one of them)`,
    ...notLists,
    'the records of every list were loaded',
  ].join('; ');
}
