import type { DigestFields, DigestLogEntry } from '../../../shared/model/integrity.ts';
import { parseUtc } from './utc-time.ts';

export type ParsedDigest =
  | { ok: true; fields: DigestFields; log_files: DigestLogEntry[] }
  | { ok: false; error: string };

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const MD5_HEX = /^[0-9a-fA-F]{32}$/;
const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const ACCOUNT = /^\d{12}$/;
const MAX_ERRORS = 5;
// S3 keys are at most 1,024 bytes and an RSA-16384 signature is 4,096 hex digits: a longer
// value is no CloudTrail digest's, and kept whole it would burden every later step.
const MAX_TEXT_CHARS = 4096;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects what is wrong with a digest's fields, naming each one, instead of stopping at the first. */
class FieldReader {
  readonly errors: string[] = [];

  constructor(
    private readonly object: Json,
    private readonly at: string,
  ) {}

  private fail(name: string, problem: string): null {
    this.errors.push(`${this.at}${name} ${problem}`);
    return null;
  }

  text(name: string, pattern?: RegExp, what?: string): string | null {
    const value = this.object[name];
    if (value === undefined || value === null) return this.fail(name, 'is missing');
    if (typeof value !== 'string' || value === '') return this.fail(name, 'is not a text');
    if (value.length > MAX_TEXT_CHARS)
      return this.fail(
        name,
        `is ${value.length.toLocaleString('en-US')} characters long, more than any CloudTrail digest holds`,
      );
    if (pattern && !pattern.test(value))
      return this.fail(name, `is not ${what}: ${JSON.stringify(value.slice(0, 80))}`);
    return value;
  }

  time(name: string): string | null {
    const value = this.text(name);
    if (value !== null && parseUtc(value) === null)
      return this.fail(name, `is not an ISO 8601 UTC time: ${JSON.stringify(value.slice(0, 40))}`);
    return value;
  }

  /** A field that is null where it does not apply: the previous digest of a chain's first one. */
  optionalText(name: string, pattern?: RegExp, what?: string): string | null {
    const value = this.object[name];
    return value === undefined || value === null ? null : this.text(name, pattern, what);
  }

  optionalTime(name: string): string | null {
    const value = this.object[name];
    return value === undefined || value === null ? null : this.time(name);
  }

  sha256Algorithm(name: string): string | null {
    const value = this.text(name);
    if (value !== null && value !== 'SHA-256')
      return this.fail(name, `is ${JSON.stringify(value)}; CloudTrail hashes with SHA-256 only`);
    return value;
  }
}

/**
 * Reads a digest file's uncompressed content. Unknown fields are ignored; the fields that
 * validation rests on must be present and well-formed, or the digest is refused with every
 * problem named. Values are kept as written: the end time and the previous signature enter
 * the signed string byte for byte.
 */
export function parseDigest(content: string | Uint8Array): ParsedDigest {
  let json: unknown;
  try {
    json = JSON.parse(
      typeof content === 'string' ? content : new TextDecoder('utf-8', { fatal: true }).decode(content),
    );
  } catch (error) {
    return { ok: false, error: `not a digest file: not UTF-8 JSON (${(error as Error).message})` };
  }
  if (!isObject(json)) return { ok: false, error: 'not a digest file: the JSON is not an object' };
  const read = new FieldReader(json, '');
  const fields: DigestFields = {
    aws_account_id: read.text('awsAccountId', ACCOUNT, 'a 12-digit account id')!,
    digest_start_time: read.time('digestStartTime')!,
    digest_end_time: read.time('digestEndTime')!,
    digest_s3_bucket: read.text('digestS3Bucket')!,
    digest_s3_object: read.text('digestS3Object')!,
    digest_public_key_fingerprint: read.text('digestPublicKeyFingerprint', MD5_HEX, 'a hex MD5 fingerprint')!,
    digest_signature_algorithm: read.text('digestSignatureAlgorithm')!,
    newest_event_time: read.optionalTime('newestEventTime'),
    oldest_event_time: read.optionalTime('oldestEventTime'),
    previous_digest_s3_bucket: read.optionalText('previousDigestS3Bucket'),
    previous_digest_s3_object: read.optionalText('previousDigestS3Object'),
    previous_digest_hash_value: read.optionalText('previousDigestHashValue', SHA256_HEX, 'a hex SHA-256'),
    previous_digest_hash_algorithm:
      json.previousDigestHashAlgorithm == null ? null : read.sha256Algorithm('previousDigestHashAlgorithm'),
    previous_digest_signature: read.optionalText('previousDigestSignature', HEX, 'a hex signature'),
  };
  const errors = [...read.errors, ...chainFieldErrors(json), ...timeOrderErrors(fields)];
  const logFiles = readLogFiles(json.logFiles, errors);
  if (errors.length > 0) {
    const more = errors.length > MAX_ERRORS ? ` (and ${errors.length - MAX_ERRORS} more)` : '';
    return { ok: false, error: `not a valid digest file: ${errors.slice(0, MAX_ERRORS).join('; ')}${more}` };
  }
  return { ok: true, fields, log_files: logFiles };
}

/** The first digest of a chain has all of them null; any other has all of them. */
function chainFieldErrors(json: Json): string[] {
  const names = ['previousDigestS3Object', 'previousDigestHashValue', 'previousDigestSignature'];
  const present = names.filter((name) => json[name] !== undefined && json[name] !== null);
  if (present.length === 0 || present.length === names.length) return [];
  const absent = names.filter((name) => !present.includes(name));
  return [
    `${present.join(', ')} ${present.length > 1 ? 'are' : 'is'} set but ${absent.join(', ')} ${absent.length > 1 ? 'are' : 'is'} not`,
  ];
}

function timeOrderErrors(fields: DigestFields): string[] {
  const start = fields.digest_start_time && parseUtc(fields.digest_start_time);
  const end = fields.digest_end_time && parseUtc(fields.digest_end_time);
  if (typeof start !== 'number' || typeof end !== 'number' || start < end) return [];
  return [`digestEndTime ${fields.digest_end_time} is not after digestStartTime ${fields.digest_start_time}`];
}

function readLogFiles(value: unknown, errors: string[]): DigestLogEntry[] {
  if (!Array.isArray(value)) {
    errors.push(value === undefined || value === null ? 'logFiles is missing' : 'logFiles is not a list');
    return [];
  }
  const entries: DigestLogEntry[] = [];
  value.forEach((entry, i) => {
    if (!isObject(entry)) {
      errors.push(`logFiles[${i}] is not an object`);
      return;
    }
    const read = new FieldReader(entry, `logFiles[${i}].`);
    const parsed: DigestLogEntry = {
      s3_bucket: read.text('s3Bucket')!,
      s3_object: read.text('s3Object')!,
      hash_value: read.text('hashValue', SHA256_HEX, 'a hex SHA-256')!,
      hash_algorithm: read.sha256Algorithm('hashAlgorithm')!,
      newest_event_time: read.optionalTime('newestEventTime'),
      oldest_event_time: read.optionalTime('oldestEventTime'),
    };
    errors.push(...read.errors);
    if (read.errors.length === 0) entries.push(parsed);
  });
  return entries;
}
