import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  buildDigest,
  datePath,
  gzip,
  isoTime,
  type ListedLog,
  nameStamp,
  publicKeyInputs,
  publicKeysJson,
  type SignedDigestFile,
  type SigningKey,
  sha256,
  signingKey,
} from '../../bench/signed-digest.ts';
import { parseDigest } from '../../electron/core/integrity/digest-file.ts';
import { parseSignatureSidecar, sidecarFileName } from '../../electron/core/integrity/signature-sidecar.ts';
import type { DigestInput, DigestListingInput, IntegrityInput, LogFileInput } from '../../shared/model/integrity.ts';

export {
  gzip,
  keyPair,
  publicKeyInputs,
  publicKeysJson,
  type SigningKey,
  sha256,
  signingKey,
} from '../../bench/signed-digest.ts';

/**
 * Builds CloudTrail trails signed the way CloudTrail signs them (bench/signed-digest.ts):
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

export interface SignedDigest extends SignedDigestFile {
  hour: number;
  backfill: boolean;
  /** Whether a later digest repeats its signature; if not, only its S3 metadata holds it. */
  chained: boolean;
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

/**
 * `last` made to say it covers everything since `before` ended, naming `before` as its previous
 * digest and listing no log file: a digest planted over a hole in the chain. Its signature, made
 * for what it said before, no longer verifies.
 */
export function spanningDigest(
  before: SignedDigest,
  last: SignedDigest,
  change: (json: Record<string, unknown>) => void = () => undefined,
): SignedDigest {
  const content = editedJson(last.content, (j) => {
    j.digestStartTime = (JSON.parse(before.content.toString()) as { digestEndTime: string }).digestEndTime;
    j.previousDigestS3Object = before.key;
    j.previousDigestHashValue = sha256(before.content);
    j.previousDigestSignature = before.signature;
    j.logFiles = [];
    change(j);
  });
  return { ...last, content, stored: gzip(content), chained: false };
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
    return signingKey(
      k.label ?? `trail-key-${i}`,
      k.format,
      isoTime(s.startMs + k.fromHour * HOUR_MS),
      next ? isoTime(s.startMs + next.fromHour * HOUR_MS) : null,
    );
  });
  const keyAt = (hour: number) => keys[keySpecs.findLastIndex((k) => k.fromHour <= hour)] ?? keys[0]!;
  const root = `${s.prefix}AWSLogs/${s.orgId ? `${s.orgId}/` : ''}${s.account}`;
  const logFiles: TrailFile[] = [];
  const digests: SignedDigest[] = [];
  const logsOf = (hour: number, count: number, late: boolean): ListedLog[] =>
    Array.from({ length: count }, (_, k) => {
      const at =
        s.startMs + hour * HOUR_MS + (late ? 55 * 60_000 + k * 1000 : Math.floor(((k + 1) * HOUR_MS) / (count + 1)));
      const unique = sha256(`${s.trail}/${hour}/${k}/${late}`).slice(0, 16);
      const key = `${root}/CloudTrail/${s.region}/${datePath(at)}/${s.account}_CloudTrail_${s.region}_${nameStamp(at, false)}_${unique}.json.gz`;
      const content = Buffer.from(logRecords(s.account, s.region, at, unique));
      const file = { key, content, stored: gzip(content) };
      logFiles.push(file);
      return { key, content, at };
    });
  const digestOf = (
    hour: number,
    entries: ListedLog[],
    previous: SignedDigest | null,
    backfill: boolean,
  ): SignedDigest => {
    const startMs = s.startMs + hour * HOUR_MS;
    const endMs = startMs + HOUR_MS;
    const key = `${root}/CloudTrail-Digest/${s.region}/${datePath(endMs)}/${s.account}_CloudTrail-Digest_${s.region}_${s.trail}_${homeRegion}_${nameStamp(endMs, true)}${backfill ? '_backfill' : ''}.json.gz`;
    const signer = keyAt(hour);
    const built = buildDigest({
      account: s.account,
      bucket: s.bucket,
      key,
      startMs,
      endMs,
      signer,
      logs: entries,
      previous,
    });
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
  return {
    account: s.account,
    region: s.region,
    trail: s.trail,
    homeRegion,
    bucket: s.bucket,
    prefix: s.prefix,
    orgId: s.orgId,
    digests,
    logFiles,
    keys,
  };
}

function logRecords(account: string, region: string, at: number, unique: string): string {
  const record = (i: number) => ({
    eventVersion: '1.11',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      userName: 'alice',
    },
    eventTime: isoTime(at - (i + 1) * 60_000),
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
  const inflated = zlib.inflateRawSync(stored.subarray(at), { info: true }) as unknown as {
    buffer: Buffer;
    engine: { bytesWritten: number };
  };
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
    if (parsed.ok)
      for (const l of parsed.log_files)
        listings.push({ digest_source_id: id, s3_object: l.s3_object, hash_value: l.hash_value });
  }
  const logFiles: LogFileInput[] = trail.logFiles.map((f) => {
    const first = firstGzipMember(f.stored);
    return {
      source_id: ++sourceId,
      path: `evidence/${trail.bucket}/${f.key}`,
      s3_key: f.key,
      sha256: sha256(first.content),
      bytes_after_first_member: first.after,
      problem: null,
    };
  });
  return { digests, listings, log_files: logFiles, keys: publicKeyInputs(options.keys ?? trail.keys) };
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
