import { describe, expect, it } from 'vitest';
import { awsLogsKey } from '../../electron/core/integrity/object-keys.ts';
import { validate } from '../../electron/core/integrity/validate.ts';
import type { DigestInput, IntegrityResult, LogFileInput } from '../../shared/model/integrity.ts';
import {
  editedJson,
  gzip,
  integrityInput,
  removeFiles,
  type SignedDigest,
  sha256,
  signedTrail,
  spanningDigest,
} from '../helpers/signed-trail.ts';

/**
 * Forged files planted among genuine ones by someone who can write to the bucket: they must
 * be the files found invalid, never make a genuine file look changed, and never make
 * validation hang.
 */

const HOUR_MS = 3_600_000;

/** A digest planted in the trail's folder that names `previous` as its previous digest. */
function plantedSuccessor(
  previous: SignedDigest,
  change: { hash?: string; signature?: string; endsAt?: string },
): SignedDigest {
  const key = previous.key.replace(/T\d{6}Z/, 'T235959Z');
  const content = editedJson(previous.content, (j) => {
    j.digestS3Object = key;
    j.digestStartTime = change.endsAt ? '2026-03-01T00:00:00Z' : j.digestEndTime;
    j.digestEndTime = change.endsAt ?? '2026-03-01T23:59:59Z';
    j.previousDigestS3Object = previous.key;
    j.previousDigestHashValue = change.hash ?? sha256(previous.content);
    j.previousDigestSignature = change.signature ?? previous.signature;
    j.logFiles = [];
  });
  return { ...previous, key, content, stored: gzip(content), chained: false };
}

const statusOf = (result: IntegrityResult, key: string) => result.files.find((f) => f.s3_object === awsLogsKey(key));

const forgedRecords = [
  {
    name: 'another SHA-256',
    change: { hash: 'f'.repeat(64) },
    record: /records SHA-256 f{64} for its previous digest/,
  },
  {
    name: 'another SHA-256 in upper case',
    change: { hash: 'AB'.repeat(32) },
    record: /records SHA-256 (ab){32} for its previous digest/,
  },
  {
    name: 'the right SHA-256 but a signature that does not verify',
    change: { signature: '00'.repeat(256) },
    record: /records a signature that does not verify for its previous digest/,
  },
  {
    name: 'another SHA-256, and an end before that of the digest it names',
    change: { hash: 'f'.repeat(64), endsAt: '2026-03-01T00:30:00Z' },
    record: /records SHA-256 f{64} for its previous digest/,
  },
];

describe('a planted digest that names a genuine one as its previous digest', () => {
  it.each(forgedRecords)(
    'recording $name for the newest digest, proven by its head-object output: the planted one is invalid, the genuine files stay valid',
    ({ change, record }) => {
      const trail = signedTrail({ hours: 4 });
      const newest = trail.digests[3]!;
      const planted = plantedSuccessor(newest, change);
      trail.digests.push(planted);
      const result = validate(integrityInput(trail, { sidecars: [newest] }));
      expect(statusOf(result, newest.key)).toMatchObject({ status: 'valid' });
      expect(statusOf(result, planted.key)).toMatchObject({
        status: 'invalid',
        checked_against: awsLogsKey(newest.key),
        reason: expect.stringMatching(record),
      });
      expect(result.summary.log_files).toMatchObject({ valid: 8, unverifiable: 0, invalid: 0 });
      expect(result.summary.digests).toMatchObject({ valid: 4, invalid: 1 });
    },
  );

  it.each(forgedRecords)(
    'recording $name for a digest inside the chain (a fork): the planted one is invalid, the chain stays valid',
    ({ change, record }) => {
      const trail = signedTrail({ hours: 4 });
      const forked = trail.digests[1]!;
      const planted = plantedSuccessor(forked, change);
      trail.digests.push(planted);
      const result = validate(integrityInput(trail, { sidecars: [trail.digests[3]!] }));
      expect(statusOf(result, forked.key)).toMatchObject({ status: 'valid' });
      expect(statusOf(result, planted.key)).toMatchObject({ status: 'invalid', reason: expect.stringMatching(record) });
      expect(result.summary.log_files).toMatchObject({ valid: 8, unverifiable: 0, invalid: 0 });
    },
  );

  it('without a key nothing proves which of the two was changed: neither is valid, and the genuine one says they disagree', () => {
    const trail = signedTrail({ hours: 4 });
    const newest = trail.digests[3]!;
    const planted = plantedSuccessor(newest, { hash: 'f'.repeat(64) });
    trail.digests.push(planted);
    const result = validate(integrityInput(trail, { sidecars: [newest], keys: [] }));
    expect(statusOf(result, newest.key)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining(`records ${'f'.repeat(64)} for it`),
    });
    expect(statusOf(result, planted.key)?.status).toBe('unverifiable');
  });
});

/** `count` digests of one trail an hour long with an hour between them, none naming another. */
function unchainedDigests(count: number): DigestInput[] {
  const base = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const startMs = base + i * 2 * HOUR_MS;
    const end = new Date(startMs + HOUR_MS).toISOString().replace('.000Z', 'Z');
    const key = `AWSLogs/111122223333/CloudTrail-Digest/us-east-1/${end.slice(0, 10).replaceAll('-', '/')}/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_${end.replace(/[-:]/g, '')}.json.gz`;
    return {
      source_id: i + 1,
      path: key,
      s3_key: key,
      sha256: 'a'.repeat(64),
      bytes_after_first_member: 0,
      problem: null,
      sidecar_signature: null,
      fields: {
        aws_account_id: '111122223333',
        digest_start_time: new Date(startMs).toISOString(),
        digest_end_time: end,
        digest_s3_bucket: 'b',
        digest_s3_object: key,
        digest_public_key_fingerprint: '0'.repeat(32),
        digest_signature_algorithm: 'SHA256withRSA',
        newest_event_time: null,
        oldest_event_time: null,
        previous_digest_s3_bucket: null,
        previous_digest_s3_object: null,
        previous_digest_hash_value: null,
        previous_digest_hash_algorithm: null,
        previous_digest_signature: null,
      },
    };
  });
}

/** `count` log files listed nowhere, each ten minutes into one of the gaps between those digests. */
function logsInGaps(count: number, digests: number): LogFileInput[] {
  const base = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(base + (i % digests) * 2 * HOUR_MS + HOUR_MS + 600_000).toISOString();
    const key = `AWSLogs/111122223333/CloudTrail/us-east-1/${at.slice(0, 10).replaceAll('-', '/')}/111122223333_CloudTrail_us-east-1_${at.slice(0, 16).replace(/[-:]/g, '')}Z_${i}.json.gz`;
    return {
      source_id: digests + i + 1,
      path: key,
      s3_key: key,
      sha256: 'b'.repeat(64),
      bytes_after_first_member: 0,
      problem: null,
    };
  });
}

/**
 * CloudTrail writes a digest for each hour. Someone who deletes the digests of hours 1–3 of a
 * six-hour trail, and the log files they list but one, then plants one digest saying it covers
 * those hours, must not close the hole: a digest whose signature is not proven is believed for
 * its last hour only.
 */
describe('a planted digest that says it covers a hole in the chain', () => {
  function withHole(plant: (before: SignedDigest, last: SignedDigest) => SignedDigest) {
    const trail = signedTrail({ hours: 6 });
    const [before, h1, h2, last] = trail.digests as [SignedDigest, SignedDigest, SignedDigest, SignedDigest];
    const inHole = trail.logFiles.filter((f) => /_20260301T0[123]\d\dZ_/.test(f.key)).map((f) => f.key);
    const left = inHole.find((key) => key.includes('T02'))!;
    removeFiles(trail, h1.key, h2.key, last.key, ...inHole.filter((key) => key !== left));
    const planted = plant(before, last);
    trail.digests.push(planted);
    return { result: validate(integrityInput(trail)), planted, left };
  }
  it.each([
    ['in the place of the last one deleted, chained to the digest before the hole', () => {}],
    [
      'under a name of its own, starting a new chain',
      (j: Record<string, unknown>) => {
        j.digestS3Object = String(j.digestS3Object).replace(/T\d{6}Z/, 'T035959Z');
        j.previousDigestS3Object = null;
        j.previousDigestHashValue = null;
        j.previousDigestSignature = null;
      },
    ],
    [
      'saying it covers everything since 1970',
      (j: Record<string, unknown>) => {
        j.digestStartTime = '1970-01-01T00:00:00Z';
      },
    ],
  ])('%s: the hours before its last stay a gap that names it', (_, change) => {
    const { result, planted, left } = withHole((before, last) => spanningDigest(before, last, change));
    const plantedKey = awsLogsKey(String(JSON.parse(planted.content.toString()).digestS3Object));
    expect(statusOf(result, plantedKey)?.status).not.toBe('valid');
    expect(result.gaps.map((g) => [g.from, g.to])).toEqual([['2026-03-01T01:01:31Z', '2026-03-01T03:01:31Z']]);
    expect(result.gaps[0]!.reason).toContain(plantedKey);
    expect(result.gaps[0]!.reason).toMatch(/only its last hour is taken as covered/);
    expect(result.trails[0]).toMatchObject({ from: '2026-03-01T00:01:31Z', gaps: 1 });
    expect(statusOf(result, left)).toMatchObject({
      status: 'unlisted',
      reason: expect.stringMatching(/in the gap of trail/),
    });
  });
});

/**
 * Sized so that the scans the binary searches replaced would run past the test's limit many
 * times over (measured: 37 s for 100,000 digests, growing with the square), while validation
 * itself takes seconds: a hang guard, not a timing.
 */
describe('a case full of forged digests, none chained', () => {
  // 200,000 gaps also overflowed the stack, spread as arguments to push.
  it('200,000 digests are each judged, every hole a gap', () => {
    const result = validate({ digests: unchainedDigests(200_000), listings: [], log_files: [], keys: [] });
    expect(result.gaps).toHaveLength(199_999);
    expect(result.summary.digests.unverifiable).toBe(200_000);
  }, 60_000);

  // Each unlisted file scanned the gaps of its trail for the one it falls in: 160,000 among 80,000 took 81 s.
  it('240,000 log files listed nowhere are each placed in their gap among 120,000', () => {
    const result = validate({
      digests: unchainedDigests(120_000),
      listings: [],
      log_files: logsInGaps(240_000, 120_000),
      keys: [],
    });
    expect(result.summary.log_files.unlisted).toBe(240_000);
    expect(result.files.find((f) => f.kind === 'log')?.reason).toMatch(/in the gap of trail t from/);
  }, 60_000);
});
