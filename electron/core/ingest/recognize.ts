import { isUtf8 } from 'node:buffer';
import type { SourceKind } from '../../../shared/model/source.ts';
import { eventHistoryCsv, looksLikeEventHistoryCsv } from './formats/event-history-csv.ts';
import { MAX_HEADER_BYTES } from './formats/format-limits.ts';
import { arrayDocument } from './formats/json-documents.ts';
import { cloudWatchPrefixEnd, jsonLines } from './formats/json-lines.ts';
import type { Recognition } from './formats/recognition.ts';
import { topLevelObject } from './formats/top-level-object.ts';
import { LINE_FEED, OPEN_BRACE, OPEN_BRACKET } from './json-bytes.ts';
import { skipWhitespace } from './json-scan.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides what a decompressed file holds by its content (never its name) and extracts its
 * records. `kindFromKey` is the kind its S3 key implies, when it has one. Only the first
 * line is ever turned into a string to look at it, and only when it is short.
 */
export function recognize(content: Buffer, kindFromKey: SourceKind | null): Recognition {
  const unreadable = (message: string): Recognition => ({
    ok: false,
    format: 'unknown',
    kind: kindFromKey ?? 'other',
    message,
  });
  if (content.length === 0) return unreadable('empty file (0 bytes)');
  if (!isUtf8(content)) return unreadable('not UTF-8 text (binary data or another encoding)');
  const bom = UTF8_BOM.every((byte, i) => content[i] === byte) ? 3 : 0;
  const start = skipWhitespace(content, bom);
  if (start === content.length) return unreadable('the file holds only whitespace');

  if (content[start] === OPEN_BRACE) return topLevelObject(content, start, kindFromKey);
  if (content[start] === OPEN_BRACKET) return arrayDocument(content, start);
  const newline = content.indexOf(LINE_FEED, start);
  const lineEnd = newline === -1 ? content.length : newline;
  // Before the CSV header test: a string in the first record (a user agent "x,eventID,eventTime,eventName")
  // passed it, and the whole export was read as a CSV.
  if (cloudWatchPrefixEnd(content, start, lineEnd) !== -1) return jsonLines(content, start);
  if (lineEnd - start <= MAX_HEADER_BYTES && looksLikeEventHistoryCsv(content.toString('utf8', start, lineEnd)))
    return eventHistoryCsv(content, start);
  // 40 characters are at most 160 bytes of UTF-8.
  const preview = content.toString('utf8', start, Math.min(lineEnd, start + 160)).slice(0, 40);
  return unreadable(`not a CloudTrail file: it starts with ${JSON.stringify(preview)}`);
}
