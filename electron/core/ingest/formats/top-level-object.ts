import type { SourceKind } from '../../../../shared/model/source.ts';
import { LINE_FEED, OPEN_BRACE } from '../json-bytes.ts';
import { JsonScanError, scanTopLevelObject, skipWhitespace, type TopLevelScan, valueEnd } from '../json-scan.ts';
import { describeScanError } from './describe-error.ts';
import { TopLevelMembers } from './json-documents.ts';
import { jsonLines } from './json-lines.ts';
import type { Recognition } from './recognition.ts';
import { TrailLogReader } from './trail-log.ts';

/**
 * A file that starts with '{': a trail log, a digest, an Events list, one record or entry,
 * or the first of many JSON lines.
 */
export function topLevelObject(content: Buffer, start: number, kindFromKey: SourceKind | null): Recognition {
  const trailLog = new TrailLogReader(content);
  const members = new TopLevelMembers(content);
  let scan: TopLevelScan;
  try {
    scan = scanTopLevelObject(content, start, {
      recordEnd: (from, limit) => trailLog.recordEnd(from, limit),
      record: (from, to) => trailLog.record(from, to),
      member: (keyStart, keyEnd, valueStart, valueStop) => members.add(keyStart, keyEnd, valueStart, valueStop),
    });
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    if (isJsonLinesAfterFirstValue(content, start)) return jsonLines(content, start);
    return { ok: false, format: 'unknown', kind: kindFromKey ?? 'other', message: describeScanError(content, error) };
  }
  if (scan.kind === 'records') return trailLog.recognition(scan, kindFromKey);
  const next = skipWhitespace(content, scan.end);
  if (next === content.length) return members.recognize(start, scan.end, scan.recordsKeys);
  // More on the next lines: JSON lines, each judged on its own (the junk ones rejected).
  if (content[next] === OPEN_BRACE || content.subarray(scan.end, next).includes(LINE_FEED))
    return jsonLines(content, start);
  return {
    ok: false,
    format: 'unknown',
    kind: kindFromKey ?? 'other',
    message: describeScanError(content, new JsonScanError('unexpected data after the end of the JSON', next)),
  };
}

/** A JSON-lines file fails the single-document scan right after its first line. */
function isJsonLinesAfterFirstValue(content: Buffer, start: number): boolean {
  const end = valueEnd(content, start, content.length);
  if (end < 0) return false;
  const next = skipWhitespace(content, end);
  return next < content.length && content[next] === OPEN_BRACE && content.subarray(end, next).includes(LINE_FEED);
}
