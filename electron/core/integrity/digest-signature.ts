import { type KeyObject, verify } from 'node:crypto';
import type { DigestFields } from '../../../shared/model/integrity.ts';

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';

type SignedFields = Pick<
  DigestFields,
  'digest_end_time' | 'digest_s3_bucket' | 'digest_s3_object' | 'previous_digest_signature'
>;

/**
 * What CloudTrail signs: the end time as written, bucket/key, the hex SHA-256 of the
 * uncompressed digest, and the previous digest's signature, or the literal `null` for the
 * first digest of a chain. Joined by LF, never CRLF.
 */
export function stringToSign(fields: SignedFields, digestSha256: string): string {
  return [
    fields.digest_end_time,
    `${fields.digest_s3_bucket}/${fields.digest_s3_object}`,
    digestSha256.toLowerCase(),
    fields.previous_digest_signature ?? 'null',
  ].join('\n');
}

/** SHA256withRSA, PKCS#1 v1.5, over the string to sign; the signature is hex. */
export function verifyDigestSignature(
  fields: SignedFields,
  digestSha256: string,
  signatureHex: string,
  key: KeyObject,
): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  return verify(
    'sha256',
    Buffer.from(stringToSign(fields, digestSha256), 'utf8'),
    key,
    Buffer.from(signatureHex, 'hex'),
  );
}
