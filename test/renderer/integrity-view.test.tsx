import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { IntegrityView } from '../../renderer/features/integrity/IntegrityView.tsx';
import { type IntegrityRun, type IntegrityStatusCounts, integrityStatuses } from '../../shared/model/integrity.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const none = Object.fromEntries(integrityStatuses.map((s) => [s, 0])) as IntegrityStatusCounts;
const RUN: IntegrityRun = {
  run_id: 4,
  ran_at: '2026-11-03T09:00:00Z',
  trailscope_version: '0.1.0',
  inputs: { digests: 0, listings: 0, log_files: 2, signatures: 0, keys: 0 },
  keys: [],
  summary: {
    digests: none,
    log_files: { ...none, unlisted: 2 },
    gaps: 0,
    gap_hours: 0,
    signatures: { verified: 0, failed: 0, not_checked: 0 },
    keys: [],
    rejected_keys: [],
    notes: ['No digest is in the case.'],
  },
  trails: [],
  trails_total: 0,
  gaps: [],
  sources_since: 3,
};

async function shown(run: IntegrityRun | null) {
  const fake = fakeClient();
  renderWithClient(fake.client, <IntegrityView lake={null} onShowEvents={() => undefined} />);
  await fake.named('integrity:get-run')[0]!.answer(run);
  await fake.named('integrity:list-keys')[0]!.answer([]);
  return fake;
}

describe('the Integrity view', () => {
  it('says plainly that a case was never verified, offers to verify it, and to import keys', async () => {
    await shown(null);
    expect(screen.getByTestId('never-verified').textContent).toBe(
      'This case was never verified: no digest or log file has been checked yet.',
    );
    expect(screen.getByRole('button', { name: 'Verify' })).toBeTruthy();
    expect(
      screen.getByText(
        /without keys, hashes and the chain are still checked, and signatures are reported as unverifiable, with the reason/i,
      ),
    ).toBeTruthy();
    expect(screen.getByTestId('no-keys').textContent).toBe('The case holds no public key.');
  });

  it('asks for a new verification when sources were ingested after the latest run', async () => {
    await shown(RUN);
    expect(screen.getByTestId('sources-since').textContent).toBe(
      'Sources ingested since this run: 3. They are not covered by it: verify again.',
    );
    expect(screen.getByRole('button', { name: 'Verify again' })).toBeTruthy();
    expect(screen.getByText(/No digest of any trail is in the case/)).toBeTruthy();
    expect(screen.getByText('No digest is in the case.')).toBeTruthy();
  });

  it('forgets a key the analyst gave, and lists the keys left', async () => {
    const fake = fakeClient();
    renderWithClient(fake.client, <IntegrityView lake={null} onShowEvents={() => undefined} />);
    await fake.named('integrity:get-run')[0]!.answer(RUN);
    const key = {
      fingerprint: 'a'.repeat(32),
      valid_from: null,
      valid_to: null,
      origin: 'wrong.json',
      imported_at: '2026-11-03T08:00:00Z',
    };
    await fake.named('integrity:list-keys')[0]!.answer([key]);

    act(() => screen.getByRole('button', { name: `Forget key ${key.fingerprint}` }).click());

    const forget = fake.named('integrity:forget-key');
    expect(forget.map((r) => r.params)).toEqual([{ fingerprint: key.fingerprint }]);
    await forget[0]!.answer([]);
    await fake.named('integrity:list-keys')[1]!.answer([]);
    expect(screen.getByTestId('no-keys').textContent).toBe('The case holds no public key.');
  });
});

describe('a verification running', () => {
  it('says what it does, and how many files it has judged of how many, digests first', async () => {
    const fake = await shown(null);
    await act(async () => screen.getByRole('button', { name: 'Verify' }).click());
    await fake.named('integrity:verify')[0]!.answer({ jobId: 'v1' });
    const progress = (step: 'reading' | 'validating' | 'storing', judged: number, logFiles = 100_000) =>
      fake.emit({
        name: 'job:progress',
        payload: {
          jobId: 'v1',
          kind: 'verify',
          progress: { kind: 'verify', step, digests: 8760, logFiles, judged, elapsedSeconds: 12.4 },
        },
      });
    await progress('validating', 5_000, 0);
    expect(screen.getByTestId('verify-progress').textContent).toBe(
      'Checking hashes, signatures and the chain (8,760 digests, 0 log files: 5,000 judged)… 12 s',
    );
    await progress('validating', 40_000);
    expect(screen.getByTestId('verify-progress').textContent).toBe(
      'Checking hashes, signatures and the chain (8,760 digests, 100,000 log files: 40,000 judged)… 12 s',
    );
    await progress('storing', 100_000);
    expect(screen.getByTestId('verify-progress').textContent).toBe(
      'Storing the run (8,760 digests, 100,000 log files)… 12 s',
    );
  });
});
