import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import zlib from 'node:zlib';
import { stringToSign } from '../electron/core/integrity/digest-signature.ts';
import { keyFingerprint } from '../electron/core/integrity/public-key.ts';
import { parsePublicKeyList } from '../electron/core/integrity/public-key-list.ts';
import type { PublicKeyInput } from '../shared/model/integrity.ts';

/**
 * CloudTrail digests signed the way CloudTrail signs them, with RSA keys made here, and the
 * list-public-keys output that names the keys: what the benchmark's synthetic year and the
 * tests' signed trails (test/helpers/signed-trail.ts) are built from.
 */

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

/** A log file a digest lists: its key, its uncompressed content, and the time of its events. */
export interface ListedLog {
  key: string;
  content: Buffer;
  at: number;
}

export interface SignedDigestFile {
  key: string;
  /** Uncompressed content. */
  content: Buffer;
  /** The bytes as stored in S3: gzip. */
  stored: Buffer;
  /** Hex SHA256withRSA signature: what S3 keeps as `x-amz-meta-signature`. */
  signature: string;
  fingerprint: string;
}

export interface DigestParts {
  account: string;
  bucket: string;
  key: string;
  startMs: number;
  endMs: number;
  signer: SigningKey;
  logs: ListedLog[];
  previous: Pick<SignedDigestFile, 'key' | 'content' | 'signature'> | null;
}

const keyPairs = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();

/** An RSA-2048 key pair, made once per label and process: key generation is slow. */
export function keyPair(label: string): { privateKey: KeyObject; publicKey: KeyObject } {
  let pair = keyPairs.get(label);
  if (!pair) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keyPairs.set(label, pair);
  }
  return pair;
}

export function signingKey(
  label: string,
  format: 'pkcs1' | 'spki' = 'pkcs1',
  validFrom = '2020-01-01T00:00:00Z',
  validTo: string | null = null,
): SigningKey {
  const { privateKey, publicKey } = keyPair(label);
  const der = publicKey.export({ type: format, format: 'der' });
  return { label, fingerprint: keyFingerprint(der), der, format, privateKey, validFrom, validTo };
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
export const gzip = (content: Buffer | string) => zlib.gzipSync(content);
export const isoTime = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** The time in a CloudTrail file name: `YYYYMMDDTHHMMSSZ` for digests, `YYYYMMDDTHHMMZ` for log files. */
export const nameStamp = (ms: number, seconds: boolean) =>
  isoTime(ms)
    .replace(/[-:]/g, '')
    .slice(0, seconds ? 15 : 13) + 'Z';
/** The `YYYY/MM/DD` folders of the S3 layout. */
export const datePath = (ms: number) => isoTime(ms).slice(0, 10).replaceAll('-', '/');

/** A digest's JSON in CloudTrail's field order, and its signature over the string to sign. */
export function buildDigest(d: DigestParts): SignedDigestFile {
  const times = d.logs.map((l) => l.at);
  const fields = {
    awsAccountId: d.account,
    digestStartTime: isoTime(d.startMs),
    digestEndTime: isoTime(d.endMs),
    digestS3Bucket: d.bucket,
    digestS3Object: d.key,
    digestPublicKeyFingerprint: d.signer.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.length > 0 ? isoTime(Math.max(...times) - 60_000) : null,
    oldestEventTime: times.length > 0 ? isoTime(Math.min(...times) - 120_000) : null,
    previousDigestS3Bucket: d.previous ? d.bucket : null,
    previousDigestS3Object: d.previous?.key ?? null,
    previousDigestHashValue: d.previous ? sha256(d.previous.content) : null,
    previousDigestHashAlgorithm: d.previous ? 'SHA-256' : null,
    previousDigestSignature: d.previous?.signature ?? null,
    logFiles: d.logs.map((l) => ({
      s3Bucket: d.bucket,
      s3Object: l.key,
      hashValue: sha256(l.content),
      hashAlgorithm: 'SHA-256',
      newestEventTime: isoTime(l.at - 60_000),
      oldestEventTime: isoTime(l.at - 120_000),
    })),
  };
  const content = Buffer.from(JSON.stringify(fields));
  const toSign = stringToSign(
    {
      digest_end_time: fields.digestEndTime,
      digest_s3_bucket: d.bucket,
      digest_s3_object: d.key,
      previous_digest_signature: fields.previousDigestSignature,
    },
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

/** The keys as validation takes them, read from their list-public-keys output. */
export function publicKeyInputs(keys: SigningKey[]): PublicKeyInput[] {
  if (keys.length === 0) return [];
  const parsed = parsePublicKeyList(publicKeysJson(keys), 'list-public-keys.json');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.keys;
}
