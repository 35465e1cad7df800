import { describe, expect, it } from 'vitest';
import { UncheckedReasons } from '../../electron/core/integrity/unchecked-reasons.ts';

/** Why signatures went unchecked, as a run counts it over millions of digests. */

const key = (trail: number, hour: number) =>
  `AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/111122223333_CloudTrail-Digest_us-east-1_t${trail}_us-east-1_20260101T${String(hour).padStart(2, '0')}0000Z.json.gz`;

describe('the reasons signatures went unchecked', () => {
  it('count one kind whatever keys and times each digest names, keeping fingerprints apart', () => {
    const unchecked = new UncheckedReasons();
    // An organization's trails with no head-object output: each names the digest after it, each another.
    for (let trail = 0; trail < 340; trail++) {
      for (let hour = 0; hour < 23; hour++)
        unchecked.add(
          `signature not checked: the next digest in the case (${key(trail, hour + 1)}) starts a new chain, so this was the last digest before logging or validation stopped; give the output of aws s3api head-object`,
        );
      unchecked.add(
        `signature not checked: the digest after it (ending about 2026-01-01T${String(trail % 24).padStart(2, '0')}:00:00Z), which would repeat its signature, is not in the case`,
      );
    }
    for (const fingerprint of ['a'.repeat(32), 'a'.repeat(32), 'b'.repeat(32)])
      unchecked.add(
        `signature not checked: no key with fingerprint ${fingerprint} among the 1 public key(s) given; add more`,
      );
    expect(unchecked.summary()).toEqual({
      reasons: [
        {
          reason:
            'the next digest in the case (…) starts a new chain, so this was the last digest before logging or validation stopped',
          digests: 340 * 23,
        },
        {
          reason: 'the digest after it (ending about …), which would repeat its signature, is not in the case',
          digests: 340,
        },
        { reason: `no key with fingerprint ${'a'.repeat(32)} among the 1 public key(s) given`, digests: 2 },
        { reason: `no key with fingerprint ${'b'.repeat(32)} among the 1 public key(s) given`, digests: 1 },
      ],
      other_digests: 0,
    });
  });

  it('counts a reason whose clause comes after another, and nothing for a reason without one', () => {
    const unchecked = new UncheckedReasons();
    unchecked.add(
      `it records X for its previous digest ${key(1, 1)}; signature not checked: the content could not be hashed`,
    );
    unchecked.add('signature failed: the signature does not verify');
    expect(unchecked.summary()).toEqual({
      reasons: [{ reason: 'the content could not be hashed', digests: 1 }],
      other_digests: 0,
    });
  });

  it('keeps 1,000 kinds and 20 in the run; forged reasons past them are counted among the others', () => {
    const unchecked = new UncheckedReasons();
    for (let i = 0; i < 5000; i++) unchecked.add(`signature not checked: its algorithm is forged-${i}`);
    const { reasons, other_digests } = unchecked.summary();
    expect(reasons).toHaveLength(20);
    expect(reasons.reduce((sum, r) => sum + r.digests, other_digests)).toBe(5000);
  });
});
