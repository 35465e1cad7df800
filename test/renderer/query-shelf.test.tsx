import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryShelf } from '../../renderer/features/console/QueryShelf.tsx';
import type { QueryOrigin } from '../../renderer/features/console/query-runner.ts';
import type { Detection, DetectionResult } from '../../shared/model/detection.ts';
import type { QueryHistoryEntry } from '../../shared/model/query.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const rule = (id: string, title: string, severity: Detection['severity'], attack: string[]): Detection => ({
  id,
  title,
  description: `${title}, as the pack describes it.`,
  severity,
  attack,
  false_positives: 'Administrators.',
  family: 'Test',
  sql: `SELECT event_time, event_key FROM events -- ${id}`,
  origin: 'pack',
});

const RULES = [
  rule('cloudtrail-logging-changed', 'CloudTrail logging stopped or changed', 'high', ['T1562.008']),
  rule('console-login-failures', 'Failed console sign-ins', 'low', ['T1110', 'T1110.001']),
];

const result = (hit_total: number, error: string | null = null): DetectionResult => ({
  run_id: 1,
  hit_total,
  error,
  duration_ms: 5,
});

async function shown(
  history: QueryHistoryEntry[] = [],
  results: Record<string, DetectionResult | null> = {},
): Promise<[string, boolean, QueryOrigin | null][]> {
  const fake = fakeClient();
  const picked: [string, boolean, QueryOrigin | null][] = [];
  renderWithClient(
    fake.client,
    <QueryShelf refreshKey={0} onPick={(sql, runNow, origin) => picked.push([sql, runNow, origin])} />,
  );
  await fake.named('query:list-hunts')[0]!.answer(RULES);
  await fake.named('query:list-saved')[0]!.answer([]);
  await fake.named('query:list-history')[0]!.answer(history);
  await fake.named('detect:overview')[0]!.answer({
    run: null,
    rules: RULES.map((detection) => ({ detection, result: results[detection.id] ?? null, source_name: null })),
  });
  return picked;
}

const items = () => screen.getAllByRole('listitem');
const titles = () => items().map((li) => li.querySelector('.shelf-title')?.textContent);
const filter = (text: string) =>
  act(async () => {
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter queries' }), { target: { value: text } });
  });

describe('the Hunts shelf', () => {
  it("shows each rule's severity and its first ATT&CK technique, named in a tooltip", async () => {
    await shown();
    const [logging, failures] = items();
    expect(within(logging!).getByText('high').className).toBe('severity-badge high');
    expect(within(logging!).getByText('T1562.008').getAttribute('title')).toBe(
      'Impair Defenses: Disable or Modify Cloud Logs',
    );
    expect(within(failures!).getByText('low')).toBeTruthy();
    expect(within(failures!).getByText('T1110').getAttribute('title')).toBe('Brute Force');
    expect(within(failures!).queryByText('T1110.001')).toBeNull();
  });

  it('finds a rule by its id, by a technique id past the first, and by a technique name', async () => {
    await shown();
    await filter('console-login');
    expect(titles()).toEqual(['Failed console sign-ins']);
    await filter('t1110.001');
    expect(titles()).toEqual(['Failed console sign-ins']);
    await filter('modify cloud logs');
    expect(titles()).toEqual(['CloudTrail logging stopped or changed']);
    await filter('');
    expect(titles()).toHaveLength(2);
  });

  it("runs a rule's SQL when it is picked, named by the rule", async () => {
    const picked = await shown();
    fireEvent.click(within(items()[0]!).getByTitle('Run this hunt'));
    expect(picked).toEqual([
      [
        RULES[0]!.sql,
        true,
        {
          sql: RULES[0]!.sql,
          title: 'CloudTrail logging stopped or changed',
          severity: 'high',
          attack: ['T1562.008'],
          description: 'CloudTrail logging stopped or changed, as the pack describes it.',
        },
      ],
    ]);
  });

  it("shows each rule's hits in the case, as the detections after the last ingest counted them", async () => {
    await shown([], { 'cloudtrail-logging-changed': result(1), 'console-login-failures': result(0) });
    expect(within(items()[0]!).getByText('1 hit')).toBeTruthy();
    expect(within(items()[1]!).getByText('no hits')).toBeTruthy();
  });

  it('says when a rule never ran on the case, or failed', async () => {
    await shown([], { 'console-login-failures': result(0, 'Binder Error: no column x') });
    expect(within(items()[0]!).getByText('not run')).toBeTruthy();
    expect(within(items()[1]!).getByText('failed').getAttribute('title')).toBe('Binder Error: no column x');
  });
});

describe('the History shelf', () => {
  const entry = (history_id: number, sql: string, row_count: number | null): QueryHistoryEntry => ({
    history_id,
    sql,
    ran_at: '2024-05-01T10:00:00Z',
    duration_ms: 12,
    row_count,
    error: null,
  });

  it('shows where a long statement is cut, and the whole of it on hover', async () => {
    const long = [
      'WITH uses AS (',
      '  SELECT access_key_id, count(*) AS n',
      '  FROM events',
      '  GROUP BY ALL',
      ')',
      'SELECT * FROM uses',
    ].join('\n');
    await shown([entry(2, long, 1), entry(1, 'SELECT 42', 3)]);
    fireEvent.click(screen.getByRole('tab', { name: /^History/ }));
    const [cut, whole] = items();
    expect(cut!.querySelector('.shelf-sql')!.textContent).toBe(
      'WITH uses AS (\n  SELECT access_key_id, count(*) AS n\n  FROM events\n  GROUP BY ALL…',
    );
    expect(within(cut!).getByRole('button').getAttribute('title')).toBe(`Open in editor:\n${long}`);
    expect(whole!.querySelector('.shelf-sql')!.textContent).toBe('SELECT 42');
    expect(cut!.textContent).toContain('1 row,');
    expect(whole!.textContent).toContain('3 rows,');
  });
});
