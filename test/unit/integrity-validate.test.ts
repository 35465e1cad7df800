import { describe, expect, it } from 'vitest';
import { awsLogsKey } from '../../electron/core/integrity/object-keys.ts';
import { validate } from '../../electron/core/integrity/validate.ts';
import type { IntegrityResult, IntegrityStatus } from '../../shared/model/integrity.ts';
import {
  editedJson,
  gzip,
  integrityInput,
  publicKeyInputs,
  removeFiles,
  replaceDigest,
  rewritten,
  sha256,
  signedTrail,
  signingKey,
  type TrailSpec,
} from '../helpers/signed-trail.ts';

/**
 * Each story tampers with a signed six-hour trail (digests D0–D5, two log files an hour:
 * L0 and L1 in hour 0, … L10 and L11 in hour 5) and states the verdict on every file.
 */

type Verdicts = Record<string, IntegrityStatus>;

function story(spec: TrailSpec = {}) {
  const trail = signedTrail({ hours: 6, ...spec });
  const labels = new Map<string, string>();
  for (const d of trail.digests) labels.set(awsLogsKey(d.key), `${d.backfill ? 'B' : 'D'}${d.hour}`);
  trail.logFiles.forEach((f, i) => labels.set(awsLogsKey(f.key), `L${i}`));
  const digest = (hour: number) => trail.digests.find((d) => d.hour === hour && !d.backfill)!;
  const log = (i: number) => trail.logFiles[i]!;
  const verdicts = (result: IntegrityResult): Verdicts =>
    Object.fromEntries(result.files.map((f) => [labels.get(f.s3_object) ?? f.s3_object.split('/').pop()!, f.status]));
  const allValid: Verdicts = Object.fromEntries([...labels.values()].map((l) => [l, 'valid']));
  const file = (result: IntegrityResult, label: string) =>
    result.files.find((f) => (labels.get(f.s3_object) ?? f.s3_object.split('/').pop()) === label)!;
  return { trail, digest, log, verdicts, allValid, file };
}

describe('a trail as CloudTrail delivered it', () => {
  it('is valid in every file, with no gap', () => {
    const s = story();
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual(s.allValid);
    expect(result.gaps).toEqual([]);
    expect(result.trails).toEqual([
      {
        org_id: null,
        account: '111122223333',
        region: 'us-east-2',
        trail: 'management-events',
        home_region: 'us-east-2',
        digests: 6,
        from: '2026-03-01T00:01:31Z',
        to: '2026-03-01T06:01:31Z',
        gaps: 0,
        starts_chain: true,
      },
    ]);
    expect(result.summary).toMatchObject({
      digests: { valid: 6, invalid: 0, missing: 0, unlisted: 0, unverifiable: 0 },
      log_files: { valid: 12, invalid: 0, missing: 0, unlisted: 0, unverifiable: 0 },
      gaps: 0,
      signatures: { verified: 6, failed: 0, not_checked: 0 },
      keys: [{ fingerprint: s.trail.keys[0]!.fingerprint, origin: 'list-public-keys.json', verified: 6 }],
    });
    expect(s.file(result, 'D2').reason).toMatch(
      /^signature verified with AWS key [0-9a-f]{32} \(the signature repeated in the next digest, .*_20260301T040131Z\.json\.gz\); its SHA-256 matches the one the next digest records for it$/,
    );
    expect(s.file(result, 'D5').reason).toMatch(/\(the signature in the saved head-object output\)$/);
  });

  it('gives a JSON-safe result: what crosses the API and is stored is what validation returned', () => {
    const result = validate(integrityInput(story().trail));
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('is valid under an organization trail with a key prefix, keys compared from AWSLogs/ on', () => {
    const s = story({ orgId: 'o-exampleorgid', prefix: 'cloudtrail/', trail: 'org_trail', homeRegion: 'us-east-1' });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual(s.allValid);
    expect(result.trails[0]).toMatchObject({ org_id: 'o-exampleorgid', trail: 'org_trail', home_region: 'us-east-1' });
  });

  it('keeps trails of several regions apart', () => {
    const east = story({ region: 'us-east-1' });
    const west = signedTrail({ hours: 3, region: 'eu-west-1' });
    const input = integrityInput(east.trail);
    const other = integrityInput(west);
    const shift = 1000;
    input.digests.push(...other.digests.map((d) => ({ ...d, source_id: d.source_id + shift })));
    input.listings.push(...other.listings.map((l) => ({ ...l, digest_source_id: l.digest_source_id + shift })));
    input.log_files.push(...other.log_files.map((l) => ({ ...l, source_id: l.source_id + shift })));
    const result = validate(input);
    expect(result.trails.map((t) => [t.region, t.digests, t.gaps])).toEqual([
      ['eu-west-1', 3, 0],
      ['us-east-1', 6, 0],
    ]);
    expect(result.summary.digests.valid).toBe(9);
    expect(result.summary.log_files.valid).toBe(18);
  });
});

describe('log files tampered with', () => {
  it('a modified log file is invalid', () => {
    const s = story();
    s.trail.logFiles[4] = rewritten(s.log(4), s.log(4).content.toString().replace('198.51.100.7', '203.0.113.9'));
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, L4: 'invalid' });
    expect(s.file(result, 'L4').reason).toMatch(
      /^its SHA-256 is [0-9a-f]{64}, but verified digest .*_20260301T030131Z\.json\.gz records [0-9a-f]{64}: the file was changed after delivery$/,
    );
  });

  it('a deleted log file is missing', () => {
    const s = story();
    removeFiles(s.trail, s.log(4).key);
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, L4: 'missing' });
    expect(s.file(result, 'L4')).toMatchObject({ path: null, source_id: null, time: '2026-03-01T02:21:00Z' });
    expect(s.file(result, 'L4').reason).toMatch(
      /^listed in verified digest .*_20260301T030131Z\.json\.gz, and not in the case: deleted, or not copied$/,
    );
  });

  it('a gzip member appended to a log file makes it invalid, though its first member matches', () => {
    const s = story();
    s.trail.logFiles[4] = {
      ...s.log(4),
      stored: Buffer.concat([s.log(4).stored, gzip('{"Records":[{"eventName":"Planted"}]}')]),
    };
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, L4: 'invalid' });
    expect(s.file(result, 'L4').reason).toMatch(
      /^\d+ stored byte\(s\) follow its first gzip member; CloudTrail writes each log file as a single member, so they were added after delivery; its first member matches the SHA-256 in verified digest /,
    );
  });

  it('bytes that are not gzip, appended to a log file, make it invalid too', () => {
    const s = story();
    s.trail.logFiles[4] = { ...s.log(4), stored: Buffer.concat([s.log(4).stored, Buffer.from('trailing text')]) };
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, L4: 'invalid' });
    expect(s.file(result, 'L4').reason).toMatch(/^13 stored byte\(s\) follow its first gzip member/);
  });

  it('a log file planted among delivered ones is unlisted', () => {
    const s = story();
    const planted = s.log(4).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, '_20260301T0230Z_PLANTEDplanted00');
    s.trail.logFiles.push({ key: planted, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, [planted.split('/').pop()!]: 'unlisted' });
    expect(result.files.find((f) => f.s3_object === planted)!.reason).toBe(
      'listed in no digest, although the digests of trail management-events cover 2026-03-01T02:30:00Z without a gap: CloudTrail did not deliver it there (planted, or written by a trail whose digests are not in the case)',
    );
  });

  it('a log file delivered after the newest digest is unlisted: the digest that lists it is not in the case', () => {
    const s = story();
    const late = s.log(11).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, '_20260301T0620Z_0123456789abcdef');
    s.trail.logFiles.push({ key: late, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, [late.split('/').pop()!]: 'unlisted' });
    expect(result.files.find((f) => f.s3_object === late)!.reason).toBe(
      'listed in no digest in the case; its name says it was written at 2026-03-01T06:20:00Z, at or after the end of the newest digest (2026-03-01T06:01:31Z); the digest that lists it is not in the case',
    );
  });

  it('a renamed log file is unlisted, and its listed name missing, each pointing at the other', () => {
    const s = story();
    const renamed = s.log(4).key.replace('.json.gz', '-copy.json.gz');
    s.trail.logFiles[4] = { ...s.log(4), key: renamed };
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, L4: 'missing', [renamed.split('/').pop()!]: 'unlisted' });
    expect(s.file(result, 'L4').reason).toContain(
      `a file with this content is in the case at evidence/acme-cloudtrail/${renamed}: renamed or moved`,
    );
    expect(result.files.find((f) => f.s3_object === renamed)!.reason).toMatch(
      /its content is that of .*: the file was renamed or moved$/,
    );
  });
});

describe('digests deleted', () => {
  it('one deleted digest: missing, a one-hour gap, the digest before it unverifiable and its hour unlisted', () => {
    const s = story();
    const d2 = s.digest(2).key;
    removeFiles(s.trail, d2);
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({
      ...s.allValid,
      D1: 'unverifiable',
      D2: 'missing',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
    });
    expect(result.gaps).toEqual([
      {
        account: '111122223333',
        region: 'us-east-2',
        trail: 'management-events',
        home_region: 'us-east-2',
        from: '2026-03-01T02:01:31Z',
        to: '2026-03-01T03:01:31Z',
        reason: `the digest for this hour, ${awsLogsKey(d2)}, is not in the case: the next digest names it as its previous one; deleted, or not copied`,
      },
    ]);
    expect(s.file(result, 'D1').reason).toBe(
      'signature not checked: the digest after it (ending about 2026-03-01T03:01:31Z), which would repeat its signature, is not in the case',
    );
    expect(s.file(result, 'D2').reason).toMatch(
      /^named as the previous digest by .*_20260301T040131Z\.json\.gz, and not in the case: deleted, or not copied$/,
    );
    expect(s.file(result, 'L4').reason).toBe(
      'listed in no digest in the case; its name says it was written at 2026-03-01T02:21:00Z, in the gap of trail management-events from 2026-03-01T02:01:31Z to 2026-03-01T03:01:31Z, whose digests are not in the case',
    );
    expect(result.summary).toMatchObject({ gaps: 1, gap_hours: 1 });
  });

  it('two consecutive deleted digests: a two-hour gap, though no remaining file names the first of them', () => {
    const s = story();
    const d3 = s.digest(3).key;
    removeFiles(s.trail, s.digest(2).key, d3);
    const result = validate(integrityInput(s.trail));
    const { D2: deleted, ...others } = s.allValid;
    expect(deleted).toBe('valid');
    expect(s.verdicts(result)).toEqual({
      ...others,
      D1: 'unverifiable',
      D3: 'missing',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
      L6: 'unlisted',
      L7: 'unlisted',
    });
    expect(result.gaps.map((g) => [g.from, g.to, g.reason])).toEqual([
      [
        '2026-03-01T02:01:31Z',
        '2026-03-01T04:01:31Z',
        `2 hourly digests are not in the case: the next digest names the last of them (${awsLogsKey(d3)}); no file in the case names the others; deleted, or not copied`,
      ],
    ]);
    expect(result.summary).toMatchObject({ gaps: 1, gap_hours: 2 });
  });

  it('a chain restarted after logging stopped: a gap that no deletion explains, and no digest missing', () => {
    const s = story({ stoppedHours: [2, 3] });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual(s.allValid);
    expect(result.gaps.map((g) => [g.from, g.to])).toEqual([['2026-03-01T02:01:31Z', '2026-03-01T04:01:31Z']]);
    expect(result.gaps[0]!.reason).toMatch(
      /^no digest covers these 2 hours, and none is missing from a chain: the digest starting at 2026-03-01T04:01:31Z starts a new chain .* look for StopLogging, DeleteTrail or UpdateTrail events before 2026-03-01T02:01:31Z$/,
    );
  });

  it('without head-object output for the last digest before the stop, that digest is unverifiable and says why', () => {
    const s = story({ stoppedHours: [2, 3] });
    const result = validate(integrityInput(s.trail, { sidecars: [s.digest(5)] }));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D1: 'unverifiable', L2: 'unverifiable', L3: 'unverifiable' });
    expect(s.file(result, 'D1').reason).toContain(
      'starts a new chain, so this was the last digest before logging or validation stopped, and its own signature lives only in its S3 object metadata; give the output of `aws s3api head-object --bucket acme-cloudtrail --key ',
    );
  });

  it('an archive that starts mid-chain: the earlier digest is not missing, and the summary says where checking starts', () => {
    const s = story();
    const d0 = s.digest(0).key;
    removeFiles(s.trail, d0);
    const result = validate(integrityInput(s.trail));
    const { D0: deleted, ...others } = s.allValid;
    expect(deleted).toBe('valid');
    expect(s.verdicts(result)).toEqual({ ...others, L0: 'unlisted', L1: 'unlisted' });
    expect(s.file(result, 'L0').reason).toContain(
      'before the oldest digest of this account and region in the case (2026-03-01T01:01:31Z)',
    );
    expect(result.trails[0]).toMatchObject({ starts_chain: false, from: '2026-03-01T01:01:31Z' });
    expect(result.summary.notes).toContain(
      `Trail management-events (account 111122223333, region us-east-2): the oldest digest in the case names an earlier one, ${awsLogsKey(d0)}, that is not in the case; the chain is checked from 2026-03-01T01:01:31Z on, and log files delivered before that are not covered.`,
    );
  });
});

describe('digests tampered with', () => {
  it('a digest rewritten after signing is invalid, and the log files only it lists unverifiable', () => {
    const s = story();
    const d2 = s.digest(2);
    const forgedLog = rewritten(s.log(4), s.log(4).content.toString().replace('alice', 'mallory'));
    s.trail.logFiles[4] = forgedLog;
    const content = editedJson(d2.content, (json) => {
      const entries = json.logFiles as { hashValue: string }[];
      entries[0]!.hashValue = sha256(forgedLog.content);
    });
    replaceDigest(s.trail, d2, { content, stored: gzip(content) });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D2: 'invalid', L4: 'unverifiable', L5: 'unverifiable' });
    expect(s.file(result, 'D2').reason).toMatch(
      /^its content has SHA-256 [0-9a-f]{64}, but the next digest \(.*_20260301T040131Z\.json\.gz\) records [0-9a-f]{64} for it: it was changed after the next digest was written; its signature, as the next digest records it, does not verify with AWS key [0-9a-f]{32}: the digest was changed after CloudTrail signed it$/,
    );
    expect(s.file(result, 'L4').reason).toMatch(
      /^its SHA-256 matches the one in digest .*_20260301T030131Z\.json\.gz, but that digest is not verified \(invalid: its content has SHA-256 /,
    );
    expect(result.summary.signatures).toEqual({ verified: 5, failed: 1, not_checked: 0 });
  });

  it('two digests rewritten to keep the hash chain whole: the newest fails its saved signature, and the one before cannot be vouched for', () => {
    const s = story();
    const d4 = editedJson(s.digest(4).content, (json) => (json.logFiles = (json.logFiles as unknown[]).slice(1)));
    const d5 = editedJson(s.digest(5).content, (json) => (json.previousDigestHashValue = sha256(d4)));
    const [original4, original5] = [s.digest(4), s.digest(5)];
    replaceDigest(s.trail, original4, { content: d4, stored: gzip(d4) });
    replaceDigest(s.trail, original5, { content: d5, stored: gzip(d5) });
    const result = validate(integrityInput(s.trail, { sidecars: [original5] }));
    expect(s.verdicts(result)).toEqual({
      ...s.allValid,
      D4: 'unverifiable',
      D5: 'invalid',
      L8: 'unlisted',
      L9: 'unverifiable',
      L10: 'unverifiable',
      L11: 'unverifiable',
    });
    expect(s.file(result, 'D4').reason).toMatch(
      /^signature not checked: the only copy of its signature is in .*_20260301T060131Z\.json\.gz, which is itself invalid$/,
    );
  });

  it('the same two rewritten digests without head-object output: the one before the newest fails the signature the newest repeats', () => {
    const s = story();
    const d4 = editedJson(s.digest(4).content, (json) => (json.logFiles = (json.logFiles as unknown[]).slice(1)));
    const d5 = editedJson(s.digest(5).content, (json) => (json.previousDigestHashValue = sha256(d4)));
    const [original4, original5] = [s.digest(4), s.digest(5)];
    replaceDigest(s.trail, original4, { content: d4, stored: gzip(d4) });
    replaceDigest(s.trail, original5, { content: d5, stored: gzip(d5) });
    const result = validate(integrityInput(s.trail, { sidecars: [] }));
    expect(s.verdicts(result)).toEqual({
      ...s.allValid,
      D4: 'invalid',
      D5: 'unverifiable',
      L8: 'unlisted',
      L9: 'unverifiable',
      L10: 'unverifiable',
      L11: 'unverifiable',
    });
  });

  it('a digest moved to another key is invalid, though its signature verifies and its hour stays covered', () => {
    const s = story();
    const d2 = s.digest(2);
    const moved = d2.key.replace('20260301T030131Z', '20260301T093131Z');
    replaceDigest(s.trail, d2, { key: moved });
    const result = validate(integrityInput(s.trail));
    const expected: Verdicts = {
      ...s.allValid,
      [moved.split('/').pop()!]: 'invalid',
      L4: 'unverifiable',
      L5: 'unverifiable',
    };
    delete expected.D2;
    expect(s.verdicts(result)).toEqual(expected);
    const file = result.files.find((f) => f.s3_object === moved)!;
    expect(file.reason).toBe(
      `found at ${moved}, but it records that CloudTrail wrote it to ${d2.key}: it was moved or renamed; its signature itself verifies`,
    );
    expect(result.gaps).toEqual([]);
  });

  it('a log file that disagrees with a digest that is itself invalid is unverifiable: that listing proves nothing', () => {
    const s = story();
    const d2 = s.digest(2);
    replaceDigest(s.trail, d2, { key: d2.key.replace('/2026/03/01/', '/2026/03/02/') });
    s.trail.logFiles[4] = rewritten(s.log(4), '{"Records":[]}');
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toMatchObject({ L4: 'unverifiable', L5: 'unverifiable' });
    expect(s.file(result, 'L4').reason).toMatch(
      /^listed only by .*_20260301T030131Z\.json\.gz, which is invalid: found at .*, so its listing proves nothing either way$/,
    );
  });

  it('bytes appended to a digest make it invalid, though its first member still verifies', () => {
    const s = story();
    replaceDigest(s.trail, s.digest(2), { stored: Buffer.concat([s.digest(2).stored, gzip('{}')]) });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D2: 'invalid', L4: 'unverifiable', L5: 'unverifiable' });
    expect(s.file(result, 'D2').reason).toMatch(
      /^\d+ stored byte\(s\) follow its first gzip member; CloudTrail writes each digest as a single member, so they were added after delivery; its signature itself verifies$/,
    );
  });

  it('an unreadable digest is invalid, and the hour it covered is a gap that says so', () => {
    const s = story();
    replaceDigest(s.trail, s.digest(2), {
      content: Buffer.from('{"awsAccountId": '),
      stored: gzip('{"awsAccountId": '),
    });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual({
      ...s.allValid,
      D1: 'unverifiable',
      D2: 'invalid',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
    });
    expect(s.file(result, 'D2').reason).toMatch(/^not a digest file: not UTF-8 JSON/);
    expect(result.gaps.map((g) => g.reason)).toEqual([
      `the digest for the end of this hour, ${awsLogsKey(s.digest(2).key)}, is in the case but could not be read (see that file)`,
    ]);
  });
  it('a digest that neither its place nor its content ties to a trail is invalid, and says what a digest name looks like', () => {
    const s = story();
    const input = integrityInput(s.trail);
    const stray = input.digests[0]!;
    input.digests[0] = {
      ...stray,
      s3_key: 'notes/stray.json.gz',
      fields: { ...stray.fields!, digest_s3_object: 'notes/stray.json.gz' },
    };
    const result = validate(input);
    const file = result.files.find((f) => f.s3_object === 'notes/stray.json.gz')!;
    expect(file).toMatchObject({ status: 'invalid', trail: null, account: null });
    expect(file.reason).toMatch(
      /^neither where it was found nor the key it records is a CloudTrail digest name \(ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ\.json\.gz/,
    );
    expect(s.verdicts(result)).toMatchObject({ L0: 'unverifiable', L1: 'unverifiable' });
  });
});

describe('public keys', () => {
  it('with a wrong public key, nothing is verified, and each digest says which key it needs', () => {
    const s = story();
    const wrong = signingKey('intruder');
    const result = validate(integrityInput(s.trail, { keys: [wrong] }));
    expect(s.verdicts(result)).toEqual(Object.fromEntries(Object.keys(s.allValid).map((l) => [l, 'unverifiable'])));
    expect(s.file(result, 'D2').reason).toBe(
      `signature not checked: no key with fingerprint ${s.trail.keys[0]!.fingerprint} among the 1 public key(s) given; add \`aws cloudtrail list-public-keys\` output covering this digest's region and time; its SHA-256 matches the one the next digest records for it`,
    );
    expect(result.summary.signatures).toEqual({ verified: 0, failed: 0, not_checked: 6 });
    expect(result.summary.notes).toContainEqual(
      expect.stringMatching(
        /None of the 1 public key\(s\) given is a key these digests name, so no signature was checked/,
      ),
    );
  });

  it("a key listed under the signing key's fingerprint but holding another key verifies nothing", () => {
    const s = story();
    const intruder = signingKey('intruder');
    const keys = [
      {
        fingerprint: s.trail.keys[0]!.fingerprint,
        der_base64: intruder.der.toString('base64'),
        valid_from: null,
        valid_to: null,
        origin: 'forged.json',
      },
    ];
    const result = validate({ ...integrityInput(s.trail), keys });
    expect(s.verdicts(result)).toEqual(Object.fromEntries(Object.keys(s.allValid).map((l) => [l, 'unverifiable'])));
    expect(s.file(result, 'D0').reason).toContain(
      `signature not checked: the key given for fingerprint ${s.trail.keys[0]!.fingerprint} was refused (its DER hashes to fingerprint ${intruder.fingerprint}`,
    );
    expect(result.summary.rejected_keys).toEqual([
      {
        fingerprint: s.trail.keys[0]!.fingerprint,
        origin: 'forged.json',
        reason: expect.stringContaining('its DER hashes to'),
      },
    ]);
  });

  it('without keys, hashes and the chain are still checked: a rewritten digest is still invalid', () => {
    const s = story();
    const content = editedJson(s.digest(2).content, (json) => (json.logFiles = []));
    replaceDigest(s.trail, s.digest(2), { content, stored: gzip(content) });
    const result = validate(integrityInput(s.trail, { keys: [] }));
    expect(s.verdicts(result)).toEqual({
      ...Object.fromEntries(Object.keys(s.allValid).map((l) => [l, 'unverifiable'])),
      D2: 'invalid',
      L4: 'unlisted',
      L5: 'unlisted',
    });
    expect(s.file(result, 'D0').reason).toBe(
      `signature not checked: no public keys were given; add the output of \`aws cloudtrail list-public-keys\` for this digest's region and time (key ${s.trail.keys[0]!.fingerprint}); its SHA-256 matches the one the next digest records for it`,
    );
    expect(s.file(result, 'D2').reason).toMatch(
      /^its content has SHA-256 .* it was changed after the next digest was written; signature not checked: no public keys were given/,
    );
    expect(result.summary.notes.join('\n')).toContain(
      'No public keys were given, so no signature was checked; hashes and the chain were.',
    );
  });

  it('key rotation: each digest is verified with the key its fingerprint names', () => {
    const s = story({
      keys: [
        { fromHour: 0, label: 'rotation-a' },
        { fromHour: 3, label: 'rotation-b' },
      ],
    });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual(s.allValid);
    expect(result.summary.keys.map((k) => [k.fingerprint, k.valid_from, k.verified])).toEqual([
      [s.trail.keys[0]!.fingerprint, '2026-03-01T00:01:31Z', 3],
      [s.trail.keys[1]!.fingerprint, '2026-03-01T03:01:31Z', 3],
    ]);
  });

  it('key rotation with only the older key given: the newer digests are unverifiable, naming the key they need', () => {
    const s = story({
      keys: [
        { fromHour: 0, label: 'rotation-a' },
        { fromHour: 3, label: 'rotation-b' },
      ],
    });
    const result = validate(integrityInput(s.trail, { keys: [s.trail.keys[0]!] }));
    expect(s.verdicts(result)).toEqual({
      ...s.allValid,
      D3: 'unverifiable',
      D4: 'unverifiable',
      D5: 'unverifiable',
      L6: 'unverifiable',
      L7: 'unverifiable',
      L8: 'unverifiable',
      L9: 'unverifiable',
      L10: 'unverifiable',
      L11: 'unverifiable',
    });
    expect(s.file(result, 'D4').reason).toContain(`no key with fingerprint ${s.trail.keys[1]!.fingerprint}`);
  });

  it('a key is used only around its validity window', () => {
    const s = story();
    const key = { ...s.trail.keys[0]!, validFrom: '2025-01-01T00:00:00Z', validTo: '2025-02-01T00:00:00Z' };
    const result = validate(integrityInput(s.trail, { keys: [key] }));
    expect(result.summary.digests.unverifiable).toBe(6);
    expect(s.file(result, 'D0').reason).toContain(
      `key ${key.fingerprint} is valid from 2025-01-01T00:00:00Z to 2025-02-01T00:00:00Z according to list-public-keys, and this digest ends at 2026-03-01T01:01:31Z`,
    );
  });

  it('an SPKI-form key and a PKCS#1-form key verify the same trail', () => {
    for (const format of ['spki', 'pkcs1'] as const) {
      const s = story({ keys: [{ fromHour: 0, label: 'forms', format }] });
      const input = integrityInput(s.trail);
      expect(Buffer.from(input.keys[0]!.der_base64, 'base64')[4]).toBe(format === 'spki' ? 0x30 : 0x02);
      expect(s.verdicts(validate(input))).toEqual(s.allValid);
    }
  });

  it('public key inputs carry the validity window list-public-keys states', () => {
    const s = story({
      keys: [
        { fromHour: 0, label: 'rotation-a' },
        { fromHour: 3, label: 'rotation-b' },
      ],
    });
    expect(publicKeyInputs(s.trail.keys).map((k) => [k.valid_from, k.valid_to])).toEqual([
      ['2026-03-01T00:01:31Z', '2026-03-01T03:01:31Z'],
      ['2026-03-01T03:01:31Z', '2030-01-01T00:00:00Z'],
    ]);
  });
});

describe('the newest digest', () => {
  it('with its head-object output, it is valid', () => {
    const s = story();
    const result = validate(integrityInput(s.trail, { sidecars: [s.digest(5)] }));
    expect(s.verdicts(result)).toEqual(s.allValid);
  });

  it('without it, it is unverifiable, so are the log files only it lists, and the summary says what to give', () => {
    const s = story();
    const result = validate(integrityInput(s.trail, { sidecars: [] }));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D5: 'unverifiable', L10: 'unverifiable', L11: 'unverifiable' });
    const command = `\`aws s3api head-object --bucket acme-cloudtrail --key ${s.digest(5).key}\``;
    expect(s.file(result, 'D5').reason).toBe(
      `signature not checked: this is the newest digest of its trail in the case, and its own signature lives only in its S3 object metadata; give the output of ${command}`,
    );
    expect(s.file(result, 'L10').reason).toMatch(
      /but that digest is not verified \(unverifiable: signature not checked: this is the newest digest of its trail in the case, and its own signature lives only in its S3 object metadata\)$/,
    );
    expect(
      result.summary.notes.some(
        (n) => n.includes('the newest digest in the case') && n.includes('Log files only it lists are unverifiable.'),
      ),
    ).toBe(true);
  });

  it('with head-object output of another object, it is invalid', () => {
    const s = story();
    const input = integrityInput(s.trail, { sidecars: [] });
    input.digests.find((d) => d.s3_key === s.digest(5).key)!.sidecar_signature = s.digest(4).signature;
    const result = validate(input);
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D5: 'invalid', L10: 'unverifiable', L11: 'unverifiable' });
    expect(s.file(result, 'D5').reason).toMatch(
      /^its signature from the saved head-object output does not verify with AWS key [0-9a-f]{32}: the digest was changed after CloudTrail signed it, or that output belongs to another object$/,
    );
  });

  it('a log file that disagrees with an unverified newest digest is invalid: one of the two was changed', () => {
    const s = story();
    s.trail.logFiles[10] = rewritten(s.log(10), '{"Records":[]}');
    const result = validate(integrityInput(s.trail, { sidecars: [] }));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, D5: 'unverifiable', L10: 'invalid', L11: 'unverifiable' });
    expect(s.file(result, 'L10').reason).toMatch(
      /that digest's own signature could not be checked \(unverifiable: .*\), so the log file or the digest was changed$/,
    );
  });
});

describe('backfill and empty hours', () => {
  it('a backfill digest lists late log files: they are valid, and it takes no place in the hourly chain', () => {
    const s = story({ backfill: [{ hour: 2, logFiles: 1 }] });
    const result = validate(integrityInput(s.trail));
    expect(s.verdicts(result)).toEqual(s.allValid);
    expect(Object.keys(s.allValid)).toEqual(expect.arrayContaining(['B2', 'L12']));
    expect(s.file(result, 'B2').reason).toContain('(the signature in the saved head-object output)');
    expect(result.gaps).toEqual([]);
    expect(result.trails[0]!.digests).toBe(7);
  });

  it('a backfill digest without its head-object output is unverifiable, as are the log files only it lists', () => {
    const s = story({ backfill: [{ hour: 2, logFiles: 1 }] });
    const result = validate(integrityInput(s.trail, { sidecars: [s.digest(5)] }));
    expect(s.verdicts(result)).toEqual({ ...s.allValid, B2: 'unverifiable', L12: 'unverifiable' });
    expect(s.file(result, 'B2').reason).toMatch(
      /^signature not checked: a backfill digest's own signature lives only in its S3 object metadata, and no digest repeats it; give the output of `aws s3api head-object/,
    );
  });

  it('an empty-hour digest lists nothing and is valid; a log file planted in that hour is unlisted', () => {
    const s = story({ emptyHours: [3] });
    const planted = s.log(4).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, '_20260301T0330Z_PLANTEDplanted00');
    s.trail.logFiles.push({ key: planted, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    const result = validate(integrityInput(s.trail));
    expect(s.trail.logFiles).toHaveLength(11);
    expect(s.verdicts(result)).toEqual({ ...s.allValid, [planted.split('/').pop()!]: 'unlisted' });
    expect(JSON.parse(s.digest(3).content.toString()).logFiles).toEqual([]);
  });
});

describe('what the summary states', () => {
  it('says what was checked, the counts, and the gaps', () => {
    const s = story();
    removeFiles(s.trail, s.digest(2).key, s.log(0).key);
    const result = validate(integrityInput(s.trail));
    expect(result.summary.notes[0]).toMatch(/^Checked offline: /);
    expect(result.summary.notes).toContain(
      'Digests: 4 valid, 1 missing, 1 unverifiable. Log files: 7 valid, 1 missing, 2 unlisted, 2 unverifiable.',
    );
    expect(result.summary.notes).toContain('Signatures: 4 verified, 0 failed, 1 not checked.');
    expect(result.summary.notes).toContain(
      '1 gap(s) in the digest chains, 1 hour(s) in all, are not covered by any digest in the case.',
    );
  });

  it('says so when there is no digest at all', () => {
    const s = story();
    const input = integrityInput(s.trail);
    const result = validate({ ...input, digests: [], listings: [] });
    expect(result.summary.log_files.unlisted).toBe(12);
    expect(result.summary.notes).toContain(
      'No digest file of any trail is in the case: nothing about these log files could be verified.',
    );
    expect(s.file(result, 'L0').reason).toBe(
      'listed in no digest in the case: no digest of account 111122223333, region us-east-2 is in the case',
    );
  });
});
