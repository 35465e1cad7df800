import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { QueryShelf } from '../../renderer/features/console/QueryShelf.tsx';
import type { Detection } from '../../shared/model/detection.ts';
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

async function shown() {
  const fake = fakeClient();
  const picked: [string, boolean][] = [];
  renderWithClient(fake.client, <QueryShelf refreshKey={0} onPick={(sql, runNow) => picked.push([sql, runNow])} />);
  await fake.named('query:list-hunts')[0]!.answer(RULES);
  await fake.named('query:list-saved')[0]!.answer([]);
  await fake.named('query:list-history')[0]!.answer([]);
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

  it("runs a rule's SQL when it is picked", async () => {
    const picked = await shown();
    fireEvent.click(within(items()[0]!).getByTitle('Run this hunt'));
    expect(picked).toEqual([[RULES[0]!.sql, true]]);
  });
});
