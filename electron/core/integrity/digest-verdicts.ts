import { firstIndex } from '../../../shared/first-index.ts';
import type { DigestFields } from '../../../shared/model/integrity.ts';
import type { DigestEntry, ReadableDigest } from './digest-entry.ts';
import { SIGNATURE_ALGORITHM, verifyDigestSignature } from './digest-signature.ts';
import type { Keyring, UsableKey } from './keyring.ts';
import { formatUtc } from './utc-time.ts';

export interface SignatureTally {
  verified: number;
  failed: number;
  not_checked: number;
  /** How many digests each key verified. */
  byKey: Map<UsableKey, number>;
}

/** A copy of a digest's signature, and which digest carried it (null: saved head-object output). */
interface SignatureCopy {
  signature: string;
  carrier: ReadableDigest | null;
}

/**
 * Judges the digests of one trail, newest first, so that a digest's successors are judged
 * before it: a successor that is itself invalid cannot condemn its predecessor, only leave it
 * unverified. A signature that verifies under AWS's key proves the digest whichever file
 * carried it; the successor's hash of it is checked too, and is all there is without a key.
 * A successor not itself verified whose record of a proven digest is false is the forgery.
 */
export function judgeDigests(entries: DigestEntry[], keyring: Keyring, tally: SignatureTally): void {
  const readable = entries
    .filter((e): e is ReadableDigest => e.readable !== null)
    .sort((a, b) => b.readable.endMs - a.readable.endMs);
  const namedBy = new Map<string, ReadableDigest[]>();
  for (const e of readable) {
    if (!e.previousKey) continue;
    const named = namedBy.get(e.previousKey);
    if (named) named.push(e);
    else namedBy.set(e.previousKey, [e]);
  }
  const chain = readable.filter((e) => !e.info?.backfill).sort((a, b) => a.readable.startMs - b.readable.startMs);
  const contradicted = new Map<ReadableDigest, Contradiction>();
  for (const e of readable)
    judgeDigest(
      e,
      (namedBy.get(e.selfKey) ?? []).filter((s) => s.selfKey !== e.selfKey),
      chain,
      keyring,
      tally,
      contradicted,
    );
  // After every digest is judged: a forged successor may have been judged before or after the digest it lies about.
  for (const [s, { proven, record }] of contradicted) {
    s.status = 'invalid';
    s.checkedAgainst = proven.selfKey;
    s.reason = [
      `it records ${record} for its previous digest ${proven.selfKey}, whose own signature verifies with AWS key ${proven.readable.fields.digest_public_key_fingerprint}: CloudTrail did not write this digest`,
      s.reason,
    ].join('; ');
  }
  for (const e of entries) {
    if (e.readable) continue;
    e.status = 'invalid';
    e.reason = e.input.problem ?? 'not a readable digest file';
  }
}

/** A successor's record of a digest that the digest's own verified signature refutes. */
interface Contradiction {
  proven: ReadableDigest;
  record: string;
}

/** What a successor records of a digest proven by its signature that is not so: its hash, or its signature. */
function falseRecord(s: ReadableDigest, proven: ReadableDigest, sha256: string, key: UsableKey): string | null {
  const { previous_digest_hash_value: hash, previous_digest_signature: signature } = s.readable.fields;
  if (hash!.toLowerCase() !== sha256) return `SHA-256 ${hash!.toLowerCase()}`;
  if (!verifyDigestSignature(proven.readable.fields, sha256, signature!, key.key))
    return 'a signature that does not verify';
  return null;
}

function judgeDigest(
  e: ReadableDigest,
  successors: ReadableDigest[],
  chain: ReadableDigest[],
  keyring: Keyring,
  tally: SignatureTally,
  contradicted: Map<ReadableDigest, Contradiction>,
): void {
  const { fields } = e.readable;
  const sha256 = e.input.sha256?.toLowerCase() ?? null;
  const invalid: string[] = [];
  const unchecked: string[] = [];
  if (e.foundKey !== e.selfKey) {
    invalid.push(
      `found at ${e.foundKey}, but it records that CloudTrail wrote it to ${e.selfKey}: it was moved or renamed`,
    );
  }
  if (e.input.bytes_after_first_member > 0) {
    invalid.push(
      `${e.input.bytes_after_first_member} stored byte(s) follow its first gzip member; CloudTrail writes each digest as a single member, so they were added after delivery`,
    );
  }

  const copies: SignatureCopy[] = successors.map((s) => ({
    signature: s.readable.fields.previous_digest_signature!,
    carrier: s,
  }));
  if (e.input.sidecar_signature) copies.push({ signature: e.input.sidecar_signature, carrier: null });
  let verifiedWith: SignatureCopy | null = null;
  let usedKey: UsableKey | null = null;
  let signatureFailed = false;
  let signatureProblem: string | null = null;
  if (fields.digest_signature_algorithm !== SIGNATURE_ALGORITHM) {
    unchecked.push(
      `signature not checked: its algorithm is ${fields.digest_signature_algorithm}, and CloudTrail signs with ${SIGNATURE_ALGORITHM} only`,
    );
  } else if (copies.length === 0) {
    unchecked.push(whyNoSignature(e, chain));
  } else if (sha256 === null) {
    unchecked.push('signature not checked: the content could not be hashed');
  } else {
    const lookup = keyring.lookup(fields.digest_public_key_fingerprint, e.readable.endMs);
    if (!lookup.ok) unchecked.push(lookup.reason);
    else {
      usedKey = lookup.key;
      verifiedWith = copies.find((c) => verifyDigestSignature(fields, sha256, c.signature, lookup.key.key)) ?? null;
      if (!verifiedWith) {
        const credible = copies.filter((c) => c.carrier === null || c.carrier.status !== 'invalid');
        signatureFailed = credible.length > 0;
        if (signatureFailed) signatureProblem = signatureFailure(e, credible);
        else
          unchecked.push(
            `signature not checked: the only copy of its signature is in ${copies[0]!.carrier!.selfKey}, which is itself invalid`,
          );
      }
    }
  }

  let hashConfirmedBy: ReadableDigest | null = null;
  for (const s of successors) {
    const recorded = s.readable.fields.previous_digest_hash_value!.toLowerCase();
    // An invalid successor's record of this digest proves nothing either way.
    if (s.status === 'invalid') continue;
    const refuted = verifiedWith && usedKey && s.status !== 'valid' ? falseRecord(s, e, sha256!, usedKey) : null;
    if (refuted) contradicted.set(s, { proven: e, record: refuted });
    else if (sha256 === recorded) hashConfirmedBy ??= s;
    else if (sha256 !== null) {
      invalid.push(
        `its content has SHA-256 ${sha256}, but the next digest (${s.selfKey}) records ${recorded} for it: it was changed after the next digest was written`,
      );
      e.checkedAgainst = s.selfKey;
    }
  }
  if (signatureProblem) invalid.push(signatureProblem);

  if (verifiedWith && usedKey) {
    tally.verified++;
    tally.byKey.set(usedKey, (tally.byKey.get(usedKey) ?? 0) + 1);
  } else if (signatureFailed) tally.failed++;
  else tally.not_checked++;

  if (invalid.length > 0) {
    e.status = 'invalid';
    e.reason = [...invalid, ...unchecked, ...(verifiedWith ? ['its signature itself verifies'] : [])].join('; ');
    return;
  }
  const hashNote = hashConfirmedBy ? `; its SHA-256 matches the one the next digest records for it` : '';
  if (verifiedWith) {
    e.status = 'valid';
    const carrier = verifiedWith.carrier;
    e.checkedAgainst = carrier?.selfKey ?? null;
    const from = carrier
      ? `the signature repeated in the next digest, ${carrier.selfKey}`
      : 'the signature in the saved head-object output';
    e.reason = `signature verified with AWS key ${fields.digest_public_key_fingerprint} (${from})${hashNote}`;
    return;
  }
  e.status = 'unverifiable';
  e.checkedAgainst = hashConfirmedBy?.selfKey ?? null;
  e.reason = unchecked.join('; ') + hashNote;
}

function signatureFailure(e: ReadableDigest, credible: SignatureCopy[]): string {
  const fingerprint = e.readable.fields.digest_public_key_fingerprint;
  if (credible.every((c) => c.carrier === null)) {
    return `its signature from the saved head-object output does not verify with AWS key ${fingerprint}: the digest was changed after CloudTrail signed it, or that output belongs to another object`;
  }
  e.checkedAgainst = credible.find((c) => c.carrier)?.carrier?.selfKey ?? null;
  return `its signature, as the next digest records it, does not verify with AWS key ${fingerprint}: the digest was changed after CloudTrail signed it`;
}

function headObjectCommand(fields: Pick<DigestFields, 'digest_s3_bucket' | 'digest_s3_object'>): string {
  return `\`aws s3api head-object --bucket ${fields.digest_s3_bucket} --key ${fields.digest_s3_object}\``;
}

/** Why no copy of a digest's own signature is in the case, and what would supply one. */
function whyNoSignature(e: ReadableDigest, chain: ReadableDigest[]): string {
  const head = headObjectCommand(e.readable.fields);
  if (e.info?.backfill) {
    return `signature not checked: a backfill digest's own signature lives only in its S3 object metadata, and no digest repeats it; give the output of ${head}`;
  }
  let at = firstStartingFrom(chain, e.readable.endMs);
  while (chain[at]?.selfKey === e.selfKey) at++;
  const next = chain[at];
  if (!next) {
    return `signature not checked: this is the newest digest of its trail in the case, and its own signature lives only in its S3 object metadata; give the output of ${head}`;
  }
  if (next.previousKey === null) {
    return `signature not checked: the next digest in the case (${next.selfKey}) starts a new chain, so this was the last digest before logging or validation stopped, and its own signature lives only in its S3 object metadata; give the output of ${head}`;
  }
  if (next.readable.startMs === e.readable.endMs) {
    return `signature not checked: the next digest in the case (${next.selfKey}) names ${next.previousKey} as its previous digest, not this one, so no digest repeats this one's signature`;
  }
  return `signature not checked: the digest after it (ending about ${formatUtc(e.readable.endMs + (e.readable.endMs - e.readable.startMs))}), which would repeat its signature, is not in the case`;
}

/**
 * Where the first digest of a chain sorted by start starts at or after `ms`. A binary search:
 * a scan from the start for each digest took 37 s over 100,000 forged digests, none chained.
 */
function firstStartingFrom(chain: ReadableDigest[], ms: number): number {
  return firstIndex(chain.length, (i) => chain[i]!.readable.startMs >= ms);
}
