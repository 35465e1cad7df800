import type { SourceKind } from '../../../../shared/model/source.ts';
import { describeScanError } from './describe-error.ts';
import type { Recognition, Rejection } from './extracted.ts';
import type { TopLevelScan } from '../json-scan.ts';

const OPEN_BRACE = 0x7b;
const INSIGHT_MARKER = Buffer.from('"AwsCloudTrailInsight"');

/** A `{"Records": [...]}` file: each record is kept as the exact bytes it was delivered as. */
export function trailLogRecords(buffer: Buffer, scan: Extract<TopLevelScan, { kind: 'records' }>, kindFromKey: SourceKind | null): Recognition {
  const { starts, ends } = scan.records;
  const keptStarts: number[] = [];
  const keptEnds: number[] = [];
  const indexes: number[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    if (buffer[start] === OPEN_BRACE) {
      keptStarts.push(start);
      keptEnds.push(end);
      indexes.push(i);
    } else {
      rejected.push({ index: i, reason: 'the record is not a JSON object', text: buffer.toString('utf8', start, end) });
    }
  }
  const problem = scan.error
    ? `${describeScanError(buffer, scan.error)}; the ${starts.length} complete record(s) before it were loaded`
    : null;
  return {
    ok: true,
    format: 'trail-log',
    kind: kindFromKey ?? (looksLikeInsights(buffer, keptStarts, keptEnds) ? 'insight' : 'log'),
    records: { type: 'slices', buffer, starts: keptStarts, ends: keptEnds, indexes },
    rejected,
    problem,
  };
}

function looksLikeInsights(buffer: Buffer, starts: number[], ends: number[]): boolean {
  if (starts.length === 0) return false;
  const at = buffer.indexOf(INSIGHT_MARKER, starts[0]);
  return at !== -1 && at < ends[0]!;
}
