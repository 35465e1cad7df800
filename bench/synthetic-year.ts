import { parseDigest } from '../electron/core/integrity/digest-file.ts';
import { validate } from '../electron/core/integrity/validate.ts';
import type {
  DigestInput,
  DigestListingInput,
  IntegrityInput,
  IntegrityResult,
  LogFileInput,
} from '../shared/model/integrity.ts';
import {
  buildDigest,
  datePath,
  type ListedLog,
  nameStamp,
  publicKeyInputs,
  type SignedDigestFile,
  type SigningKey,
  sha256,
  signingKey,
} from './signed-digest.ts';

const HOUR_MS = 3_600_000;

/** The key that signs the synthetic year: the same pair for every call in a process. */
export const syntheticYearKey = (): SigningKey => signingKey('synthetic-year');

/**
 * A synthetic year of one trail: `hours` signed hourly digests listing `logFiles` log files
 * in all, every one present with its listed hash, and head-object output for the newest
 * digest, which no later digest vouches for. Log contents are not made (validation reads
 * only hashes), so building costs mostly the RSA signatures.
 */
export function syntheticYearInput(hours = 8760, logFiles = 100_000): IntegrityInput {
  const account = '111122223333';
  const region = 'us-east-1';
  const bucket = 'acme-cloudtrail';
  const key = syntheticYearKey();
  const startMs = Date.parse('2025-01-01T00:00:31Z');
  const digests: DigestInput[] = [];
  const listings: DigestListingInput[] = [];
  const logs: LogFileInput[] = [];
  let previous: SignedDigestFile | null = null;
  let sourceId = 0;
  for (let hour = 0; hour < hours; hour++) {
    const count = Math.floor(((hour + 1) * logFiles) / hours) - Math.floor((hour * logFiles) / hours);
    const entries: ListedLog[] = Array.from({ length: count }, (_, k) => {
      const at = startMs + hour * HOUR_MS + Math.floor(((k + 1) * HOUR_MS) / (count + 1));
      const unique = sha256(`${hour}/${k}`).slice(0, 16);
      const logKey = `AWSLogs/${account}/CloudTrail/${region}/${datePath(at)}/${account}_CloudTrail_${region}_${nameStamp(at, false)}_${unique}.json.gz`;
      return { key: logKey, content: Buffer.from(unique), at };
    });
    const endMs = startMs + (hour + 1) * HOUR_MS;
    const digestKey = `AWSLogs/${account}/CloudTrail-Digest/${region}/${datePath(endMs)}/${account}_CloudTrail-Digest_${region}_org-trail_${region}_${nameStamp(endMs, true)}.json.gz`;
    const built = buildDigest({
      account,
      bucket,
      key: digestKey,
      startMs: endMs - HOUR_MS,
      endMs,
      signer: key,
      logs: entries,
      previous,
    });
    const parsed = parseDigest(built.content);
    if (!parsed.ok) throw new Error(parsed.error);
    const id = ++sourceId;
    digests.push({
      source_id: id,
      path: digestKey,
      s3_key: digestKey,
      sha256: sha256(built.content),
      bytes_after_first_member: 0,
      fields: parsed.fields,
      problem: null,
      sidecar_signature: hour === hours - 1 ? built.signature : null,
    });
    for (const l of parsed.log_files)
      listings.push({ digest_source_id: id, s3_object: l.s3_object, hash_value: l.hash_value });
    for (const e of entries)
      logs.push({
        source_id: 0,
        path: e.key,
        s3_key: e.key,
        sha256: sha256(e.content),
        bytes_after_first_member: 0,
        problem: null,
      });
    previous = built;
  }
  for (const log of logs) log.source_id = ++sourceId;
  return { digests, listings, log_files: logs, keys: publicKeyInputs([key]) };
}

export interface IntegrityBenchmark {
  digests: number;
  log_files: number;
  build_ms: number;
  validate_ms: number;
  /** CPU time of the validation: on a shared machine, steadier than the wall clock. */
  validate_cpu_ms: number;
  input: IntegrityInput;
  result: IntegrityResult;
}

/** Builds the synthetic year and times `validate` over it alone, from memory. */
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
    input,
    result,
  };
}
