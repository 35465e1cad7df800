import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DetectionsView } from '../../renderer/features/detections/DetectionsView.tsx';
import { type DetectionsPlace, firstPlace } from '../../renderer/features/detections/detections-place.ts';
import type { DetectionOverview, SigmaImportResult } from '../../shared/model/detection.ts';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { HIT, OVERVIEW, RULES } from './detections-fixtures.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

/** The view as the app holds it: its place kept outside, its pivots reported. */
function Host({ onShowEvents }: { onShowEvents: (filter: ExploreFilter) => void }) {
  const [place, setPlace] = useState<DetectionsPlace>(firstPlace);
  return <DetectionsView place={place} onPlace={setPlace} onShowEvents={onShowEvents} />;
}

async function shown(overview: DetectionOverview) {
  const fake = fakeClient();
  const onShowEvents = vi.fn();
  renderWithClient(fake.client, <Host onShowEvents={onShowEvents} />);
  await fake.named('detect:overview')[0]!.answer(overview);
  return { ...fake, onShowEvents };
}

const ruleRows = () => screen.queryAllByTestId('rule-row').map((row) => row.getAttribute('data-rule'));

describe('the Detections view', () => {
  it('says when detections never ran on the case, and runs them', async () => {
    const fake = await shown({ run: null, rules: RULES.map((r) => ({ ...r, result: null })), events_now: 413 });
    expect(screen.getByTestId('never-run').textContent).toBe('Detections have not run on this case yet.');
    expect(screen.queryByTestId('detections-summary')).toBeNull();
    expect(screen.queryByTestId('attack-matrix')).toBeNull();
    // With no hits anywhere, every rule is listed, each not run.
    expect(ruleRows()).toHaveLength(RULES.length);
    expect(screen.getAllByTestId('rule-hits').map((c) => c.textContent)).toEqual(RULES.map(() => 'not run'));

    act(() => screen.getByRole('button', { name: 'Run all detections' }).click());
    const runs = fake.named('detect:run');
    expect(runs.map((r) => r.params)).toEqual([{}]);
    await runs[0]!.answer({ jobId: 'd1' });
    await fake.emit({
      name: 'job:progress',
      payload: {
        jobId: 'd1',
        kind: 'detect',
        progress: { kind: 'detect', done: 11, total: 130, rule: 'root-login', hits: 4 },
      },
    });
    expect(screen.getByTestId('detect-progress').textContent).toBe('Rule 12 of 130 (root-login), 4 hits so far…');
    act(() => screen.getByRole('button', { name: 'Cancel' }).click());
    expect(fake.named('job:cancel').map((r) => r.params)).toEqual([{ jobId: 'd1' }]);
  });

  it('says how many events were ingested since the latest run, which its results do not cover', async () => {
    await shown({ ...OVERVIEW, events_now: 1_414 });
    expect(screen.getByTestId('uncovered-events').textContent).toBe(
      'The case holds 1,414 events now: 1,001 events ingested since this run are in none of its results. Run all detections to cover them.',
    );
  });

  it('shows the latest run, hits by severity and the ATT&CK matrix', async () => {
    await shown(OVERVIEW);
    expect(screen.getByTestId('latest-run').textContent).toBe(
      'Latest run 3: 2026-11-03 09:00:02 UTC, after an ingest, 5 of the 6 rules (the others show their earlier results) over 413 events in the case (the rules took 60 ms), by Trailscope 0.1.0.',
    );
    // The run covered every event the case holds.
    expect(screen.queryByTestId('uncovered-events')).toBeNull();
    const count = (severity: string) => screen.getByTestId(`severity-${severity}`).textContent;
    expect(count('critical')).toBe('critical 1 hit, 1 rule');
    expect(count('high')).toBe('high 2 hits, 1 rule');
    expect(count('medium')).toBe('medium 0 hits, 0 rules');
    expect(count('low')).toBe('low 5 hits, 1 rule');
    expect(screen.getByTestId('detections-totals').textContent).toBe(
      '8 hits from 3 of 6 rules; 1 rule failed; 1 rule not run yet.',
    );

    const matrix = screen.getByTestId('attack-matrix');
    const tactics = within(matrix)
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(tactics[0]).toBe('Initial Access');
    expect(tactics.at(-1)).toBe('Unmapped');
    const evasion = within(matrix).getByRole('group', { name: 'Defense Evasion' });
    const cell = within(evasion).getByRole('button', { name: /^T1562\.008/ });
    expect(cell.getAttribute('aria-label')).toBe(
      'T1562.008 Impair Defenses: Disable or Modify Cloud Logs: 2 hits, 1 rule',
    );
    expect(cell.className).toContain('heat-2');
    // A technique of four tactics is in each of them.
    expect(within(matrix).getAllByRole('button', { name: /^T1078\.004/ })).toHaveLength(4);
    const unmapped = within(matrix).getByRole('group', { name: 'Unmapped' });
    expect(within(unmapped).getByRole('button').getAttribute('aria-label')).toBe(
      'T9999 not in the catalogue: 0 hits, 1 rule',
    );
    expect(within(matrix).getAllByRole('button', { name: /^T1530/ })[0]!.className).toContain('heat-0');
  });

  it('lists rules with hits first by severity, and narrows them by severity, technique and text', async () => {
    await shown(OVERVIEW);
    // With hits only is on, since some rules have hits; most severe first.
    expect(ruleRows()).toEqual(['root-login', 'cloudtrail-logging-changed', 'bucket-listing']);

    act(() => screen.getByTestId('severity-high').click());
    expect(ruleRows()).toEqual(['cloudtrail-logging-changed']);
    expect(screen.getByTestId('severity-high').getAttribute('aria-pressed')).toBe('true');
    act(() => screen.getByTestId('severity-high').click());
    expect(ruleRows()).toHaveLength(3);

    // A technique without hits shows the rules that name it, hits or not; a failed one says why.
    act(() => screen.getAllByRole('button', { name: /^T1530/ })[0]!.click());
    expect(ruleRows()).toEqual(['broken-rule', 'quiet-rule']);
    expect(screen.getAllByTestId('rule-hits').map((c) => c.textContent)).toEqual([
      'failed: Binder Error: no column x',
      '0',
    ]);
    expect(screen.getByTestId('technique-chip').textContent).toContain('T1530 Data from Cloud Storage');
    act(() => screen.getByRole('button', { name: 'Remove filter: technique T1530' }).click());

    fireEvent.change(screen.getByLabelText('Find rules by id, title or technique'), {
      target: { value: 'cloud logs' },
    });
    expect(ruleRows()).toEqual(['cloudtrail-logging-changed']);
    fireEvent.change(screen.getByLabelText('Find rules by id, title or technique'), { target: { value: '' } });
    // The technique without hits turned "with hits only" off, and it stays off until the analyst says.
    expect(screen.getByRole('checkbox', { name: 'With hits only' })).toHaveProperty('checked', false);
    fireEvent.change(screen.getByLabelText('Family'), { target: { value: 'Your rules' } });
    expect(ruleRows()).toEqual(['sigma-odd-technique']);
    act(() => screen.getByRole('checkbox', { name: 'With hits only' }).click());
    expect(ruleRows()).toEqual([]);
  });

  it('pivots from a hit, and from every hit of a rule, to the explorer with the detection filter', async () => {
    const fake = await shown(OVERVIEW);
    act(() => screen.getByRole('button', { name: 'CloudTrail logging stopped or changed' }).click());
    const detail = screen.getByTestId('rule-detail');
    expect(within(detail).getByText('Impair Defenses: Disable or Modify Cloud Logs')).toBeTruthy();
    expect(within(detail).getByText('(Defense Evasion)')).toBeTruthy();
    expect(within(detail).getByTestId('rule-sql').textContent).toBe('SELECT event_time, event_key FROM events');
    const asked = fake.named('detect:list-hits');
    expect(asked.map((r) => r.params)).toEqual([{ rule_id: 'cloudtrail-logging-changed', offset: 0, limit: 100 }]);
    await asked[0]!.answer({ hits: [HIT], total: 2 });
    expect(screen.getByTestId('hits-shown').textContent).toBe('Hits 1–1 of 2');

    // A long ARN is cut in its middle: its end stays in sight, the whole of it in the tooltip.
    const arn = within(detail).getByTitle(HIT.context.identity_arn as string);
    expect(arn.textContent).toMatch(/^arn:aws:sts::111122223333:assumed-role\/x+….*\/the-end-matters$/);
    expect(arn.textContent!.length).toBe(160);

    act(() => within(screen.getByTestId('hit')).getByRole('button', { name: 'Show events' }).click());
    expect(fake.onShowEvents).toHaveBeenLastCalledWith({
      detection: { rule_id: 'cloudtrail-logging-changed', hit: 1 },
    });
    act(() => screen.getByRole('button', { name: 'Show all events of this rule' }).click());
    expect(fake.onShowEvents).toHaveBeenLastCalledWith({ detection: { rule_id: 'cloudtrail-logging-changed' } });
  });

  it('opens the finding form of a hit drafted from its rule, and saves it with the hit’s events', async () => {
    const fake = await shown(OVERVIEW);
    act(() => screen.getByRole('button', { name: 'CloudTrail logging stopped or changed' }).click());
    const many = { ...HIT, hit: 2, event_count: 4312, event_keys: ['ev-2@1', 'ev-3@1'] };
    await fake.named('detect:list-hits')[0]!.answer({ hits: [HIT, many], total: 2 });

    const second = screen.getAllByTestId('hit')[1]!;
    act(() => within(second).getByRole('button', { name: 'Add as finding' }).click());
    const form = screen.getByRole('form', { name: 'New finding' });
    expect((within(form).getByLabelText('Title') as HTMLInputElement).value).toBe(
      'CloudTrail logging stopped or changed',
    );
    expect((within(form).getByLabelText('Severity') as HTMLSelectElement).value).toBe('high');
    expect((within(form).getByLabelText('ATT&CK technique') as HTMLInputElement).value).toBe('T1562.008');
    const narrative = (within(form).getByLabelText('Narrative') as HTMLTextAreaElement).value;
    const [description, line] = narrative.split('\n\n');
    expect(description).toBe('Trails stopped, deleted or reconfigured.');
    expect(line).toMatch(
      /^Hit 2 of cloudtrail-logging-changed, 2026-11-02T02:14:09Z: event_name StopLogging; identity_arn arn:aws:sts::111122223333:assumed-role\/x+…x+\/the-end-matters\. It rests on 4,312 events; the first 2 are attached\.$/,
    );

    act(() => within(form).getByRole('button', { name: 'Save finding' }).click());
    const added = fake.named('finding:add');
    expect(added[0]!.params).toMatchObject({
      title: 'CloudTrail logging stopped or changed',
      severity: 'high',
      attack_technique: 'T1562.008',
      evidence: { kind: 'events', event_keys: ['ev-2@1', 'ev-3@1'] },
    });
  });

  it('imports Sigma files read in the page, lists what was refused and why, and runs what was imported', async () => {
    const fake = await shown(OVERVIEW);
    const input = screen.getByTestId('sigma-files') as HTMLInputElement;
    const files = [
      new File(['title: Stop\nlogsource: {product: aws}\n'], 'stop.yml'),
      new File(['not: [sigma'], 'broken.yaml'),
    ];
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    await act(async () => {
      fireEvent.change(input);
    });
    await vi.waitFor(() => expect(fake.named('detect:import-sigma')).toHaveLength(1));
    const request = fake.named('detect:import-sigma')[0]!;
    expect(request.params).toEqual({
      files: [
        { name: 'stop.yml', text: 'title: Stop\nlogsource: {product: aws}\n' },
        { name: 'broken.yaml', text: 'not: [sigma' },
      ],
    });
    const results: SigmaImportResult[] = [
      { ok: true, source_name: 'stop.yml', rule_id: 'sigma-stop', title: 'Stop', replaced: false },
      { ok: false, source_name: 'broken.yaml', title: null, reason: 'the YAML does not parse: unexpected end.' },
    ];
    await request.answer(results);
    const panel = screen.getByTestId('sigma-results');
    expect(
      within(panel)
        .getAllByTestId('sigma-result')
        .map((li) => li.textContent),
    ).toEqual([
      'imported stop.yml · Stop as sigma-stop',
      'refused broken.yaml: the YAML does not parse: unexpected end.',
    ]);
    expect(fake.named('detect:run').map((r) => r.params)).toEqual([{ rules: ['sigma-stop'] }]);
    // The new rule is listed at once, before it has run.
    expect(fake.named('detect:overview')).toHaveLength(2);
  });

  it('reads the results again when any detection run ends, such as the one behind an ingest', async () => {
    const fake = await shown(OVERVIEW);
    await fake.emit({
      name: 'job:progress',
      payload: {
        jobId: 'after-ingest',
        kind: 'detect',
        progress: { kind: 'queued', behind: 'i1', behindLabel: 'ingest of /cases/demo', position: 1 },
      },
    });
    expect(screen.getByTestId('detect-progress').textContent).toBe(
      'Waiting behind the ingest of /cases/demo: detections read the case once that is written.',
    );
    expect(screen.getByRole('button', { name: 'Run all detections' })).toHaveProperty('disabled', true);
    await fake.emit({
      name: 'job:finished',
      payload: {
        jobId: 'after-ingest',
        kind: 'detect',
        outcome: { ok: true, value: { run: { ...OVERVIEW.run!, run_id: 4 }, hits: 9, failed: [] } },
      },
    });
    expect(fake.named('detect:overview')).toHaveLength(2);
    expect(screen.queryByTestId('detect-progress')).toBeNull();
  });

  it('removes one of the case’s own rules only once the analyst confirms', async () => {
    const fake = await shown(OVERVIEW);
    act(() => screen.getByRole('checkbox', { name: 'With hits only' }).click());
    act(() => screen.getByRole('button', { name: 'Odd technique' }).click());
    expect(screen.getByTestId('rule-origin').textContent).toContain('Sigma rule imported into this case from odd.yml');
    act(() => screen.getByRole('button', { name: 'Remove this rule…' }).click());
    expect(fake.named('detect:remove-rule')).toHaveLength(0);
    act(() => screen.getByRole('button', { name: 'Remove' }).click());
    const removal = fake.named('detect:remove-rule');
    expect(removal.map((r) => r.params)).toEqual([{ rule_id: 'sigma-odd-technique' }]);
    await removal[0]!.answer({ ...OVERVIEW, rules: RULES.slice(0, -1) });
    expect(screen.queryByTestId('rule-detail')).toBeNull();
    expect(fake.named('detect:overview')).toHaveLength(2);
  });
});
