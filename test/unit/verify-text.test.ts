import { describe, expect, it } from 'vitest';
import { verifyText } from '../../electron/cli/verify-text.ts';
import { UncheckedReasons } from '../../electron/core/integrity/unchecked-reasons.ts';
import type { IntegrityRun, IntegrityStatusCounts } from '../../shared/model/integrity.ts';
import { forgedTrail } from '../helpers/forged-trails.ts';

/** `verify`'s text lists trails one line each: forged digests may name 200,000 of them. */

const none: IntegrityStatusCounts = { valid: 0, invalid: 0, missing: 0, unlisted: 0, unverifiable: 0 };

function text(carried: number, total: number, unchecked = new UncheckedReasons()): string {
  const run: IntegrityRun = {
    run_id: 1,
    ran_at: '2026-12-05T00:00:00Z',
    trailscope_version: 'test',
    inputs: { digests: total, listings: 0, log_files: 0, signatures: 0, keys: 0 },
    keys: [],
    summary: {
      digests: { ...none, unverifiable: total },
      log_files: none,
      gaps: 0,
      gap_hours: 0,
      signatures: { verified: 0, failed: 0, not_checked: total },
      keys: [],
      rejected_keys: [],
      notes: [],
      unchecked: unchecked.summary(),
    },
    trails: Array.from({ length: carried }, (_, i) => forgedTrail(i)),
    trails_total: total,
    gaps: [],
    sources_since: 0,
  };
  const events = { verified: 0, 'invalid-only': 0, unverified: 0 };
  return verifyText({
    casePath: 'case.duckdb',
    run,
    keysImported: null,
    events,
    allValid: false,
    worst: [],
    gaps: [],
    rest: [],
    problems: 0,
  });
}

describe('verify as text', () => {
  it('lists the first 100 trails of 200,000, counts them all, and says where the rest are', () => {
    const out = text(10_000, 200_000);
    expect(out).toContain('(200,000 trails)');
    expect(out.match(/forged-\d+ \(account/g)).toHaveLength(100);
    expect(out).toContain('and 199,900 more trails: --json lists them all');
  });

  it('lists every trail of a run that has 100 or fewer, with no such line', () => {
    const out = text(100, 100);
    expect(out.match(/forged-\d+ \(account/g)).toHaveLength(100);
    expect(out).not.toContain('more trail');
  });

  it('gives why signatures went unchecked as the run counted them: 1,000 kinds, the rest among the others', () => {
    const unchecked = new UncheckedReasons();
    for (let i = 0; i < 3; i++) unchecked.add('signature not checked: no public keys were given; add the output');
    for (let i = 0; i < 2000; i++) unchecked.add(`signature not checked: forged reason ${i}`);
    unchecked.add('signature failed: not one of ours');
    unchecked.add('it records X for its previous digest; signature not checked: forged reason 0');
    const out = text(1, 1, unchecked);
    expect(out).toMatch(/^ +3 digests: no public keys were given$/m);
    expect(out).toMatch(/^ +2 digests: forged reason 0$/m);
    // 2,004 not checked: 8 in the five reasons shown, 995 in the other kinds counted, 1,001 past them.
    expect(out.match(/^ +1 digest: forged reason \d+$/gm)).toHaveLength(3);
    expect(out).toMatch(/^ +1,996 digests for other reasons \(see each digest's reason\)$/m);
    // The run keeps 20 kinds: 2,004 - 3 - 2 - 18.
    const kept = unchecked.summary();
    expect(kept.other_digests).toBe(1981);
    expect(kept.reasons).toHaveLength(20);
  });
});
