import { LINE_FEED, OPEN_BRACE } from '../json-bytes.ts';
import { isWhitespace, skipWhitespace } from '../json-scan.ts';
import { EntryReader, entriesRecognition } from './export-entry.ts';
import type { Recognition } from './recognition.ts';
import { RecordCollector } from './record-collector.ts';

/**
 * One JSON value per line: CloudWatch Logs exports, lookup-events output, NDJSON of records.
 * The buffer is walked line by line and each line read on its own, so a broken line costs
 * only itself, and blank lines cost nothing.
 */
export function jsonLines(content: Buffer, from: number): Recognition {
  const collector = new RecordCollector(content);
  const entries = new EntryReader(content, collector, 'line');
  let index = 0;
  for (let pos = skipWhitespace(content, from); pos < content.length; pos = skipWhitespace(content, pos)) {
    const newline = content.indexOf(LINE_FEED, pos);
    const lineEnd = newline === -1 ? content.length : newline;
    let end = lineEnd;
    while (isWhitespace(content[end - 1])) end--;
    const brace = cloudWatchPrefixEnd(content, pos, end);
    entries.read(index++, brace === -1 ? pos : brace, end, 'json-lines');
    pos = lineEnd + 1;
  }
  return entriesRecognition(collector, 'a JSON-lines file', 'json-lines', null);
}

const TIMESTAMP = 'dddd-dd-ddTdd:dd:dd';
const DOT = 0x2e;
const LETTER_Z = 0x5a;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * CloudWatch Logs exports prefix each line with its ingestion time (`2024-01-01T00:00:01.000Z {…}`).
 * Returns where the record's '{' is after such a prefix, or -1 when the line has none.
 */
export function cloudWatchPrefixEnd(buf: Uint8Array, pos: number, end: number): number {
  if (end - pos < TIMESTAMP.length + 2) return -1;
  for (let i = 0; i < TIMESTAMP.length; i++) {
    const byte = buf[pos + i];
    if (TIMESTAMP[i] === 'd' ? !isDigit(byte) : byte !== TIMESTAMP.charCodeAt(i)) return -1;
  }
  let at = pos + TIMESTAMP.length;
  if (buf[at] === DOT) {
    const digits = ++at;
    while (at < end && isDigit(buf[at])) at++;
    if (at === digits) return -1;
  }
  if (buf[at] !== LETTER_Z) return -1;
  const brace = skipWhitespace(buf, at + 1, end);
  return brace > at + 1 && brace < end && buf[brace] === OPEN_BRACE ? brace : -1;
}
