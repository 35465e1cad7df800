import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { type ReactNode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/App.tsx';
import { ApiClientProvider } from '../../renderer/api/api-client-context.tsx';
import { type Navigation, NavigationContext } from '../../renderer/app/navigation.tsx';
import { RankedList } from '../../renderer/features/cases/RankedList.tsx';
import { StartScreen } from '../../renderer/features/cases/StartScreen.tsx';
import { ConsoleView } from '../../renderer/features/console/ConsoleView.tsx';
import { ResultGrid } from '../../renderer/features/console/ResultGrid.tsx';
import { DetectionsView } from '../../renderer/features/detections/DetectionsView.tsx';
import { type DetectionsPlace, firstPlace } from '../../renderer/features/detections/detections-place.ts';
import { HitFinding } from '../../renderer/features/detections/HitFinding.tsx';
import { SigmaImport } from '../../renderer/features/detections/SigmaImport.tsx';
import { ConflictCompare } from '../../renderer/features/explorer/ConflictBodies.tsx';
import { RecordPanel } from '../../renderer/features/explorer/RecordPanel.tsx';
import { IngestPanel } from '../../renderer/features/ingest/IngestPanel.tsx';
import { GapList } from '../../renderer/features/integrity/GapList.tsx';
import { IntegrityView } from '../../renderer/features/integrity/IntegrityView.tsx';
import { BookmarkFinding } from '../../renderer/features/report/BookmarkFinding.tsx';
import { FindingCard } from '../../renderer/features/report/FindingCard.tsx';
import { SourcesPanel } from '../../renderer/features/sources/SourcesPanel.tsx';
import type { EventConflicts } from '../../shared/model/conflict.ts';
import type { DetectionRule, SigmaImportResult } from '../../shared/model/detection.ts';
import type { EventRecord } from '../../shared/model/event.ts';
import type { EventField } from '../../shared/model/explore.ts';
import type { EventSummary, Finding } from '../../shared/model/finding.ts';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import type { IntegrityGap, IntegrityRun, IntegrityTrail } from '../../shared/model/integrity.ts';
import type { QueryRun } from '../../shared/model/query.ts';
import type { SourceRow } from '../../shared/model/source.ts';
import { forgedTrail } from '../helpers/forged-trails.ts';
import { detection, HIT, OVERVIEW, ran } from './detections-fixtures.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

/**
 * The views outside the pipeline view, as a forged log or a crafted case file meets them:
 * records nested as deep as ingest takes, values that reorder or hide text, one event in
 * thousands of files, times no JS Date holds. The sizes are ones that once crashed the page or
 * held it for seconds; each test states what is drawn.
 */
afterEach(cleanup);

const RLO = '\u202e';
const navigation: Navigation = { explore: () => undefined, query: () => undefined };

function shown(ui: ReactNode) {
  const fake = fakeClient();
  renderWithClient(fake.client, <NavigationContext.Provider value={navigation}>{ui}</NavigationContext.Provider>);
  return fake;
}

const fields = (change: Record<string, EventField['value']> = {}): EventField[] =>
  Object.entries({
    event_time: '2026-11-02T10:00:00Z',
    event_source: 's3.amazonaws.com',
    event_name: 'GetObject',
    access_key_id: 'AKIAEXAMPLE',
    ...change,
  }).map(([name, value]) => ({ name, value }));

const delivered = (record: string, files = 1, deliveries = files): EventRecord => ({
  event_key: 'e@1',
  record,
  delivered_in: Array.from({ length: files }, (_, i) => ({ file: `/evidence/file-${i}.json.gz`, record_index: 0 })),
  deliveries,
});

async function recordPanel(eventFields: EventField[], record: EventRecord) {
  const fake = shown(
    <RecordPanel
      eventKey="e@1"
      onClose={() => undefined}
      onFilter={() => undefined}
      onExclude={() => undefined}
      onPivot={() => undefined}
      onRange={() => undefined}
      onSearch={() => undefined}
      onBookmark={() => undefined}
    />,
  );
  await fake.named('event:list-fields')[0]!.answer(eventFields);
  await fake.named('event:get-record')[0]!.answer(record);
  return fake;
}

const deep = (levels: number) => `${'['.repeat(levels)}0${']'.repeat(levels)}`;

describe('the record as delivered', () => {
  it('lays out a record of 500 arrays 990 deep (ingest takes 1,000) with the deep levels on one line', async () => {
    // Indented at every level this record was a string of a billion characters: JS threw, the page went blank.
    const record = `{"requestParameters":{"a":[${Array.from({ length: 500 }, () => deep(990)).join(',')}]}}`;
    await recordPanel(fields(), delivered(record));
    const json = screen.getByTestId('record-json').textContent!;
    expect(json.startsWith('{\n  "requestParameters": {\n    "a": [\n      [\n        [\n')).toBe(true);
    // Sixteen levels a line each (the record's three, then 13 of each array), then the rest on one line.
    const deepest = `${'  '.repeat(16)}${deep(990 - 13)}`;
    expect(json.split('\n')).toContain(deepest);
    expect(screen.getByRole('button', { name: /^Show all [\d,]+ characters$/ })).toBeTruthy();
  });

  it('still lays out every level of a record as CloudTrail nests them', async () => {
    await recordPanel(fields(), delivered('{"a":{"b":[{"c":1},2]},"d":"x, y: {z}"}'));
    expect(screen.getByTestId('record-json').textContent).toBe(
      '{\n  "a": {\n    "b": [\n      {\n        "c": 1\n      },\n      2\n    ]\n  },\n  "d": "x, y: {z}"\n}',
    );
  });
});

describe("the record panel's heading", () => {
  it.each([
    ['a bidirectional override', `Get${RLO}txt.exe\u200bObject`, 'Get\\u202etxt.exe\\u200bObject'],
    ['an escape sequence', 'StopLogging\u001b[2J', 'StopLogging\\u001b[2J'],
  ])('shows an event name with %s as codes', async (_, name, heading) => {
    await recordPanel(fields({ event_name: name }), delivered('{}'));
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe(heading);
  });

  it('cuts an event name of 200,000 characters to 120, its end in sight; the field below holds it whole', async () => {
    const name = `${'A'.repeat(199_990)}StopLogging`;
    await recordPanel(fields({ event_name: name }), delivered('{}'));
    const heading = screen.getByRole('heading', { level: 2 }).textContent!;
    expect(heading).toHaveLength(120);
    expect(heading.endsWith('StopLogging')).toBe(true);
    expect(screen.getByRole('button', { name: 'show all 200,001 characters' })).toBeTruthy();
  });
});

describe('the files that delivered an event', () => {
  it('lists the first 20 of 30,000, and 500 more at each ask', async () => {
    await recordPanel(fields(), delivered('{}', 30_000));
    const listed = () => document.querySelectorAll('ul.delivered > li');
    expect(listed()).toHaveLength(20);
    expect(listed()[19]!.textContent).toBe('/evidence/file-19.json.gz record 0');
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more of 29,980 files' }));
    expect(listed()).toHaveLength(520);
    expect(screen.getByRole('button', { name: 'Show 500 more of 29,480 files' })).toBeTruthy();
  });

  it('says how many the core did not list, and where they all are', async () => {
    await recordPanel(fields(), delivered('{}', 1_000, 250_000));
    expect(screen.getByTestId('unlisted-deliveries').textContent).toBe(
      '249,000 more deliveries of this event not listed here: all 250,000 are in the table event_sources (SQL console).',
    );
  });

  it('says nothing more when it lists them all', async () => {
    await recordPanel(fields(), delivered('{}', 3));
    expect(screen.queryByTestId('unlisted-deliveries')).toBeNull();
  });
});

describe('an event whose time no JS Date holds, from a case file made elsewhere', () => {
  it.each(['infinity', '-infinity', '12345-06-01T00:00:00Z', '-1199-02-15T14:13:20Z'])(
    'shows the event at %s without the hours around it',
    async (time) => {
      // Asking for the hours around it threw in rendering, and the page went blank.
      const fake = await recordPanel(fields({ event_time: time }), delivered('{"eventName":"Timeless"}'));
      const panel = screen.getByTestId('record-panel');
      expect(within(panel).getByText(time)).toBeTruthy();
      expect(screen.getByTestId('record-json').textContent).toContain('"Timeless"');
      expect(screen.queryByTestId('around-event')).toBeNull();
      expect(screen.queryByRole('button', { name: 'The hour either side of this event' })).toBeNull();
      expect(fake.named('event:list-by-actor')).toHaveLength(0);
    },
  );

  it('keeps the hours around an event of year 1', async () => {
    const fake = await recordPanel(fields({ event_time: '0001-01-01T00:00:00Z' }), delivered('{}'));
    expect(screen.getByTestId('around-event')).toBeTruthy();
    expect(fake.named('event:list-by-actor')[0]!.params.around).toBe('0001-01-01T00:00:00Z');
  });
});

/** A delivery of one event with `members` request parameters, each valued `${tag}${i}`. */
const body = (members: number, tag: string, shared = 0) =>
  `{"eventName":"GetObject","requestParameters":{${Array.from(
    { length: members },
    (_, i) => `"k${String(i).padStart(6, '0')}":"${i < shared ? 'same' : tag}${i}"`,
  ).join(',')}}}`;

async function compare(kept: string, other: string) {
  const fake = shown(<ConflictCompare eventKey="e@1" onClose={() => undefined} />);
  const conflicts: EventConflicts = {
    event_key: 'e@1',
    kept: { file: '/evidence/a.json', source_id: 1, record_index: 0, sha256: 'a'.repeat(64), record: kept },
    others: [{ file: '/evidence/b.json', source_id: 2, record_index: 0, sha256: 'b'.repeat(64), record: other }],
  };
  await fake.named('case:get-conflict')[0]!.answer(conflicts);
  return () => [...document.querySelectorAll('.conflict-row')].map((row) => row.textContent);
}

describe('two deliveries of one event compared', () => {
  it('shows bodies of 40,000 members, none alike, whole and unpaired, 2,000 lines at a time', async () => {
    // Paired line by line, 8,000 members took 9 s; 40,000, minutes.
    const rows = await compare(body(40_000, 'a'), body(40_000, 'b'));
    expect(screen.getByText(/this pair differs in more than 1,000 lines: both are shown whole/)).toBeTruthy();
    expect(rows()).toHaveLength(2000);
    expect(rows()[3]).toBe('    "k000000": "a0",    "k000000": "b0",');
    fireEvent.click(screen.getByRole('button', { name: 'Show 2,000 more of 38,005 lines' }));
    expect(rows()).toHaveLength(4000);
  });

  it('still pairs the lines of bodies that differ in a few hundred', async () => {
    const rows = await compare(body(3000, 'a', 2800), body(3000, 'b', 2800));
    expect(screen.getByText(/200 lines of this pair differ$/)).toBeTruthy();
    expect(rows()[3]).toBe('    "k000000": "same0",    "k000000": "same0",');
  });
});

/** Text no view may show raw: it hides, reorders or rewrites what is around it. */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** Every text and attribute of the page, where a raw control or bidirectional character could hide. */
function pageText(): string {
  const attributes = [...document.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].map((a) => a.value),
  );
  const values = [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value);
  return [document.body.textContent ?? '', ...attributes, ...values].join('\n');
}

describe('log text shown with its invisible characters as codes', () => {
  it('in a result cell opened whole; Copy keeps the value as it is', async () => {
    const run: QueryRun = {
      query_id: 'q1',
      columns: [{ name: 'user_agent', type: 'VARCHAR' }],
      total: 1,
      rows_ready: 1,
      complete: true,
      statements: 1,
      elapsed_ms: 1,
    };
    const fake = shown(
      <ResultGrid
        run={run}
        sort={null}
        onSort={() => undefined}
        onExplore={() => undefined}
        onRunAgain={() => undefined}
      />,
    );
    await fake.named('query:page')[0]!.answer({ rows: [[`curl ${RLO}txt.exe\u0007`]] });
    fireEvent.doubleClick(screen.getByRole('gridcell'));
    expect(document.querySelector('.value-viewer pre')!.textContent).toBe('curl \\u202etxt.exe\\u0007');
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    fireEvent.click(
      within(document.querySelector('.value-viewer')! as HTMLElement).getByRole('button', { name: 'Copy' }),
    );
    expect(writeText).toHaveBeenCalledWith(`curl ${RLO}txt.exe\u0007`);
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it('in the sources of the case: archive members and their errors', async () => {
    const source: SourceRow = {
      source_id: 1,
      path: `/evidence/trail${RLO}piz.tar`,
      member: `AWSLogs/x${RLO}zg.json\u200b.gz`,
      kind: 'log',
      format: 'trail-log',
      size_stored: 1000,
      size_content: 2000,
      sha256_stored: 'a'.repeat(64),
      sha256_content: 'b'.repeat(64),
      org_id: null,
      account_id: null,
      region: null,
      log_date: null,
      record_count: 0,
      rejected_count: 0,
      status: 'error',
      error: `not JSON at "\u001b[2J${RLO}"`,
      duplicate_of: null,
      ingested_at: '2026-11-03T09:00:00Z',
    };
    const fake = shown(<SourcesPanel total={1} errors={1} />);
    await fake.named('case:list-sources')[0]!.answer([source]);
    const row = screen.getByTestId('sources').querySelector('tbody tr')!.textContent;
    expect(row).toContain('/evidence/trail\\u202epiz.tar!/AWSLogs/x\\u202ezg.json\\u200b.gz');
    expect(row).toContain('not JSON at "\\u001b[2J\\u202e"');
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it('in the file an ingest is reading', async () => {
    const fake = shown(<IngestPanel />);
    fireEvent.change(screen.getByLabelText(/Folders, files or archives/), { target: { value: '/evidence' } });
    act(() => screen.getByRole('button', { name: 'Ingest' }).click());
    await fake.named('ingest:start')[0]!.answer({ jobId: 'i1', detectJobId: null });
    const progress: IngestProgress = {
      kind: 'ingest',
      phase: 'loading',
      filesDone: 1,
      filesSeen: 2,
      bytesDone: 1,
      bytesTotal: 2,
      records: 1,
      recordsCommitted: 0,
      eventsAdded: 0,
      batchesCommitted: 0,
      batchesTotal: null,
      committing: null,
      conflicts: 0,
      errors: 0,
      fraction: 0.1,
      elapsedSeconds: 1,
      eventsPerSecond: 1,
      etaSeconds: null,
      currentPath: `/evidence/a.zip!/x${RLO}zg.json`,
    };
    await fake.emit({ name: 'job:progress', payload: { jobId: 'i1', kind: 'ingest', progress } });
    expect(document.querySelector('.current-path')!.textContent).toBe('/evidence/a.zip!/x\\u202ezg.json');
  });

  it('in a recent case named by whoever sent it', async () => {
    const fake = shown(<StartScreen onOpened={() => undefined} />);
    await fake.named('case:list-recent')[0]!.answer([{ path: `/cases/acme${RLO}bdkcud.`, open: false }]);
    expect(screen.getByRole('button', { name: '/cases/acme\\u202ebdkcud.' })).toBeTruthy();
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it('in the path of the case open, in the header', async () => {
    const fake = fakeClient();
    render(
      <ApiClientProvider client={fake.client}>
        <App />
      </ApiClientProvider>,
    );
    await fake.named('case:describe')[0]!.answer({
      path: `/cases/acme${RLO}bdkcud.`,
      lake: null,
      events: 0,
      sources: 0,
      errors: 0,
      first_event: null,
      last_event: null,
      accounts: [],
      regions: [],
      event_sources: [],
    });
    const path = document.querySelector('.case-path')!;
    expect(path.textContent).toBe('/cases/acme\\u202ebdkcud.');
    expect(path.getAttribute('title')).toBe('/cases/acme\\u202ebdkcud.');
  });

  it("in an imported Sigma rule's file name", async () => {
    const sigma = detection({
      id: 'sigma-odd',
      origin: 'sigma',
      family: 'Your rules',
      title: `Verified ${RLO}gnp.exe`,
    });
    const rule: DetectionRule = { ...ran(sigma, 0), source_name: `rules${RLO}lmy.exe` };
    const fake = shown(<DetectionsHost />);
    await fake.named('detect:overview')[0]!.answer({ ...OVERVIEW, rules: [rule] });
    fireEvent.click(screen.getByRole('button', { name: 'Verified \\u202egnp.exe' }));
    expect(screen.getByTestId('rule-origin').textContent).toBe(
      'Sigma rule imported into this case from rules\\u202elmy.exe',
    );
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it("in a finding's draft from a Sigma rule's title and description, and in the finding made", async () => {
    const sigma = detection({
      id: 'sigma-odd',
      origin: 'sigma',
      title: `Approved ${RLO}gnp.exe`,
      description: `Nothing\u0008\u0008\u0008 to see`,
    });
    shown(<HitFinding detection={sigma} hit={HIT} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add as finding' }));
    expect((screen.getByPlaceholderText('What this shows, in one line') as HTMLInputElement).value).toBe(
      'Approved \\u202egnp.exe',
    );
    expect((screen.getByLabelText(/Narrative/) as HTMLTextAreaElement).value).toMatch(
      /^Nothing\\u0008\\u0008\\u0008 to see\n\nHit 1 of sigma-odd/,
    );
    expect(pageText()).not.toMatch(INVISIBLE);
    cleanup();

    shown(<FindingCard finding={eventsFinding(1, `Approved ${RLO}gnp.exe`)} count={1} onChanged={() => undefined} />);
    expect(screen.getByTestId('finding-card').getAttribute('aria-label')).toBe('Finding 1: Approved \\u202egnp.exe');
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it("in the case summary's ranked values, as their buttons are named", () => {
    shown(
      <RankedList
        id="principals"
        title="Principals"
        ranked={{ values: [{ value: `arn:aws:iam::111122223333:user/${RLO}nimda`, count: 3 }], distinct: 1, sql: '' }}
        chars={64}
        onPivot={() => undefined}
        onQuery={() => undefined}
      />,
    );
    expect(
      screen.getByRole('button', {
        name: 'Explore the events with principals arn:aws:iam::111122223333:user/\\u202enimda',
      }),
    ).toBeTruthy();
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it('in what a result cell leads to, named in a label or a tooltip', async () => {
    const run: QueryRun = {
      query_id: 'q2',
      columns: [
        { name: 'event_key', type: 'VARCHAR' },
        { name: 'source_ip', type: 'VARCHAR' },
      ],
      total: 1,
      rows_ready: 1,
      complete: true,
      statements: 1,
      elapsed_ms: 1,
    };
    const fake = shown(
      <ResultGrid
        run={run}
        sort={null}
        onSort={() => undefined}
        onExplore={() => undefined}
        onRunAgain={() => undefined}
      />,
    );
    await fake
      .named('query:page')[0]!
      .answer({ rows: [[`${RLO}1@111122223333`, `10.0.0.1${RLO}${'x'.repeat(65_000)}`]] });
    expect(screen.getByRole('button', { name: 'Open event \\u202e1@111122223333' })).toBeTruthy();
    fireEvent.click(screen.getAllByRole('gridcell')[1]!);
    const pivot = screen.getByRole('button', { name: 'Show events with this Source IP' }).getAttribute('title')!;
    expect(pivot.startsWith('The explorer narrowed to Source IP = 10.0.0.1\\u202exxx')).toBe(true);
    expect(pivot.length).toBeLessThan(200);
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it("keeps a draft's title within the 300 characters a finding takes, however many codes it grew", () => {
    const sigma = detection({ id: 'sigma-odd', origin: 'sigma', title: `${RLO.repeat(250)}end` });
    shown(<HitFinding detection={sigma} hit={HIT} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add as finding' }));
    const title = (screen.getByPlaceholderText('What this shows, in one line') as HTMLInputElement).value;
    expect(title).toHaveLength(300);
    expect(title.endsWith('\\u202eend')).toBe(true);
  });
});

function DetectionsHost() {
  const [place, setPlace] = useState<DetectionsPlace>(firstPlace);
  return <DetectionsView place={place} onPlace={setPlace} onShowEvents={() => undefined} />;
}

const summary = (i: number, change: Partial<EventSummary> = {}): EventSummary => ({
  event_key: `e${i}@1`,
  event_time: '2026-11-02T10:00:00Z',
  event_name: 'GetObject',
  event_source: 's3.amazonaws.com',
  aws_region: 'us-east-1',
  recipient_account_id: '111122223333',
  actor: 'arn:aws:iam::111122223333:user/mallory',
  access_key_id: null,
  source_ip: '203.0.113.9',
  user_agent: null,
  error_code: null,
  tags: [],
  note: null,
  ...change,
});

function eventsFinding(events: number, title = 'Reads', change: Partial<EventSummary> = {}): Finding {
  const listed = Array.from({ length: events }, (_, i) => summary(i, change));
  return {
    finding_id: 1,
    title,
    severity: 'high',
    narrative: `Imported ${RLO}rule`,
    attack_technique: null,
    evidence: { kind: 'events', event_keys: listed.map((e) => e.event_key), events: listed },
    position: 1,
    created_at: '2026-11-03T09:00:00Z',
    updated_at: '2026-11-03T09:00:00Z',
  };
}

describe("a finding's events in the report builder", () => {
  it('lists the first 8 of a hit’s 1,000 and says how many the report shows', () => {
    shown(<FindingCard finding={eventsFinding(1000)} count={1} onChanged={() => undefined} />);
    const items = screen.getByTestId('finding-card').querySelectorAll('ul.evidence > li');
    expect(items).toHaveLength(9);
    expect(items[8]!.textContent).toBe('1,000 events; the report shows all, here the first 8');
  });

  it('cuts an event name and an actor of 100,000 characters in their middle among the bookmarks too', async () => {
    const long = (end: string) => `${'A'.repeat(99_990)}${end}`;
    const fake = shown(<BookmarkFinding onSaved={() => undefined} />);
    await fake
      .named('event:list-bookmarked')[0]!
      .answer([summary(0, { event_name: long('StopLogging'), actor: long('mallory') })]);
    const item = document.querySelector('ul.bookmark-list > li')!;
    expect(item.querySelector('strong')!.textContent).toHaveLength(64);
    expect(item.querySelector('strong')!.textContent!.endsWith('StopLogging')).toBe(true);
    expect(item.querySelector('code')!.textContent).toHaveLength(64);
  });

  it('cuts an event name of 100,000 characters in its middle', () => {
    const name = `${'A'.repeat(99_990)}StopLogging`;
    shown(
      <FindingCard finding={eventsFinding(1, 'One', { event_name: name })} count={1} onChanged={() => undefined} />,
    );
    const item = screen.getByTestId('finding-card').querySelector('ul.evidence > li strong')!;
    expect(item.textContent).toHaveLength(64);
    expect(item.textContent!.endsWith('StopLogging')).toBe(true);
  });
});

describe('a Sigma rule tagging 6,000 techniques', () => {
  const tags = Array.from(
    { length: 6000 },
    (_, i) => `T${1000 + Math.floor(i / 1000)}.${String(i % 1000).padStart(3, '0')}`,
  );
  const tagged: DetectionRule = {
    ...ran(detection({ id: 'sigma-tags', origin: 'sigma', family: 'Your rules', attack: tags }), 5),
    source_name: 'tags.yml',
  };

  it('puts the first 30 in the matrix, 30 more at each ask', async () => {
    const fake = shown(<DetectionsHost />);
    await fake.named('detect:overview')[0]!.answer({ ...OVERVIEW, rules: [tagged] });
    const unmapped = () =>
      within(screen.getByRole('group', { name: 'Unmapped' }))
        .queryAllByTestId('technique')
        .map((cell) => cell.getAttribute('data-technique'));
    expect(unmapped()).toEqual(tags.slice(0, 30));
    fireEvent.click(screen.getByRole('button', { name: 'Show 30 more of 5,970 techniques' }));
    expect(unmapped()).toHaveLength(60);
  });

  it('names 4 in its row and 20 in its detail, 200 more at each ask', async () => {
    const fake = shown(<DetectionsHost />);
    await fake.named('detect:overview')[0]!.answer({ ...OVERVIEW, rules: [tagged] });
    const row = screen.getAllByTestId('rule-row')[0]!;
    expect(row.querySelector('.rule-attack')!.textContent).toBe('T1000.000T1000.001T1000.002T1000.003and 5,996 more');
    fireEvent.click(within(row).getByRole('button', { name: 'Rule sigma-tags' }));
    const listed = () => screen.getByTestId('rule-detail').querySelectorAll('.rule-techniques > li');
    expect(listed()).toHaveLength(20);
    fireEvent.click(screen.getByRole('button', { name: 'Show 200 more of 5,980 techniques' }));
    expect(listed()).toHaveLength(220);
  });
});

describe("a Sigma author's description of 200,000 characters", () => {
  it('shows its first 2,000, the rest one click away', async () => {
    const long: DetectionRule = {
      ...ran(detection({ id: 'sigma-long', origin: 'sigma', description: `${'D'.repeat(199_990)}(Imported)` }), 0),
      source_name: 'long.yml',
    };
    const fake = shown(<DetectionsHost />);
    await fake.named('detect:overview')[0]!.answer({ ...OVERVIEW, rules: [long] });
    fireEvent.click(screen.getByRole('button', { name: 'Rule sigma-long' }));
    const text = screen.getByTestId('rule-detail').querySelector('.rule-text')!;
    expect(text.textContent).toBe(`${'D'.repeat(2000)}… show all 200,000 characters`);
  });
});

describe('a Sigma import of 200 files of 200 documents', () => {
  it('lists the fate of the first 100 of 40,000 documents, 500 more at each ask', async () => {
    const fake = shown(<SigmaImport onImported={() => undefined} />);
    const input = screen.getByTestId('sigma-files') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['title: x'], 'rules.yml')], configurable: true });
    await act(async () => {
      fireEvent.change(input);
    });
    await vi.waitFor(() => expect(fake.named('detect:import-sigma')).toHaveLength(1));
    const results: SigmaImportResult[] = Array.from({ length: 40_000 }, (_, i) => ({
      ok: false,
      source_name: `rules-${Math.floor(i / 200)}.yml`,
      title: `Rule ${i}`,
      reason: 'detection.condition is missing.',
    }));
    await fake.named('detect:import-sigma')[0]!.answer(results);
    expect(screen.getAllByTestId('sigma-result')).toHaveLength(100);
    expect(screen.getByTestId('sigma-results').querySelector('strong')!.textContent).toBe(
      '0 rules imported, 40,000 documents refused',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more of 39,900 documents' }));
    expect(screen.getAllByTestId('sigma-result')).toHaveLength(600);
  });
});

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const START = Date.UTC(2026, 0, 1);

const gap = (i: number, trail = 'management-events'): IntegrityGap => ({
  account: '111122223333',
  region: 'us-east-1',
  trail,
  home_region: 'us-east-1',
  from: iso(START + 2 * i * HOUR),
  to: iso(START + (2 * i + 1) * HOUR),
  reason: 'no digest in the case covers this hour',
});

describe('the digest chains of a year', () => {
  it('lists the first 100 of 4,000 gaps, 500 more at each ask', () => {
    shown(<GapList runId={1} gaps={Array.from({ length: 4000 }, (_, i) => gap(i))} />);
    expect(screen.getAllByTestId('gap')).toHaveLength(100);
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more of 3,900 gaps' }));
    expect(screen.getAllByTestId('gap')).toHaveLength(600);
    expect(screen.queryByTestId('gaps-not-all-listed')).toBeNull();
  });

  it('says when the run holds more gaps than it carries, and where they all are', () => {
    shown(<GapList runId={1} gaps={Array.from({ length: 10_000 }, (_, i) => gap(i))} total={200_000} />);
    expect(screen.getByTestId('gaps-not-all-listed').textContent).toBe(
      'The run has 200,000 gaps: the first 10,000 can be listed here. trailscope verify --json and the integrity_gaps table hold them all.',
    );
  });

  it('draws the strips of the first 20 of 2,000 trails, each asking for its hours, 20 more at each ask', async () => {
    const trail = (i: number): IntegrityTrail => ({
      org_id: 'o-exampleorgid',
      account: String(100000000000 + i),
      region: 'us-east-1',
      trail: 'org-trail',
      home_region: 'us-east-1',
      digests: 1,
      from: iso(START),
      to: iso(START + HOUR),
      gaps: 0,
      starts_chain: true,
    });
    const run = INTEGRITY_RUN(Array.from({ length: 2000 }, (_, i) => trail(i)));
    const fake = shown(<IntegrityView lake={null} onShowEvents={() => undefined} />);
    await fake.named('integrity:get-run')[0]!.answer(run);
    expect(screen.getAllByTestId('trail-strip')).toHaveLength(20);
    expect(fake.named('integrity:chart-hours')).toHaveLength(20);
    fireEvent.click(screen.getByRole('button', { name: 'Show 20 more of 1,980 trails' }));
    expect(screen.getAllByTestId('trail-strip')).toHaveLength(40);
    expect(fake.named('integrity:chart-hours')).toHaveLength(40);
    expect(screen.queryByTestId('trails-not-all-listed')).toBeNull();
  });

  it('says when the run holds more trails than it carries, and where they all are', async () => {
    // The run carries its first 10,000; 50 of them keep jsdom quick, and the sentence is the same.
    const run = INTEGRITY_RUN(
      Array.from({ length: 50 }, (_, i) => forgedTrail(i)),
      200_000,
    );
    const fake = shown(<IntegrityView lake={null} onShowEvents={() => undefined} />);
    await fake.named('integrity:get-run')[0]!.answer(run);
    expect(screen.getByTestId('trails-not-all-listed').textContent).toBe(
      'The run has 200,000 trails: the first 50 can be listed here. trailscope verify --json and the integrity_trails table hold them all.',
    );
  });
});

function INTEGRITY_RUN(trails: IntegrityTrail[], trailsTotal = trails.length): IntegrityRun {
  const none = { valid: 0, invalid: 0, missing: 0, unlisted: 0, unverifiable: 0 };
  return {
    run_id: 1,
    ran_at: '2026-11-03T09:00:00Z',
    trailscope_version: '0.1.0',
    inputs: { digests: trails.length, listings: 0, log_files: 0, signatures: 0, keys: 0 },
    keys: [],
    summary: {
      digests: { ...none, valid: trails.length },
      log_files: none,
      gaps: 0,
      gap_hours: 0,
      signatures: { verified: 0, failed: 0, not_checked: trails.length },
      keys: [],
      rejected_keys: [],
      notes: [],
    },
    trails,
    trails_total: trailsTotal,
    gaps: [],
    sources_since: 0,
  };
}

describe('a failure quoting a log value', () => {
  const QUOTED = `Conversion Error: Could not convert string 'Get${RLO}txt.exe' to INT32`;
  const SHOWN = "Conversion Error: Could not convert string 'Get\\u202etxt.exe' to INT32";

  it("shows DuckDB's message in the console with the value's invisible characters as codes", async () => {
    const fake = shown(<ConsoleView />);
    const empty: Record<string, unknown> = {
      'query:describe-schema': { tables: [], json_paths: [] },
      'query:list-hunts': [],
      'query:list-saved': [],
      'query:list-history': [],
      'detect:overview': { run: null, rules: [] },
    };
    for (const request of [...fake.asked]) if (request.name in empty) await request.answer(empty[request.name]);
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await fake.named('query:run')[0]!.fail({ kind: 'query', message: QUOTED });
    expect(document.querySelector('.query-error')!.textContent).toBe(SHOWN);
    expect(pageText()).not.toMatch(INVISIBLE);
  });

  it('shows a failed request of a view the same way', async () => {
    const fake = shown(
      <RecordPanel
        eventKey="e@1"
        onClose={() => undefined}
        onFilter={() => undefined}
        onExclude={() => undefined}
        onPivot={() => undefined}
        onRange={() => undefined}
        onSearch={() => undefined}
        onBookmark={() => undefined}
      />,
    );
    await fake.named('event:list-fields')[0]!.fail({ kind: 'query', message: QUOTED });
    expect(within(screen.getByTestId('record-panel')).getByRole('alert').textContent).toBe(SHOWN);
  });

  it('shows how an ingest failed the same way', async () => {
    const fake = shown(<IngestPanel />);
    fireEvent.change(screen.getByLabelText(/Folders, files or archives/), { target: { value: '/evidence' } });
    act(() => screen.getByRole('button', { name: 'Ingest' }).click());
    await fake.named('ingest:start')[0]!.answer({ jobId: 'i1', detectJobId: null });
    await fake.emit({
      name: 'job:finished',
      payload: { jobId: 'i1', kind: 'ingest', outcome: { ok: false, error: { kind: 'internal', message: QUOTED } } },
    });
    expect(screen.getByRole('alert').textContent).toBe(`The ingest failed: ${SHOWN}`);
  });
});
