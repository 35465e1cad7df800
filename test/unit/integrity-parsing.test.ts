import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../electron/core/integrity/digest-file.ts';
import { awsLogsKey, parseDigestKey, parseLogFileKey } from '../../electron/core/integrity/object-keys.ts';
import { keyFingerprint } from '../../electron/core/integrity/public-key.ts';
import { parsePublicKeyList } from '../../electron/core/integrity/public-key-list.ts';
import {
  parseSignatureSidecar,
  sidecarDigestName,
  sidecarFileName,
} from '../../electron/core/integrity/signature-sidecar.ts';
import { headObjectJson, publicKeysJson, signedTrail, signingKey } from '../helpers/signed-trail.ts';
import { fixture } from '../helpers/temp.ts';

const example = fs.readFileSync(fixture('corpus/digest-example.json'), 'utf8');
const exampleWith = (change: (d: Record<string, unknown>) => void) => {
  const d = JSON.parse(example) as Record<string, unknown>;
  change(d);
  return JSON.stringify(d);
};

describe('reading a digest file', () => {
  it('reads every field of the AWS documentation example, keeping the values as written', () => {
    const parsed = parseDigest(example);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.fields).toMatchObject({
      aws_account_id: '111122223333',
      digest_start_time: '2015-08-17T14:01:31Z',
      digest_end_time: '2015-08-17T15:01:31Z',
      digest_s3_bucket: 'S3-bucket-name',
      digest_public_key_fingerprint: '31e8b5433410dfb61a9dc45cc65b22ff',
      digest_signature_algorithm: 'SHA256withRSA',
      newest_event_time: '2015-08-17T14:52:27Z',
      previous_digest_hash_value: '97fb791cf91ffc440d274f8190dbdd9aa09c34432aba82739df18b6d3c13df2d',
      previous_digest_hash_algorithm: 'SHA-256',
    });
    expect(parsed.fields.previous_digest_signature).toHaveLength(512);
    expect(parsed.log_files).toEqual([
      {
        s3_bucket: 'S3-bucket-name',
        s3_object:
          'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz',
        hash_value: '9bb6196fc6b84d6f075a56548feca262bd99ba3c2de41b618e5b6e22c1fc71f6',
        hash_algorithm: 'SHA-256',
        newest_event_time: '2015-08-17T14:52:27Z',
        oldest_event_time: '2015-08-17T14:42:27Z',
      },
    ]);
  });

  it('reads an empty-hour digest: no log files, no event times', () => {
    const parsed = parseDigest(
      exampleWith((d) => Object.assign(d, { logFiles: [], newestEventTime: null, oldestEventTime: null })),
    );
    expect(parsed.ok && parsed.log_files).toEqual([]);
    expect(parsed.ok && parsed.fields.newest_event_time).toBeNull();
  });

  it('reads the first digest of a chain, whose previous-digest fields are all null', () => {
    const parsed = parseDigest(
      exampleWith((d) => {
        for (const k of [
          'previousDigestS3Bucket',
          'previousDigestS3Object',
          'previousDigestHashValue',
          'previousDigestHashAlgorithm',
          'previousDigestSignature',
        ])
          d[k] = null;
      }),
    );
    expect(parsed.ok && parsed.fields.previous_digest_signature).toBeNull();
  });

  it('ignores fields it does not know', () => {
    expect(parseDigest(exampleWith((d) => (d.someFutureField = { nested: [1, 2] }))).ok).toBe(true);
  });

  it('refuses a digest whose previous hash is not a SHA-256, like the sanitized sample of 63 hex digits', () => {
    const parsed = parseDigest(
      exampleWith(
        (d) => (d.previousDigestHashValue = '531914fcfa0dbacf0c9dd1475a1fdcb5dea6e85921409f3c3ec0ba39063c860'),
      ),
    );
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringContaining('previousDigestHashValue is not a hex SHA-256'),
    });
  });

  it('names every missing or malformed field that validation rests on', () => {
    const parsed = parseDigest(
      exampleWith((d) => {
        delete d.digestEndTime;
        d.digestPublicKeyFingerprint = 'xyz';
        d.logFiles = [{ s3Bucket: 'b', s3Object: 'k', hashValue: 'abc', hashAlgorithm: 'MD5' }];
      }),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('digestEndTime is missing');
    expect(parsed.error).toContain('digestPublicKeyFingerprint is not a hex MD5 fingerprint');
    expect(parsed.error).toContain('logFiles[0].hashValue is not a hex SHA-256');
    expect(parsed.error).toContain('logFiles[0].hashAlgorithm is "MD5"; CloudTrail hashes with SHA-256 only');
  });

  it('refuses half a chain link: a previous signature without the previous hash', () => {
    const parsed = parseDigest(exampleWith((d) => (d.previousDigestHashValue = null)));
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringContaining(
        'previousDigestS3Object, previousDigestSignature are set but previousDigestHashValue is not',
      ),
    });
  });

  it('refuses times that are not ISO 8601 UTC, and an end before the start', () => {
    expect(parseDigest(exampleWith((d) => (d.digestStartTime = '17/08/2015 14:01')))).toEqual({
      ok: false,
      error: expect.stringContaining('digestStartTime is not an ISO 8601 UTC time'),
    });
    expect(parseDigest(exampleWith((d) => (d.digestEndTime = '2015-08-17T13:01:31Z')))).toEqual({
      ok: false,
      error: expect.stringContaining('is not after digestStartTime'),
    });
  });

  it('says plainly when the content is not JSON or not an object', () => {
    expect(parseDigest('{"awsAccountId": ')).toEqual({
      ok: false,
      error: expect.stringMatching(/^not a digest file: not UTF-8 JSON/),
    });
    expect(parseDigest('[]')).toEqual({ ok: false, error: 'not a digest file: the JSON is not an object' });
    expect(parseDigest(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      ok: false,
      error: expect.stringMatching(/^not a digest file: not UTF-8 JSON/),
    });
  });
});

describe('reading trail identity and time from S3 keys', () => {
  const digestKey =
    'AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-2_20150817T150131Z.json.gz';

  it('reads account, region, trail, home region and end time of a digest', () => {
    expect(parseDigestKey(`downloads/bucket/${digestKey}`)).toEqual({
      key: digestKey,
      orgId: null,
      account: '111122223333',
      region: 'us-east-2',
      trail: 'your-trail-name',
      homeRegion: 'us-east-2',
      endMs: Date.parse('2015-08-17T15:01:31Z'),
      backfill: false,
    });
  });

  it('reads organization trails, trail names with underscores, another home region and backfill digests', () => {
    const key =
      'prefix/AWSLogs/o-exampleorgid/444455556666/CloudTrail-Digest/eu-west-1/2024/02/29/444455556666_CloudTrail-Digest_eu-west-1_org_trail_v2_us-east-1_20240229T230000Z_backfill.json.gz';
    expect(parseDigestKey(key)).toMatchObject({
      orgId: 'o-exampleorgid',
      account: '444455556666',
      region: 'eu-west-1',
      trail: 'org_trail_v2',
      homeRegion: 'us-east-1',
      backfill: true,
    });
  });

  it('refuses a digest name whose account or region disagrees with its folders', () => {
    expect(parseDigestKey(digestKey.replace('CloudTrail-Digest/us-east-2', 'CloudTrail-Digest/us-west-1'))).toBeNull();
    expect(parseDigestKey(digestKey.replace('/111122223333_', '/999999999999_'))).toBeNull();
    expect(parseDigestKey('AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/x.json.gz')).toBeNull();
  });

  it('reads a log file key and compares keys from AWSLogs/ on, whatever lies before', () => {
    const logKey =
      'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz';
    expect(parseLogFileKey(`C:\\cases\\acme\\${logKey.replaceAll('/', '\\')}`)).toEqual({
      key: logKey,
      orgId: null,
      account: '111122223333',
      region: 'us-east-2',
      timeMs: Date.parse('2015-08-17T14:45:00Z'),
    });
    expect(awsLogsKey(`my-prefix/${logKey}`)).toBe(logKey);
    expect(awsLogsKey('elsewhere/file.json.gz')).toBe('elsewhere/file.json.gz');
  });
});

describe('reading list-public-keys output', () => {
  it('accepts PKCS#1 and SubjectPublicKeyInfo keys whose DER hashes to their fingerprint', () => {
    const keys = [
      signingKey('parse-a', 'pkcs1', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      signingKey('parse-b', 'spki', '2026-02-01T00:00:00Z'),
    ];
    const parsed = parsePublicKeyList(publicKeysJson(keys), 'keys.json');
    expect(parsed).toEqual({
      ok: true,
      rejected: [],
      keys: [
        {
          fingerprint: keys[0]!.fingerprint,
          der_base64: keys[0]!.der.toString('base64'),
          valid_from: '2026-01-01T00:00:00Z',
          valid_to: '2026-02-01T00:00:00Z',
          origin: 'keys.json',
        },
        {
          fingerprint: keys[1]!.fingerprint,
          der_base64: keys[1]!.der.toString('base64'),
          valid_from: '2026-02-01T00:00:00Z',
          valid_to: '2030-01-01T00:00:00Z',
          origin: 'keys.json',
        },
      ],
    });
  });

  it("loads the PKCS#1 key from aws-cli's own tests", () => {
    const value =
      'MIIBCgKCAQEAn11L2YZ9h7onug2ILi1MWyHiMRsTQjfWE+pHVRLk1QjfWhirG+lpOa8NrwQ/r7Ah5bNL6HepznOU9XTDSfmmnP97mqyc7z/upfZdS/AHhYcGaz7n6Wc/RRBU6VmiPCrAUojuSk6/GjvA8iOPFsYDuBtviXarvuLPlrT9kAd4Lb+rFfR5peEgBEkhlzc5HuWO7S0y+KunqxX6jQBnXGMtxmPBPP0FylgWGNdFtks/4YSKcgqwH0YDcawP9GGGDAeCIqPWIXDLG1jOjRRzWfCmD0iJUkz8vTsn4hq/5ZxRFE7UBAUiVcGbdnDdvVfhF9C3dQiDq3k7adQIziLT0cShgQIDAQAB';
    const fingerprint = keyFingerprint(Buffer.from(value, 'base64'));
    const parsed = parsePublicKeyList(
      JSON.stringify({
        PublicKeyList: [
          { Value: value, Fingerprint: fingerprint, ValidityStartTime: 1436292000.0, ValidityEndTime: 1438980000.0 },
        ],
      }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      rejected: [],
      keys: [{ fingerprint, valid_from: '2015-07-07T18:00:00Z', valid_to: '2015-08-07T20:40:00Z' }],
    });
  });

  it('refuses a key listed under a fingerprint that is not the MD5 of its DER', () => {
    const real = signingKey('parse-a');
    const other = signingKey('parse-b');
    const parsed = parsePublicKeyList(
      JSON.stringify({ PublicKeyList: [{ Value: other.der.toString('base64'), Fingerprint: real.fingerprint }] }),
    );
    expect(parsed).toEqual({
      ok: true,
      keys: [],
      rejected: [
        {
          fingerprint: real.fingerprint,
          reason: `its DER hashes to fingerprint ${other.fingerprint}, not to the ${real.fingerprint} it is listed under`,
        },
      ],
    });
  });

  it('refuses values that are not keys, and output that is not list-public-keys', () => {
    const notKey = Buffer.from('not a key').toString('base64');
    const fingerprint = keyFingerprint(Buffer.from(notKey, 'base64'));
    expect(
      parsePublicKeyList(JSON.stringify({ PublicKeyList: [{ Value: notKey, Fingerprint: fingerprint }] })),
    ).toMatchObject({
      ok: true,
      rejected: [{ fingerprint, reason: 'its value is neither a PKCS#1 nor a SubjectPublicKeyInfo RSA public key' }],
    });
    expect(parsePublicKeyList('{"Keys": []}')).toEqual({
      ok: false,
      error: expect.stringContaining('no "PublicKeyList" list'),
    });
    expect(parsePublicKeyList('nope')).toEqual({
      ok: false,
      error: expect.stringMatching(/^not list-public-keys output: not JSON/),
    });
  });
});

describe('reading saved head-object output', () => {
  it('takes the signature, its algorithm, the ETag and the length', () => {
    const digest = signedTrail({ hours: 1 }).digests[0]!;
    const parsed = parseSignatureSidecar(headObjectJson(digest));
    expect(parsed).toEqual({
      ok: true,
      sidecar: {
        signature: digest.signature,
        algorithm: 'SHA256withRSA',
        etag: expect.stringMatching(/^[0-9a-f]{32}$/),
        content_length: digest.stored.length,
      },
    });
  });

  it('says what is wrong with output that holds no signature', () => {
    expect(parseSignatureSidecar('{"ETag": "x"}')).toEqual({
      ok: false,
      error: expect.stringContaining('no "Metadata" object'),
    });
    expect(parseSignatureSidecar('{"Metadata": {}}')).toEqual({
      ok: false,
      error: expect.stringContaining('without a hex "Metadata.signature"'),
    });
  });

  it('is found beside its digest by name', () => {
    const name = '111122223333_CloudTrail-Digest_us-east-2_t_us-east-2_20260301T010131Z.json.gz';
    expect(sidecarDigestName(`some/folder/${sidecarFileName(name)}`)).toBe(name);
    expect(sidecarDigestName('some/folder/head-object.json')).toBeNull();
  });
});
