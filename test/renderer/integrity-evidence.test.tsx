import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FindingCard } from '../../renderer/features/report/FindingCard.tsx';
import type { Finding, IntegrityEvidence } from '../../shared/model/finding.ts';
import type { IntegrityFileResult } from '../../shared/model/integrity.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const HOSTILE_KEY = 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/<img src=x onerror=alert(1)>|x.json.gz';

const file = (i: number, change: Partial<IntegrityFileResult> = {}): IntegrityFileResult => ({
  kind: 'log',
  s3_object: `AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/file-${i}.json.gz`,
  path: `/evidence/file-${i}.json.gz`,
  source_id: i,
  status: 'unlisted',
  reason: 'listed in no digest in the case',
  account: '111122223333',
  region: 'us-east-2',
  trail: null,
  time: '2026-03-01T04:21:00Z',
  checked_against: null,
  ...change,
});

function integrityFinding(files: IntegrityFileResult[]): Finding {
  const evidence: IntegrityEvidence = {
    kind: 'integrity',
    run_id: 3,
    files: files.map((f) => ({ kind: f.kind, s3_object: f.s3_object })),
    gaps: [
      {
        account: '111122223333',
        region: 'us-east-2',
        trail: 'management-events',
        home_region: 'us-east-2',
        from: '2026-03-01T02:01:31Z',
      },
    ],
    run: {
      run_id: 3,
      ran_at: '2026-03-02T09:00:00Z',
      trailscope_version: '0.1.0',
      key_fingerprints: ['67b9fa73676d86966b449dd677850753'],
    },
    file_verdicts: files,
    gap_spans: [
      {
        account: '111122223333',
        region: 'us-east-2',
        trail: 'management-events',
        home_region: 'us-east-2',
        from: '2026-03-01T02:01:31Z',
        to: '2026-03-01T03:01:31Z',
        reason: 'no digest in the case covers this time\u202e',
      },
    ],
  };
  return {
    finding_id: 1,
    title: 'Renamed log file',
    severity: 'high',
    narrative: null,
    attack_technique: null,
    evidence,
    position: 1,
    created_at: '2026-03-02T09:05:00Z',
    updated_at: '2026-03-02T09:05:00Z',
  };
}

const show = (finding: Finding) =>
  renderWithClient(fakeClient().client, <FindingCard finding={finding} count={1} onChanged={() => undefined} />);

describe('an integrity finding in the report builder', () => {
  it('shows its run, each file with status, key and reason, and each gap, hostile keys as text', () => {
    const { container } = show(
      integrityFinding([file(1, { status: 'invalid', s3_object: HOSTILE_KEY, reason: 'changed\nafter | delivery' })]),
    );
    expect(screen.getByText('integrity verdicts')).toBeTruthy();
    expect(
      screen.getByText(/Verification run 3, 2026-03-02T09:00:00Z UTC, Trailscope 0\.1\.0, 1 public key/),
    ).toBeTruthy();
    const files = within(screen.getByRole('table', { name: 'Files' })).getAllByRole('row');
    expect(files.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))).toEqual([
      [],
      ['invalid', HOSTILE_KEY, 'changed\nafter | delivery'],
    ]);
    const gaps = within(screen.getByRole('table', { name: 'Gaps' })).getAllByRole('row');
    expect([...gaps[1]!.querySelectorAll('td')].map((cell) => cell.textContent)).toEqual([
      'management-events',
      '2026-03-01T02:01:31Z',
      '2026-03-01T03:01:31Z',
      'no digest in the case covers this time\\u202e',
    ]);
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows the first files of many, and says the report has them all', () => {
    show(integrityFinding(Array.from({ length: 12 }, (_, i) => file(i))));
    expect(screen.getByText('12 file verdicts; the report shows all, here the first 8')).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Files' })).getAllByRole('row')).toHaveLength(9);
  });
});
