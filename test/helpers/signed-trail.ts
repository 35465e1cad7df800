import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { DigestInput, DigestListingInput, IntegrityInput, IntegrityResult, LogFileInput, PublicKeyInput } from '../../shared/model/integrity.ts';
import { parseDigest } from '../../electron/core/integrity/digest-file.ts';
import { stringToSign } from '../../electron/core/integrity/digest-signature.ts';
import { keyFingerprint } from '../../electron/core/integrity/public-key.ts';
import { parsePublicKeyList } from '../../electron/core/integrity/public-key-list.ts';
import { parseSignatureSidecar, sidecarFileName } from '../../electron/core/integrity/signature-sidecar.ts';
import { validate } from '../../electron/core/integrity/validate.ts';

/**
 * Builds CloudTrail trails signed the way CloudTrail signs them, with RSA keys made here:
 * hourly digests chained by hash and signature, gzipped log files, list-public-keys output
 * and head-object output, in the S3 layout. Tests tamper with the files, then validate them
 * in memory (`integrityInput`) or write them to a folder for ingest (`writeTrail`).
 */

const HOUR_MS = 3_600_000;

export interface TrailSpec {
  account?: string;
  region?: string;
  trail?: string;
  homeRegion?: string;
  bucket?: string;
  /** The trail's S3 key prefix, with its trailing slash; '' for none. */
  prefix?: string;
  orgId?: string | null;
  /** Start of the first digest, `YYYY-MM-DDTHH:MM:SSZ`. */
  start?: string;
  hours?: number;
  logFilesPerHour?: number;
  /** Hours in which no log file was delivered: their digests list none. */
  emptyHours?: number[];
  /** Hours in which logging was stopped: no digest, no log file; the next digest starts a new chain. */
  stoppedHours?: number[];
  /** Signing keys by the hour they take over; labels name keys made once per test run. */
  keys?: { fromHour: number; label?: string; format?: 'pkcs1' | 'spki' }[];
  /** Backfill digests: late log files of an hour, listed by a digest of their own. */
  backfill?: { hour: number; logFiles: number }[];
}

export interface TrailFile {
  key: string;
  /** Uncompressed content. */
  content: Buffer;
  /** The bytes as stored in S3: gzip. */
  stored: Buffer;
}

export interface SignedDigest extends TrailFile {
  hour: number;
  backfill: boolean;
  /** Hex SHA256withRSA signature: what S3 keeps as `x-amz-meta-signature`. */
  signature: string;
  fingerprint: string;
  /** Whether a later digest repeats its signature; if not, only its S3 metadata holds it. */
  chained: boolean;
}

export interface SigningKey {
  label: string;
  fingerprint: string;
  /** The public key's DER as list-public-keys would give it. */
  der: Buffer;
  format: 'pkcs1' | 'spki';
  privateKey: KeyObject;
  validFrom: string;
  validTo: string | null;
}

export interface SignedTrail {
  account: string;
  region: string;
  trail: string;
  homeRegion: string;
  bucket: string;
  prefix: string;
  orgId: string | null;
  digests: SignedDigest[];
  logFiles: TrailFile[];
  keys: SigningKey[];
}

const keyPairs = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

/** An RSA-2048 key pair, made once per label and test run: key generation is slow. */
export function keyPair(label: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = keyPairs.get(label);
  if (!pair) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPairs.set(label, pair);
  }
  return pair;
}

export function signingKey(label: string, format: 'pkcs1' | 'spki' = 'pkcs1', validFrom = '2020-01-01T00:00:00Z', validTo: string | null = null): SigningKey {
  const { privateKey, publicKey } = keyPair(label);
  const der = publicKey.export({ type: format, format: 'der' });
  return { label, fingerprint: keyFingerprint(der), der, format, privateKey, validFrom, validTo };
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
export const gzip = (content: Buffer | string) => zlib.gzipSync(content);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const stamp = (ms: number, seconds: boolean) => iso(ms).replace(/[-:]/g, '').slice(0, seconds ? 15 : 13) + 'Z';
const ymd = (ms: number) => iso(ms).slice(0, 10).replaceAll('-', '/');

/** A file with new content, stored as CloudTrail stores it. */
export function rewritten(file: TrailFile, content: Buffer | string): TrailFile {
  const bytes = Buffer.from(content);
  return { key: file.key, content: bytes, stored: gzip(bytes) };
}

/** Takes files out of a trail, as a deletion from the bucket would. */
export function removeFiles(trail: SignedTrail, ...keys: string[]): void {
  trail.digests = trail.digests.filter((d) => !keys.includes(d.key));
  trail.logFiles = trail.logFiles.filter((f) => !keys.includes(f.key));
}

/** Puts a changed copy of a digest in its place (new content, stored bytes or key). */
export function replaceDigest(trail: SignedTrail, digest: SignedDigest, change: Partial<SignedDigest>): void {
  trail.digests = trail.digests.map((d) => (d === digest ? { ...d, ...change } : d));
}

/** A JSON file's content with a change made to it. */
export function editedJson(content: Buffer, change: (json: Record<string, unknown>) => void): Buffer {
  const json = JSON.parse(content.toString()) as Record<string, unknown>;
  change(json);
  return Buffer.from(JSON.stringify(json));
}

export function signedTrail(spec: TrailSpec = {}): SignedTrail {
  const s = {
    account: spec.account ?? '111122223333',
    region: spec.region ?? 'us-east-2',
    trail: spec.trail ?? 'management-events',
    bucket: spec.bucket ?? 'acme-cloudtrail',
    prefix: spec.prefix ?? '',
    orgId: spec.orgId ?? null,
    startMs: Date.parse(spec.start ?? '2026-03-01T00:01:31Z'),
    hours: spec.hours ?? 6,
    perHour: spec.logFilesPerHour ?? 2,
  };
  const homeRegion = spec.homeRegion ?? s.region;
  const keySpecs = [...(spec.keys ?? [{ fromHour: 0 }])].sort((a, b) => a.fromHour - b.fromHour);
  const keys = keySpecs.map((k, i) => {
    const next = keySpecs[i + 1];
    return signingKey(k.label ?? `trail-key-${i}`, k.format, iso(s.startMs + k.fromHour * HOUR_MS), next ? iso(s.startMs + next.fromHour * HOUR_MS) : null);
  });
  const keyAt = (hour: number) => keys[keySpecs.findLastIndex((k) => k.fromHour <= hour)] ?? keys[0]!;
  const root = `${s.prefix}AWSLogs/${s.orgId ? `${s.orgId}/` : ''}${s.account}`;
  const logFiles: TrailFile[] = [];
  const digests: SignedDigest[] = [];
  const logsOf = (hour: number, count: number, late: boolean): LogEntry[] =>
    Array.from({ length: count }, (_, k) => {
      const at = s.startMs + hour * HOUR_MS + (late ? 55 * 60_000 + k * 1000 : Math.floor(((k + 1) * HOUR_MS) / (count + 1)));
      const unique = sha256(`${s.trail}/${hour}/${k}/${late}`).slice(0, 16);
      const key = `${root}/CloudTrail/${s.region}/${ymd(at)}/${s.account}_CloudTrail_${s.region}_${stamp(at, false)}_${unique}.json.gz`;
      const content = Buffer.from(logRecords(s.account, s.region, at, unique));
      const file = { key, content, stored: gzip(content) };
      logFiles.push(file);
      return { file, at };
    });
  const digestOf = (hour: number, entries: LogEntry[], previous: SignedDigest | null, backfill: boolean): SignedDigest => {
    const startMs = s.startMs + hour * HOUR_MS;
    const endMs = startMs + HOUR_MS;
    const key = `${root}/CloudTrail-Digest/${s.region}/${ymd(endMs)}/${s.account}_CloudTrail-Digest_${s.region}_${s.trail}_${homeRegion}_${stamp(endMs, true)}${backfill ? '_backfill' : ''}.json.gz`;
    const signer = keyAt(hour);
    const built = buildDigest({ account: s.account, bucket: s.bucket, key, startMs, endMs, signer, logs: entries, previous });
    return { ...built, hour, backfill, chained: false };
  };

  let previous: SignedDigest | null = null;
  for (let hour = 0; hour < s.hours; hour++) {
    if (spec.stoppedHours?.includes(hour)) {
      previous = null;
      continue;
    }
    const entries = logsOf(hour, spec.emptyHours?.includes(hour) ? 0 : s.perHour, false);
    const digest = digestOf(hour, entries, previous, false);
    if (previous) previous.chained = true;
    digests.push(digest);
    previous = digest;
  }
  for (const b of spec.backfill ?? []) digests.push(digestOf(b.hour, logsOf(b.hour, b.logFiles, true), null, true));
  return { account: s.account, region: s.region, trail: s.trail, homeRegion, bucket: s.bucket, prefix: s.prefix, orgId: s.orgId, digests, logFiles, keys };
}

interface LogEntry {
  file: TrailFile;
  at: number;
}

function logRecords(account: string, region: string, at: number, unique: string): string {
  const record = (i: number) => ({
    eventVersion: '1.11',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${account}:user/alice`, accountId: account, userName: 'alice' },
    eventTime: iso(at - (i + 1) * 60_000),
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: region,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.17.0',
    requestParameters: null,
    responseElements: null,
    eventID: `${unique.slice(0, 8)}-0000-4000-8000-${unique.slice(4, 12)}000${i}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
  });
  return JSON.stringify({ Records: [record(0), record(1)] });
}

interface DigestParts {
  account: string;
  bucket: string;
  key: string;
  startMs: number;
  endMs: number;
  signer: SigningKey;
  logs: LogEntry[];
  previous: Pick<SignedDigest, 'key' | 'content' | 'signature'> | null;
}

/** A digest's JSON in CloudTrail's field order, and its signature over the string to sign. */
function buildDigest(d: DigestParts): Omit<SignedDigest, 'hour' | 'backfill' | 'chained'> {
  const times = d.logs.map((l) => l.at);
  const fields = {
    awsAccountId: d.account,
    digestStartTime: iso(d.startMs),
    digestEndTime: iso(d.endMs),
    digestS3Bucket: d.bucket,
    digestS3Object: d.key,
    digestPublicKeyFingerprint: d.signer.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.length > 0 ? iso(Math.max(...times) - 60_000) : null,
    oldestEventTime: times.length > 0 ? iso(Math.min(...times) - 120_000) : null,
    previousDigestS3Bucket: d.previous ? d.bucket : null,
    previousDigestS3Object: d.previous?.key ?? null,
    previousDigestHashValue: d.previous ? sha256(d.previous.content) : null,
    previousDigestHashAlgorithm: d.previous ? 'SHA-256' : null,
    previousDigestSignature: d.previous?.signature ?? null,
    logFiles: d.logs.map((l) => ({
      s3Bucket: d.bucket,
      s3Object: l.file.key,
      hashValue: sha256(l.file.content),
      hashAlgorithm: 'SHA-256',
      newestEventTime: iso(l.at - 60_000),
      oldestEventTime: iso(l.at - 120_000),
    })),
  };
  const content = Buffer.from(JSON.stringify(fields));
  const toSign = stringToSign(
    { digest_end_time: fields.digestEndTime, digest_s3_bucket: d.bucket, digest_s3_object: d.key, previous_digest_signature: fields.previousDigestSignature },
    sha256(content),
  );
  const signature = sign('sha256', Buffer.from(toSign), d.signer.privateKey).toString('hex');
  return { key: d.key, content, stored: gzip(content), signature, fingerprint: d.signer.fingerprint };
}

/** `aws cloudtrail list-public-keys` output (AWS CLI v2 prints ISO times). */
export function publicKeysJson(keys: SigningKey[]): string {
  return JSON.stringify(
    {
      PublicKeyList: keys.map((k) => ({
        Value: k.der.toString('base64'),
        ValidityStartTime: k.validFrom.replace('Z', '+00:00'),
        ValidityEndTime: (k.validTo ?? '2030-01-01T00:00:00Z').replace('Z', '+00:00'),
        Fingerprint: k.fingerprint,
      })),
    },
    null,
    4,
  );
}

/** `aws s3api head-object` output for a digest: its signature is in the metadata. */
export function headObjectJson(digest: SignedDigest): string {
  return JSON.stringify(
    {
      AcceptRanges: 'bytes',
      LastModified: '2026-03-01T12:00:00+00:00',
      ContentLength: digest.stored.length,
      ETag: `"${createHash('md5').update(digest.stored).digest('hex')}"`,
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
      Metadata: { 'signature-algorithm': 'SHA256withRSA', signature: digest.signature },
    },
    null,
    4,
  );
}

export interface EvidenceOptions {
  /** Public keys to give; default: the trail's own. */
  keys?: SigningKey[];
  /** Digests whose head-object output is given; default: those no later digest repeats the signature of. */
  sidecars?: SignedDigest[];
}

const unchained = (trail: SignedTrail) => trail.digests.filter((d) => !d.chained);

/** The first gzip member's content and how many stored bytes follow it, as ingest records them. */
export function firstGzipMember(stored: Buffer): { content: Buffer; after: number } {
  const flags = stored[3]!;
  let at = 10;
  if (flags & 0x04) at += 2 + stored.readUInt16LE(at);
  if (flags & 0x08) at = stored.indexOf(0, at) + 1;
  if (flags & 0x10) at = stored.indexOf(0, at) + 1;
  if (flags & 0x02) at += 2;
  const inflated = zlib.inflateRawSync(stored.subarray(at), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  return { content: inflated.buffer, after: stored.length - (at + inflated.engine.bytesWritten + 8) };
}

/** What ingest will hand to validation, computed from the trail's files as they now are. */
export function integrityInput(trail: SignedTrail, options: EvidenceOptions = {}): IntegrityInput {
  const sidecars = new Set((options.sidecars ?? unchained(trail)).map((d) => d.key));
  const digests: DigestInput[] = [];
  const listings: DigestListingInput[] = [];
  let sourceId = 0;
  for (const d of trail.digests) {
    const id = ++sourceId;
    const { content, after } = firstGzipMember(d.stored);
    const parsed = parseDigest(content);
    const sidecar = sidecars.has(d.key) ? parseSignatureSidecar(headObjectJson(d)) : null;
    digests.push({
      source_id: id,
      path: `evidence/${trail.bucket}/${d.key}`,
      s3_key: d.key,
      sha256: sha256(content),
      bytes_after_first_member: after,
      fields: parsed.ok ? parsed.fields : null,
      problem: parsed.ok ? null : parsed.error,
      sidecar_signature: sidecar?.ok ? sidecar.sidecar.signature : null,
    });
    if (parsed.ok) for (const l of parsed.log_files) listings.push({ digest_source_id: id, s3_object: l.s3_object, hash_value: l.hash_value });
  }
  const logFiles: LogFileInput[] = trail.logFiles.map((f) => {
    const first = firstGzipMember(f.stored);
    return { source_id: ++sourceId, path: `evidence/${trail.bucket}/${f.key}`, s3_key: f.key, sha256: sha256(first.content), bytes_after_first_member: first.after, problem: null };
  });
  return { digests, listings, log_files: logFiles, keys: publicKeyInputs(options.keys ?? trail.keys) };
}

export function publicKeyInputs(keys: SigningKey[]): PublicKeyInput[] {
  if (keys.length === 0) return [];
  const parsed = parsePublicKeyList(publicKeysJson(keys), 'list-public-keys.json');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.keys;
}

export interface WrittenTrail {
  root: string;
  digests: string[];
  logFiles: string[];
  /** The list-public-keys output; null when no key was given. */
  keysFile: string | null;
  /** Head-object outputs, each beside its digest and named after it. */
  sidecars: string[];
}

/** Writes the trail under `dir` in the S3 layout (`dir/[prefix/]AWSLogs/…`), with the keys and sidecars. */
export function writeTrail(dir: string, trail: SignedTrail, options: EvidenceOptions = {}): WrittenTrail {
  const put = (relative: string, data: Buffer | string) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    return file;
  };
  const keys = options.keys ?? trail.keys;
  return {
    root: dir,
    digests: trail.digests.map((d) => put(d.key, d.stored)),
    logFiles: trail.logFiles.map((f) => put(f.key, f.stored)),
    keysFile: keys.length > 0 ? put('list-public-keys.json', publicKeysJson(keys)) : null,
    sidecars: (options.sidecars ?? unchained(trail)).map((d) => put(sidecarFileName(d.key), headObjectJson(d))),
  };
}

export interface IntegrityBenchmark {
  digests: number;
  log_files: number;
  build_ms: number;
  validate_ms: number;
  /** CPU time of the validation: on a shared machine, steadier than the wall clock. */
  validate_cpu_ms: number;
  result: IntegrityResult;
}

/**
 * A synthetic year of one trail: `hours` signed hourly digests listing `logFiles` log files
 * in all, every one present with its listed hash. Log contents are not made (validation
 * reads only hashes), so building costs mostly the RSA signatures.
 */
export function syntheticYearInput(hours = 8760, logFiles = 100_000): IntegrityInput {
  const account = '111122223333';
  const region = 'us-east-1';
  const bucket = 'acme-cloudtrail';
  const key = signingKey('synthetic-year');
  const startMs = Date.parse('2025-01-01T00:00:31Z');
  const digests: DigestInput[] = [];
  const listings: DigestListingInput[] = [];
  const logs: LogFileInput[] = [];
  let previous: Pick<SignedDigest, 'key' | 'content' | 'signature'> | null = null;
  let sourceId = 0;
  for (let hour = 0; hour < hours; hour++) {
    const count = Math.floor(((hour + 1) * logFiles) / hours) - Math.floor((hour * logFiles) / hours);
    const entries: LogEntry[] = Array.from({ length: count }, (_, k) => {
      const at = startMs + hour * HOUR_MS + Math.floor(((k + 1) * HOUR_MS) / (count + 1));
      const unique = sha256(`${hour}/${k}`).slice(0, 16);
      const logKey = `AWSLogs/${account}/CloudTrail/${region}/${ymd(at)}/${account}_CloudTrail_${region}_${stamp(at, false)}_${unique}.json.gz`;
      return { file: { key: logKey, content: Buffer.from(unique), stored: Buffer.alloc(0) }, at };
    });
    const endMs = startMs + (hour + 1) * HOUR_MS;
    const digestKey = `AWSLogs/${account}/CloudTrail-Digest/${region}/${ymd(endMs)}/${account}_CloudTrail-Digest_${region}_org-trail_${region}_${stamp(endMs, true)}.json.gz`;
    const built = buildDigest({ account, bucket, key: digestKey, startMs: endMs - HOUR_MS, endMs, signer: key, logs: entries, previous });
    const parsed = parseDigest(built.content);
    if (!parsed.ok) throw new Error(parsed.error);
    const id = ++sourceId;
    digests.push({ source_id: id, path: digestKey, s3_key: digestKey, sha256: sha256(built.content), bytes_after_first_member: 0, fields: parsed.fields, problem: null, sidecar_signature: hour === hours - 1 ? built.signature : null });
    for (const l of parsed.log_files) listings.push({ digest_source_id: id, s3_object: l.s3_object, hash_value: l.hash_value });
    for (const e of entries) logs.push({ source_id: 0, path: e.file.key, s3_key: e.file.key, sha256: sha256(e.file.content), bytes_after_first_member: 0, problem: null });
    previous = built;
  }
  for (const log of logs) log.source_id = ++sourceId;
  return { digests, listings, log_files: logs, keys: publicKeyInputs([key]) };
}

/** Builds the synthetic year and times `validate` over it alone: what the benchmark reports. */
export function integrityBenchmark(hours = 8760, logFiles = 100_000): IntegrityBenchmark {
  const built = performance.now();
  const input = syntheticYearInput(hours, logFiles);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = validate(input);
  const used = process.cpuUsage(cpu);
  const finished = performance.now();
  return {
    digests: input.digests.length,
    log_files: input.log_files.length,
    build_ms: started - built,
    validate_ms: finished - started,
    validate_cpu_ms: (used.user + used.system) / 1000,
    result,
  };
}
