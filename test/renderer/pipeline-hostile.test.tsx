import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { diffDeclarations } from '../../electron/core/pipelines/diff.ts';
import { type Navigation, NavigationContext } from '../../renderer/app/navigation.tsx';
import { JsonSideBySide } from '../../renderer/features/pipelines/JsonSideBySide.tsx';
import { PipelineDetail } from '../../renderer/features/pipelines/PipelineDetail.tsx';
import { PipelineGraph } from '../../renderer/features/pipelines/PipelineGraph.tsx';
import { PipelineList } from '../../renderer/features/pipelines/PipelineList.tsx';
import { Timeline } from '../../renderer/features/pipelines/Timeline.tsx';
import { VersionTools } from '../../renderer/features/pipelines/VersionTools.tsx';
import type {
  JsonObject,
  PipelineChange,
  PipelineGap,
  PipelineHistory,
  PipelineLineage,
  PipelineSummary,
  PipelineVersion,
} from '../../shared/model/pipeline.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

/**
 * The pipeline view draws what forged CloudTrail records say: a history of tens of thousands
 * of versions with a missing range between every two, declarations of thousands of stages,
 * names of any length or given twice, declarations with nothing in common. The sizes here are
 * ones that once took the view seconds to minutes; each test states what is drawn.
 */
afterEach(cleanup);

const navigation: Navigation = { explore: () => undefined, query: () => undefined };

function shown(ui: ReactNode) {
  const fake = fakeClient();
  renderWithClient(fake.client, <NavigationContext.Provider value={navigation}>{ui}</NavigationContext.Provider>);
  return fake;
}

const START = Date.UTC(2026, 10, 1);

function version(minute: number, number: number, declaration: JsonObject | null = null): PipelineVersion {
  return {
    identity_type: 'IAMUser',
    actor_arn: 'arn:aws:iam::111122223333:user/mallory',
    user_name: 'mallory',
    access_key_id: 'AKIAEXAMPLEKEY',
    session_issuer_arn: null,
    mfa: false,
    source_ip: '203.0.113.9',
    user_agent: 'aws-cli/2.15',
    event_name: 'UpdatePipeline',
    event_id: `event-${minute}`,
    event_key: `key-${minute}`,
    request_id: null,
    event_time: new Date(START + minute * 60_000).toISOString(),
    version: number,
    version_derived: false,
    declaration,
    declaration_from: declaration ? 'requestParameters' : null,
    declaration_status: declaration ? 'complete' : 'missing',
    declaration_note: declaration ? null : 'neither request nor response carries a declaration',
  };
}

const missing = (from: number, to: number): PipelineGap => ({
  kind: 'missing-versions',
  from_version: from,
  to_version: to,
  message: from === to ? `version ${from} is not in these logs` : `versions ${from}–${to} are not in these logs`,
});

function lineageOf(versions: PipelineVersion[], gaps: PipelineGap[] = []): PipelineLineage {
  return {
    account: '111122223333',
    region: 'us-east-1',
    name: 'release',
    lineage: 1,
    versions,
    attempts: [],
    activity: [],
    gaps,
    changes: [],
    created: null,
    deleted: null,
    deleted_at: null,
  };
}

/** Versions 1, 3, 5, … in time order, and the missing one between every two. */
function everyOther(count: number): PipelineLineage {
  const versions = Array.from({ length: count }, (_, i) => version(i, 2 * i + 1));
  return lineageOf(
    versions,
    versions.slice(1).map((v) => missing(v.version - 1, v.version - 1)),
  );
}

const history = (lineage: PipelineLineage): PipelineHistory => ({
  account: lineage.account,
  region: lineage.region,
  name: lineage.name,
  lineages: [lineage],
});

/** The timeline's drawn entries, top to bottom: a version as `vN`, a missing range as its text. */
const drawnEntries = () =>
  [...screen.getByTestId('timeline').querySelectorAll('ol.entries > li')].map((li) =>
    li.matches('[data-testid="timeline-gap"]')
      ? li.textContent
      : (li.querySelector('.version-number')?.textContent ?? li.textContent),
  );

function timeline(lineage: PipelineLineage, selected: number | null = null) {
  return shown(
    <Timeline
      lineage={lineage}
      selected={selected}
      onSelect={() => undefined}
      onCompareWithPrevious={() => undefined}
    />,
  );
}

describe('the timeline of a forged history', () => {
  it('draws the latest 500 of 20,000 versions, a missing version between every two, and earlier ones on request', () => {
    // 20,000 versions and 19,999 missing ranges: 39,999 entries.
    timeline(everyOther(20_000));
    let drawn = drawnEntries();
    expect(drawn).toHaveLength(500);
    expect(drawn.slice(0, 2)).toEqual(['version 39500 is not in these logs', 'v39501']);
    expect(drawn.slice(-3)).toEqual(['v39997', 'version 39998 is not in these logs', 'v39999']);

    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more of 39,499 earlier entries' }));
    drawn = drawnEntries();
    expect(drawn).toHaveLength(1000);
    expect(drawn.slice(0, 2)).toEqual(['version 39000 is not in these logs', 'v39001']);
  });

  it('puts a missing range before the first version numbered above it, also when versions come out of order in time', () => {
    const versions = [version(0, 5), version(1, 1), version(2, 3), version(3, 8)];
    timeline(lineageOf(versions, [missing(2, 2), missing(4, 4), missing(6, 7), missing(9, 12)]));
    expect(drawnEntries()).toEqual([
      'version 2 is not in these logs',
      'version 4 is not in these logs',
      'v5',
      'v1',
      'v3',
      'versions 6–7 are not in these logs',
      'v8',
      'versions 9–12 are not in these logs',
    ]);
  });

  it('opens on the chosen version when it is older than the latest 500 entries', () => {
    // 300 versions and 299 missing ranges; v41 is the 41st entry.
    timeline(everyOther(300), 41);
    const drawn = drawnEntries();
    expect(drawn[0]).toBe('v41');
    expect(drawn.at(-1)).toBe('v599');
    expect(screen.getByRole('button', { name: 'Show the other 40 earlier entries' })).toBeTruthy();
  });

  it('lists 2,000 notes on what the logs do not show 500 at a time', () => {
    const notes = Array.from(
      { length: 2_000 },
      (_, i): PipelineGap => ({
        kind: 'version-derived',
        from_version: i + 1,
        to_version: i + 1,
        message: `version ${i + 1}: the record does not state its version number; Trailscope counted it`,
      }),
    );
    timeline(lineageOf([version(0, 1)], notes));
    const list = screen.getByRole('list', { name: 'What these logs do not show' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(500);
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more of 1,500 notes' }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1000);
  });
});

describe('the history of a pipeline with 20,000 versions', () => {
  it('opens on its latest version, the versions to compare typed rather than listed', async () => {
    const fake = shown(<PipelineDetail history={history(everyOther(20_000))} initialLineage={1} />);
    expect(screen.getByTestId('version-view').querySelector('h3')?.textContent).toBe('v39999');
    // A choice redraws both fields with the pair chosen, so each is found again.
    const field = (name: string) => screen.getByRole('spinbutton', { name });
    const type = (name: string, value: string) => {
      fireEvent.change(field(name), { target: { value } });
      fireEvent.keyDown(field(name), { key: 'Enter' });
    };

    type('From version', '4');
    expect(field('From version').getAttribute('aria-invalid')).toBe('true');
    expect(fake.named('pipeline:diff')).toHaveLength(0);

    type('From version', '39001');
    expect((field('To version') as HTMLInputElement).value).toBe('39999');
    fireEvent.change(field('To version'), { target: { value: '39003' } });
    fireEvent.blur(field('To version'));
    expect(fake.named('pipeline:diff').at(-1)?.params).toMatchObject({ from: 39001, to: 39003 });
  });

  it('lists the versions to compare when there are few', () => {
    shown(<PipelineDetail history={history(everyOther(3))} initialLineage={1} />);
    const from = screen.getByRole('combobox', { name: 'From version' });
    expect(
      within(from)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['from…', 'v1', 'v3', 'v5']);
  });
});

const action = (name: string, configuration: JsonObject = {}): JsonObject => ({
  name,
  actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
  configuration,
  runOrder: 1,
});
const pipeline = (...stages: [string, JsonObject[]][]): JsonObject => ({
  name: 'release',
  roleArn: 'arn:aws:iam::111122223333:role/pipeline',
  stages: stages.map(([name, actions]) => ({ name, actions })),
});

/** Each drawn stage's name and mark, and its actions' names and marks. */
const drawnGraph = () =>
  [...screen.getByTestId('pipeline-graph').querySelectorAll('section.stage')].map((stage) => ({
    stage: stage.getAttribute('data-stage'),
    mark: stage.querySelector('h4 .badge')?.textContent ?? null,
    actions: [...stage.querySelectorAll('[data-testid="action-card"]')].map(
      (card) => `${card.querySelector('strong')?.textContent} ${card.getAttribute('data-mark')}`,
    ),
  }));

describe('the pipeline graph of a forged declaration', () => {
  it.each([
    ['longer than the 200 characters a change path keeps', (prefix: string) => `${prefix}-${'x'.repeat(300)}`],
    ['holding a closing bracket', (prefix: string) => `${prefix}]`],
    ['reading as another stage’s action', (prefix: string) => `${prefix}].actions[Src`],
    ['holding backslashes', (prefix: string) => `${prefix}\\]\\`],
    ['long, with a bracket before the cut', (prefix: string) => `${prefix}]-${'x'.repeat(300)}`],
  ])('marks stages and actions whose names are %s', (_, named) => {
    const [build, compile, lint, scan, deploy, approve] = ['Build', 'Compile', 'Lint', 'Scan', 'Deploy', 'Approve'].map(
      named,
    ) as [string, string, string, string, string, string];
    const before = pipeline(
      ['Source', [action('Src'), action(scan)]],
      [build, [action(compile, { ProjectName: 'one' }), action(lint)]],
      ['Ship', [action('Push')]],
    );
    const after = pipeline(
      ['Source', [action('Src')]],
      [build, [action(compile, { ProjectName: 'two' }), action(scan)]],
      [deploy, [action('Push')]],
      [approve, [action('Ok')]],
    );
    render(<PipelineGraph declaration={after} changes={diffDeclarations(before, after).changes} />);
    expect(drawnGraph()).toEqual([
      { stage: 'Source', mark: null, actions: ['Src same'] },
      { stage: build, mark: null, actions: [`${compile} changed`, `${scan} moved`, `${lint} removed`] },
      { stage: deploy, mark: 'renamed from Ship', actions: ['Push same'] },
      { stage: approve, mark: 'added', actions: ['Ok added'] },
    ]);
  });

  it('flags each removed action by its own removal, not by that of an action of its name in another stage', () => {
    // 40 stages that each lose 50 actions named alike; only the even stages' removals are flagged.
    const names = Array.from({ length: 50 }, (_, k) => `gone-${k}`);
    const stages = Array.from({ length: 40 }, (_, s) => `Stage-${s}`);
    const changes: PipelineChange[] = stages.flatMap((stage, s) =>
      names.map((name) => ({
        path: `stages[${stage}].actions[${name}]`,
        kind: 'removed' as const,
        before: action(name),
        after: undefined,
        security: s % 2 === 0,
        reason: s % 2 === 0 ? 'a removed action' : null,
      })),
    );
    render(
      <PipelineGraph declaration={pipeline(...stages.map((s): [string, JsonObject[]] => [s, []]))} changes={changes} />,
    );
    const flagged = [...screen.getByTestId('pipeline-graph').querySelectorAll('section.stage')].map(
      (stage) => stage.querySelectorAll('[data-testid="action-card"].security').length,
    );
    expect(flagged).toEqual(stages.map((_, s) => (s % 2 === 0 ? 50 : 0)));
  });

  it('draws the stages of each version shown, when a forged one gives two stages one name', () => {
    const { rerender } = render(<PipelineGraph declaration={pipeline(['X', []], ['X', []], ['Y', []], ['X', []])} />);
    rerender(<PipelineGraph declaration={pipeline(['Y', []], ['X', []], ['Z', []])} />);
    expect(drawnGraph().map((s) => s.stage)).toEqual(['Y', 'X', 'Z']);
  });

  it("draws the first 50 stages and 50 actions of each past CodePipeline's quotas, and all of them on request", () => {
    const stages = Array.from({ length: 60 }, (_, s): [string, JsonObject[]] => [
      `Stage-${s}`,
      Array.from({ length: s === 0 ? 70 : 1 }, (_, a) => action(`Action-${a}`)),
    ]);
    render(<PipelineGraph declaration={pipeline(...stages)} />);
    expect(drawnGraph()).toHaveLength(50);
    expect(drawnGraph()[0]!.actions).toHaveLength(50);
    expect(screen.getByTestId('graph-cut').textContent).toContain('of 60 stages and 129 actions');

    fireEvent.click(screen.getByRole('button', { name: 'Draw them all' }));
    expect(drawnGraph()).toHaveLength(60);
    expect(drawnGraph()[0]!.actions).toHaveLength(70);
    expect(screen.queryByTestId('graph-cut')).toBeNull();
  });
});

describe('the raw JSON of two forged declarations', () => {
  const lines = (count: number, tag: string): JsonObject => ({
    items: Array.from({ length: count }, (_, i) => `${tag}-${i}`),
  });
  const rows = () =>
    [...screen.getByTestId('json-diff').querySelectorAll('.json-diff-row')].map((row) =>
      [...row.querySelectorAll('pre')].map((pre) => `${pre.className}:${pre.textContent}`),
    );

  it('shows two declarations of 20,000 lines with none in common side by side, unpaired, 2,000 lines at a time', () => {
    render(<JsonSideBySide before={lines(20_000, 'a')} after={lines(20_000, 'b')} labels={['v1', 'v2']} />);
    expect(screen.getByText(/differ in more than 1,000 lines/).textContent).toContain('without pairing');
    expect(rows()).toHaveLength(2_000);
    expect(rows()[2]).toEqual(['old:    "a-0",', 'new:    "b-0",']);
    fireEvent.click(screen.getByRole('button', { name: 'Show 2,000 more of 18,004 lines' }));
    expect(rows()).toHaveLength(4_000);
  });

  it('pairs the lines of two declarations that differ in a few', () => {
    render(<JsonSideBySide before={{ a: 1, b: 2 }} after={{ a: 1, b: 3 }} labels={['v1', 'v2']} />);
    expect(screen.queryByText(/differ in more than/)).toBeNull();
    expect(rows()).toEqual([
      [':{', ':{'],
      [':  "a": 1,', ':  "a": 1,'],
      ['old:  "b": 2', 'new:  "b": 3'],
      [':}', ':}'],
    ]);
  });

  it('shows the invisible characters of a declaration as their codes', () => {
    render(<JsonSideBySide before={{ name: 'safe' }} after={{ name: 'evil\u202egnp.exe' }} labels={['v1', 'v2']} />);
    expect(rows()[1]).toEqual(['old:  "name": "safe"', 'new:  "name": "evil\\u202egnp.exe"']);
  });
});

const summary = (i: number): PipelineSummary => ({
  account: '111122223333',
  region: 'us-east-1',
  name: `pipeline-${String(i).padStart(5, '0')}`,
  lineage: 1,
  versions: 1,
  first_version: 1,
  last_version: 1,
  first_seen: '2026-11-01T08:00:00Z',
  last_seen: '2026-11-01T08:00:00Z',
  last_changed: '2026-11-01T08:00:00Z',
  deleted: false,
  security_changes: 0,
});

describe('the list of 20,000 pipelines', () => {
  it('draws them 200 at a time, and a search finds one past the first 200', () => {
    shown(
      <PipelineList
        pipelines={Array.from({ length: 20_000 }, (_, i) => summary(i))}
        selected={null}
        onSelect={() => undefined}
      />,
    );
    expect(screen.getAllByTestId('pipeline-item')).toHaveLength(200);
    fireEvent.click(screen.getByRole('button', { name: 'Show 200 more of 19,800 pipelines' }));
    expect(screen.getAllByTestId('pipeline-item')).toHaveLength(400);

    fireEvent.change(screen.getByLabelText('Search pipelines'), { target: { value: 'pipeline-19999' } });
    expect(
      screen.getAllByTestId('pipeline-item').map((item) => item.querySelector('.pipeline-name')?.textContent),
    ).toEqual(['pipeline-19999']);
  });
});

describe('the record of a version delivered in 5,000 files', () => {
  it('names the first 50 files, and more on request', async () => {
    const v = version(0, 1);
    const fake = shown(<VersionTools history={history(lineageOf([v]))} lineage={1} version={v} />);
    fireEvent.click(screen.getByRole('button', { name: 'CloudTrail record' }));
    await fake.named('event:get-record')[0]!.answer({
      event_key: v.event_key,
      record: '{}',
      delivered_in: Array.from({ length: 5_000 }, (_, i) => ({ file: `AWSLogs/copy-${i}.json.gz`, record_index: 0 })),
      deliveries: 5_000,
    });
    const record = screen.getByTestId('event-record');
    expect(record.querySelectorAll('.identifier')).toHaveLength(50);
    fireEvent.click(within(record).getByRole('button', { name: 'Show 50 more of 4,950 files' }));
    expect(record.querySelectorAll('.identifier')).toHaveLength(100);
  });
});
