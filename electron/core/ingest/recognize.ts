import { isUtf8 } from 'node:buffer';
import type { SourceKind } from '../../../shared/model/source.ts';
import { JsonScanError, scanTopLevelObject, skipValue, skipWhitespace } from './json-scan.ts';
import { describeScanError } from './formats/describe-error.ts';
import { eventHistoryCsv, looksLikeEventHistoryCsv } from './formats/event-history-csv.ts';
import type { Recognition } from './formats/extracted.ts';
import { arrayDocument, jsonLines, objectDocument } from './formats/json-documents.ts';
import { trailLogRecords } from './formats/trail-log.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides what a decompressed file holds by its content (never its name) and extracts its
 * records. `kindFromKey` is the kind its S3 key implies, when it has one.
 */
export function recognize(content: Buffer, kindFromKey: SourceKind | null): Recognition {
  const unreadable = (message: string): Recognition => ({ ok: false, format: 'unknown', kind: kindFromKey ?? 'other', message });
  if (content.length === 0) return unreadable('empty file (0 bytes)');
  if (!isUtf8(content)) return unreadable('not UTF-8 text (binary data or another encoding)');
  const bom = UTF8_BOM.every((byte, i) => content[i] === byte) ? 3 : 0;
  const start = skipWhitespace(content, bom);
  if (start === content.length) return unreadable('the file holds only whitespace');

  if (content[start] === 0x7b) return objectLike(content, start, kindFromKey);
  if (content[start] === 0x5b) return arrayDocument(content, start);
  const text = content.toString('utf8', bom);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  if (looksLikeEventHistoryCsv(firstLine)) return eventHistoryCsv(text);
  if (/^\d{4}-\d{2}-\d{2}T\S+\s+\{/.test(firstLine)) return jsonLines(text);
  return unreadable(`not a CloudTrail file: it starts with ${JSON.stringify(firstLine.slice(0, 40))}`);
}

function objectLike(content: Buffer, start: number, kindFromKey: SourceKind | null): Recognition {
  try {
    const scan = scanTopLevelObject(content, start);
    if (scan.kind === 'records') return trailLogRecords(content, scan, kindFromKey);
    const next = skipWhitespace(content, scan.end);
    if (next < content.length && content[next] === 0x7b) return jsonLines(content.toString('utf8'));
    return objectDocument(content.toString('utf8', start));
  } catch (error) {
    if (!(error instanceof JsonScanError)) throw error;
    if (isJsonLinesAfterFirstValue(content, start)) return jsonLines(content.toString('utf8'));
    return { ok: false, format: 'unknown', kind: kindFromKey ?? 'other', message: describeScanError(content, error) };
  }
}

/** A JSON-lines file fails the single-document scan right after its first line. */
function isJsonLinesAfterFirstValue(content: Buffer, start: number): boolean {
  try {
    const end = skipValue(content, start);
    const next = skipWhitespace(content, end);
    return next < content.length && content[next] === 0x7b && content.subarray(end, next).includes(0x0a);
  } catch {
    return false;
  }
}
