import type { DigestFields, DigestInput, IntegrityStatus } from '../../../shared/model/integrity.ts';
import { awsLogsKey, type DigestKeyInfo, parseDigestKey } from './object-keys.ts';
import { parseUtc } from './utc-time.ts';

/** A digest found in the case, with what its key and content say, and its verdict once judged. */
export interface DigestEntry {
  input: DigestInput;
  /** Where it was found, from `AWSLogs/` on. */
  foundKey: string;
  /** Where it says CloudTrail wrote it (its `digestS3Object`), or where it was found if unreadable. */
  selfKey: string;
  /** Trail and time, from the key it records, else from where it was found. */
  info: DigestKeyInfo | null;
  /** Null when the content is not a readable digest. */
  readable: { fields: DigestFields; startMs: number; endMs: number } | null;
  /** The digest its previous-digest fields name, from `AWSLogs/` on. */
  previousKey: string | null;
  status: IntegrityStatus | null;
  reason: string;
  checkedAgainst: string | null;
}

/** A digest whose content could be read. */
export type ReadableDigest = DigestEntry & { readable: NonNullable<DigestEntry['readable']> };

/**
 * Where a digest was found and where it says CloudTrail wrote it (`recorded`, when its content
 * is readable), from `AWSLogs/` on, and the trail and time they name: what places it in a chain.
 */
export function digestKeys(
  foundAt: string,
  recorded: string | null,
): Pick<DigestEntry, 'foundKey' | 'selfKey' | 'info'> {
  const foundKey = awsLogsKey(foundAt);
  const selfKey = recorded === null ? foundKey : awsLogsKey(recorded);
  return { foundKey, selfKey, info: parseDigestKey(selfKey) ?? parseDigestKey(foundKey) };
}

export function digestEntry(input: DigestInput): DigestEntry {
  const fields = input.fields;
  const { foundKey, selfKey, info } = digestKeys(input.s3_key, fields ? fields.digest_s3_object : null);
  const startMs = fields ? parseUtc(fields.digest_start_time) : null;
  const endMs = fields ? parseUtc(fields.digest_end_time) : null;
  return {
    input,
    foundKey,
    selfKey,
    info,
    readable: fields && startMs !== null && endMs !== null ? { fields, startMs, endMs } : null,
    previousKey: fields?.previous_digest_s3_object ? awsLogsKey(fields.previous_digest_s3_object) : null,
    status: null,
    reason: '',
    checkedAgainst: null,
  };
}
