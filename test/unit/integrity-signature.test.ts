import { createPublicKey, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../electron/core/integrity/digest-file.ts';
import { stringToSign, verifyDigestSignature } from '../../electron/core/integrity/digest-signature.ts';
import { firstGzipMember, gzip, keyPair, sha256, signedTrail, signingKey } from '../helpers/signed-trail.ts';

const fieldsOf = (content: Buffer) => {
  const parsed = parseDigest(content);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.fields;
};

describe('the string CloudTrail signs', () => {
  it("is aws-cli's test vector: end time, bucket/key, SHA-256 of the content, and null for a chain's first digest", () => {
    const fields = {
      digest_end_time: 'a',
      digest_s3_bucket: 'b',
      digest_s3_object: 'c',
      previous_digest_signature: null,
    };
    expect(stringToSign(fields, sha256('abc'))).toBe(
      'a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull',
    );
  });

  it('carries the previous signature as written, joined by LF only', () => {
    const fields = {
      digest_end_time: '2015-08-17T15:01:31Z',
      digest_s3_bucket: 'bucket',
      digest_s3_object: 'AWSLogs/x.json.gz',
      previous_digest_signature: 'ABCDEF',
    };
    expect(stringToSign(fields, 'F'.repeat(64))).toBe(
      `2015-08-17T15:01:31Z\nbucket/AWSLogs/x.json.gz\n${'f'.repeat(64)}\nABCDEF`,
    );
  });
});

describe('verifying a digest signature', () => {
  const digest = signedTrail({ hours: 2 }).digests[1]!;
  const fields = fieldsOf(digest.content);
  const contentHash = sha256(digest.content);

  it('verifies with the PKCS#1 form of the signing key, as list-public-keys gives it', () => {
    expect(
      verifyDigestSignature(
        fields,
        contentHash,
        digest.signature,
        createPublicKey({ key: signingKey('trail-key-0').der, format: 'der', type: 'pkcs1' }),
      ),
    ).toBe(true);
  });

  it('verifies with the SubjectPublicKeyInfo form of the same key', () => {
    expect(
      verifyDigestSignature(
        fields,
        contentHash,
        digest.signature,
        createPublicKey({ key: signingKey('trail-key-0', 'spki').der, format: 'der', type: 'spki' }),
      ),
    ).toBe(true);
  });

  it('fails with another key', () => {
    expect(verifyDigestSignature(fields, contentHash, digest.signature, keyPair('intruder').publicKey)).toBe(false);
  });

  it('fails when one byte of the content, the end time or the previous signature differs', () => {
    const key = keyPair('trail-key-0').publicKey;
    expect(
      verifyDigestSignature(fields, sha256(Buffer.concat([digest.content, Buffer.from(' ')])), digest.signature, key),
    ).toBe(false);
    expect(
      verifyDigestSignature(
        { ...fields, digest_end_time: fields.digest_end_time.replace('Z', '.000Z') },
        contentHash,
        digest.signature,
        key,
      ),
    ).toBe(false);
    expect(
      verifyDigestSignature(
        { ...fields, previous_digest_signature: fields.previous_digest_signature!.toUpperCase() },
        contentHash,
        digest.signature,
        key,
      ),
    ).toBe(false);
  });

  it('fails on a signature over the CRLF-joined string', () => {
    const key = keyPair('trail-key-0');
    const crlf = sign(
      'sha256',
      Buffer.from(stringToSign(fields, contentHash).replaceAll('\n', '\r\n')),
      key.privateKey,
    ).toString('hex');
    expect(verifyDigestSignature(fields, contentHash, crlf, key.publicKey)).toBe(false);
  });

  it('fails, without throwing, on a signature that is not hex', () => {
    expect(verifyDigestSignature(fields, contentHash, 'not hex', keyPair('trail-key-0').publicKey)).toBe(false);
  });
});

describe('hashing a log file as CloudTrail does', () => {
  it('hashes the uncompressed first gzip member: {} gives the vector in aws-cli tests', () => {
    const stored = Buffer.concat([gzip('{}'), gzip('{"Records": []}')]);
    const first = firstGzipMember(stored);
    expect(sha256(first.content)).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(first.after).toBe(gzip('{"Records": []}').length);
  });
});
