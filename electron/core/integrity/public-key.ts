import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export type LoadedKey = { ok: true; key: KeyObject; fingerprint: string } | { ok: false; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Hex MD5 of a key's DER: how CloudTrail names the key that signed a digest. */
export function keyFingerprint(der: Uint8Array): string {
  return createHash('md5').update(der).digest('hex');
}

/**
 * Loads an RSA public key from base64 DER, PKCS#1 (what `list-public-keys` returns) or
 * SubjectPublicKeyInfo, and checks that the DER hashes to the fingerprint it is given under:
 * a key listed under another key's fingerprint must verify nothing.
 */
export function loadPublicKey(derBase64: string, statedFingerprint: string): LoadedKey {
  const compact = derBase64.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return { ok: false, reason: 'its value is not base64' };
  const der = Buffer.from(compact, 'base64');
  const fingerprint = keyFingerprint(der);
  if (fingerprint !== statedFingerprint.toLowerCase()) {
    return {
      ok: false,
      reason: `its DER hashes to fingerprint ${fingerprint}, not to the ${statedFingerprint} it is listed under`,
    };
  }
  for (const format of ['pkcs1', 'spki'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type: format });
      if (key.asymmetricKeyType !== 'rsa')
        return { ok: false, reason: `it is a ${key.asymmetricKeyType} key; CloudTrail signs with RSA` };
      return { ok: true, key, fingerprint };
    } catch {
      // Not this encoding: try the other one.
    }
  }
  return { ok: false, reason: 'its value is neither a PKCS#1 nor a SubjectPublicKeyInfo RSA public key' };
}
