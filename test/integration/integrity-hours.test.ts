import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { StagedVerdicts, storeRun } from '../../electron/core/integrity/store-run.ts';
import { trailHours } from '../../electron/core/integrity/trail-hours.ts';
import {
  type IntegrityFileResult,
  type IntegrityResult,
  type IntegrityStatusCounts,
  integrityStatuses,
  MAX_STRIP_HOURS,
  type TrailIdentity,
} from '../../shared/model/integrity.ts';
import { removeFiles, rewritten, type SigningKey, spanningDigest } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { trailStory, verifyOnDisk, verifyWith } from '../helpers/verified-trail.ts';

/**
 * The hour strip of the Integrity view: a ten-hour signed trail starting at 00:01:31, two
 * log files an hour, from which log file L4 (hour 2) is changed and digest D5 deleted. D4's
 * signature was repeated only by D5, so D4 and the files it lists are unverifiable; the
 * files D5 listed are unlisted; hour 5 is a gap.
 */
const root = tempDir();
let cases = 0;
const caseDir = () => path.join(root, `case-${++cases}`);
const newDir = () => fs.mkdirSync(caseDir(), { recursive: true })!;

const TRAIL: TrailIdentity = {
  account: '111122223333',
  region: 'us-east-2',
  trail: 'management-events',
  home_region: 'us-east-2',
};

async function tamperedStory(given?: SigningKey[]) {
  const s = trailStory({ hours: 10 });
  s.trail.logFiles[4] = rewritten(s.log(4), s.log(4).content.toString().replace('198.51.100.7', '203.0.113.9'));
  removeFiles(s.trail, s.digest(5).key);
  return { s, ...(await verifyOnDisk(caseDir(), s.trail, given ? { given } : {})) };
}

describe('a trail’s hours', () => {
  it('show each hour’s worst verdict, the files placed on it and how many are not valid, with the gap as missing', async () => {
    const { store } = await tamperedStory();
    const hours = await trailHours(store, TRAIL);
    expect(hours).toMatchObject({
      span_from: '2026-03-01T00:00:00Z',
      span_hours: 10,
      from: '2026-03-01T00:00:00Z',
      first_hour: 0,
    });
    expect(hours.statuses).toBe('vvxvnmvvvv');
    expect(hours.files).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(hours.problems).toEqual([0, 0, 1, 0, 3, 3, 0, 0, 0, 0]);
    expect(hours.gaps).toEqual([[5, 6]]);
  });

  it('leave a hole a planted digest says it covers a gap, but for its last hour', async () => {
    const s = trailStory({ hours: 10 });
    const [before, last] = [s.digest(2), s.digest(5)];
    // Hours 3 to 5 gone, their log files too (two an hour: L6 to L11), and one digest planted in D5's place saying it covers them.
    removeFiles(s.trail, s.digest(3).key, s.digest(4).key, last.key, ...[6, 7, 8, 9, 10, 11].map((i) => s.log(i).key));
    s.trail.digests.push(spanningDigest(before, last));
    const { store } = await verifyOnDisk(caseDir(), s.trail);
    const hours = await trailHours(store, TRAIL);
    expect(hours.statuses).toBe('vvvmmxvvvv');
    expect(hours.gaps).toEqual([[3, 5]]);
  });

  it('are all unverifiable, but for the tampered file and the gap, when no key was given', async () => {
    const { store } = await tamperedStory([]);
    const hours = await trailHours(store, TRAIL);
    expect(hours.statuses).toBe('nnxnnmnnnn');
    expect(hours.problems).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
  });

  it('are read from the run asked for, not only the latest', async () => {
    const { s, store, outcome } = await tamperedStory([]);
    await verifyWith(store, s.trail.keys);
    expect((await trailHours(store, TRAIL)).statuses).toBe('vvxvnmvvvv');
    expect((await trailHours(store, { ...TRAIL, run_id: outcome.run.run_id })).statuses).toBe('nnxnnmnnnn');
  });

  it('tell two trails of one name apart by their home region', async () => {
    const { store } = await tamperedStory();
    await expect(trailHours(store, { ...TRAIL, home_region: 'eu-west-1' })).rejects.toThrow(
      /has no trail management-events of account 111122223333 in us-east-2 \(home region eu-west-1\)/,
    );
  });

  it('are refused, saying why, when the case was never verified', async () => {
    const store = await CaseStore.open(path.join(newDir(), 'empty.duckdb'), { create: true });
    try {
      await expect(trailHours(store, TRAIL)).rejects.toThrow('This case was never verified');
    } finally {
      store.close();
    }
  });
});

/** A stored run of one trail of `hours` valid hourly digests, no log file: what the window is cut from. */
async function longTrail(hours: number): Promise<CaseStore> {
  const store = await CaseStore.open(path.join(newDir(), 'long.duckdb'), { create: true });
  const startMs = Date.parse('2024-01-01T00:01:31Z');
  const at = (hour: number) => new Date(startMs + hour * 3_600_000).toISOString().replace('.000Z', 'Z');
  const files: IntegrityFileResult[] = Array.from({ length: hours }, (_, h) => ({
    kind: 'digest',
    s3_object: `AWSLogs/${TRAIL.account}/CloudTrail-Digest/${TRAIL.region}/x/${TRAIL.account}_CloudTrail-Digest_${TRAIL.region}_${TRAIL.trail}_${TRAIL.home_region}_${h}.json.gz`,
    path: null,
    source_id: null,
    status: h === hours - 1 ? 'invalid' : 'valid',
    reason: 'synthetic',
    account: TRAIL.account,
    region: TRAIL.region,
    trail: TRAIL.trail,
    time: at(h + 1),
    checked_against: null,
  }));
  const none = Object.fromEntries(integrityStatuses.map((s) => [s, 0])) as IntegrityStatusCounts;
  const result: Omit<IntegrityResult, 'files'> = {
    gaps: [],
    trails: [{ org_id: null, ...TRAIL, digests: hours, from: at(0), to: at(hours), gaps: 0, starts_chain: true }],
    summary: {
      digests: none,
      log_files: none,
      gaps: 0,
      gap_hours: 0,
      signatures: { verified: 0, failed: 0, not_checked: 0 },
      keys: [],
      rejected_keys: [],
      notes: [],
    },
  };
  const read = {
    keyInputs: [],
    counts: { digests: hours, listings: 0, log_files: 0, signatures: 0, keys: 0 },
    keys: [],
    notes: [],
    last_source_id: 0,
    sidecars: [],
  };
  await store.read(async ({ db }) => {
    const staged = await StagedVerdicts.open(db);
    staged.add(files);
    await store.writeAnalyst((on) => storeRun(on, staged, read, result), db);
  });
  return store;
}

describe('a trail longer than a year', () => {
  it('answers its latest year of hours, and says where they sit in the whole span', async () => {
    const store = await longTrail(MAX_STRIP_HOURS + 100);
    try {
      const hours = await trailHours(store, TRAIL);
      expect(hours).toMatchObject({ span_hours: MAX_STRIP_HOURS + 100, first_hour: 100, from: '2024-01-05T04:00:00Z' });
      expect(hours.statuses).toHaveLength(MAX_STRIP_HOURS);
      expect(hours.statuses.endsWith('vx')).toBe(true);
      expect(JSON.stringify(hours).length).toBeLessThan(60_000);
    } finally {
      store.close();
    }
  });

  it('answers the window asked for, moved back inside the span when it would run past its end', async () => {
    const store = await longTrail(MAX_STRIP_HOURS + 100);
    try {
      expect(await trailHours(store, { ...TRAIL, from: '2024-01-01T10:30:00Z' })).toMatchObject({
        first_hour: 10,
        from: '2024-01-01T10:00:00Z',
      });
      expect(await trailHours(store, { ...TRAIL, from: '2023-06-01T00:00:00Z' })).toMatchObject({ first_hour: 0 });
      expect(await trailHours(store, { ...TRAIL, from: '2030-01-01T00:00:00Z' })).toMatchObject({ first_hour: 100 });
    } finally {
      store.close();
    }
  });
});
