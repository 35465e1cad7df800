import { createHash } from 'node:crypto';
import type { Rejection } from './formats/recognition.ts';
import { wellFormed } from './well-formed.ts';

/**
 * How much of a rejected record's text `rejected_records.record` keeps. Rejections reach
 * DuckDB as JSON lines, and `read_json` refuses a line over 16 MiB, which failed the whole
 * batch (a 17 MiB record aborted the ingest). JSON escaping can make text up to six times
 * longer (\u0001), so 1 MiB keeps every line under 7 MiB. The source file holds the whole
 * record; its length and SHA-256 in the reason let anyone check the one they find there.
 */
const KEPT_REJECTED_BYTES = 1024 * 1024;
const KEPT_LABEL = '1 MiB';

/** A rejection of the record `bytes[start, end)`, its text cut when long. */
export function rejectedRecord(
  index: number,
  reason: string,
  bytes: Uint8Array,
  start: number,
  end: number,
): Rejection {
  const record = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  if (record.length <= KEPT_REJECTED_BYTES) return { index, reason, text: record.toString('utf8') };
  const sha256 = createHash('sha256').update(record).digest('hex');
  return {
    index,
    reason: `${reason} (${record.length} bytes, SHA-256 ${sha256}; only its first ${KEPT_LABEL} is kept here, the source file holds the whole record)`,
    text: record.toString('utf8', 0, utf8Boundary(record, KEPT_REJECTED_BYTES)),
  };
}

/** A rejection as it may be stored: its text cut when long, both texts well-formed (`well-formed.ts`). */
export function storableRejection(rejection: Rejection): Rejection {
  const bytes = Buffer.from(rejection.text, 'utf8');
  return rejectedRecord(rejection.index, wellFormed(rejection.reason), bytes, 0, bytes.length);
}

/** The largest offset up to `limit` that does not split a UTF-8 sequence. */
function utf8Boundary(bytes: Uint8Array, limit: number): number {
  let cut = limit;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return cut;
}
