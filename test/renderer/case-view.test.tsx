import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Navigation, NavigationContext } from '../../renderer/app/navigation.tsx';
import { ViewStateProvider } from '../../renderer/app/view-state.tsx';
import { CaseSummaryView } from '../../renderer/features/cases/CaseSummaryView.tsx';
import { IngestPanel, useIngestRefresh } from '../../renderer/features/ingest/IngestPanel.tsx';
import { SourcesPanel } from '../../renderer/features/sources/SourcesPanel.tsx';
import type { CaseSummary } from '../../shared/api/contract.ts';
import type { CaseLogPage } from '../../shared/model/case-log.ts';
import type { CaseOverview, Ranked } from '../../shared/model/case-overview.ts';
import type { IngestProgress, IngestSummary } from '../../shared/model/ingest.ts';
import type { SourceRow } from '../../shared/model/source.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

function navigation() {
  return { explore: vi.fn<Navigation['explore']>(), query: vi.fn<Navigation['query']>() };
}

function Case({ children, nav }: { children: ReactNode; nav: Navigation }) {
  return (
    <ViewStateProvider>
      <NavigationContext.Provider value={nav}>{children}</NavigationContext.Provider>
    </ViewStateProvider>
  );
}

const SUMMARY: CaseSummary = {
  path: '/cases/acme.duckdb',
  lake: null,
  events: 300_850,
  sources: 1760,
  errors: 2,
  first_event: '2015-06-17T19:12:20Z',
  last_event: '2026-11-02T21:38:00Z',
  accounts: [],
  regions: [],
  event_sources: [],
};

const ranked = (prefix: string, n: number, distinct = n): Ranked => ({
  values: Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, count: 1000 - i })),
  distinct,
  sql: `SELECT ${prefix}`,
});

const ARN = (user: string) =>
  `arn:aws:sts::444455556666:assumed-role/ops-role-with-a-name-longer-than-the-list-shows/${user}`;

const OVERVIEW: CaseOverview = {
  ranked: {
    recipient_account_id: {
      values: [
        { value: '111122223333', count: 5 },
        { value: '210987654321', count: 0 },
      ],
      distinct: 2,
      sql: 'SELECT a',
    },
    aws_region: ranked('region-', 44),
    event_source: ranked('svc-', 9),
    event_name: ranked('Name', 20),
    principal: {
      values: Array.from({ length: 100 }, (_, i) => ({ value: ARN(`user-${i}`), count: 500 - i })),
      distinct: 1211,
      sql: 'SELECT principal',
    },
    error_code: ranked('Err', 1),
  },
  failed_calls: 1,
  files: { loaded: 1757, partly_loaded: 1, not_loaded: 1, duplicates: 1 },
  rejected: { records: 3, files: 1, reasons: [{ value: 'no eventTime: <b>not</b> a record', count: 3 }] },
  conflicts: { events: 1, deliveries: 2 },
  log_entries: 1,
};

describe('the case summary', () => {
  async function shown(overview = OVERVIEW) {
    const fake = fakeClient();
    const nav = navigation();
    renderWithClient(
      fake.client,
      <Case nav={nav}>
        <CaseSummaryView summary={SUMMARY} error={null} />
      </Case>,
    );
    await fake.named('case:overview')[0]!.answer(overview);
    return { ...fake, nav };
  }

  it('counts files by how they loaded, failed calls, rejected records and conflicts, in plurals that agree', async () => {
    const fake = await shown();
    expect(screen.getByTestId('summary-events').textContent).toBe('300,850');
    expect(screen.getByTestId('summary-sources').textContent).toBe(
      '1,760: 1,757 loaded, 1 partly loaded, 1 not loaded, 1 duplicate file',
    );
    expect(screen.getByTestId('summary-failed').textContent).toBe('1 event with an error code');
    expect(screen.getByTestId('summary-rejected').textContent).toBe('3 records in 1 file');
    expect(screen.getByTestId('summary-conflicts').textContent).toBe('1 event, 2 differing deliveries');
    // The reason is log text: shown as it is, never as markup.
    expect(screen.getByTestId('rejected-reasons').textContent).toContain('no eventTime: <b>not</b> a record');
    expect(screen.getByTestId('rejected-reasons').querySelector('b')).toBeNull();
    expect(fake.named('case:list-conflicts').map((r) => r.params)).toEqual([{ limit: 20 }]);
    expect(screen.getByRole('tab', { name: 'Chain of custody (1 entry)' })).toBeTruthy();
  });

  it('ranks each field with a few values first, more on request, and the rest in SQL', async () => {
    const { nav } = await shown();
    const principals = screen.getByTestId('ranked-principal');
    expect(within(principals).getByRole('heading').textContent).toBe('Principals · 1,211 values');
    expect(within(principals).getAllByRole('listitem')).toHaveLength(5);
    act(() => within(principals).getByRole('button', { name: '20 more' }).click());
    expect(within(principals).getAllByRole('listitem')).toHaveLength(25);
    for (let i = 0; i < 3; i++) act(() => within(principals).getByRole('button', { name: '20 more' }).click());
    expect(within(principals).queryByRole('button', { name: /values in SQL/ })).toBeNull();
    act(() => within(principals).getByRole('button', { name: '15 more' }).click());
    expect(within(principals).getAllByRole('listitem')).toHaveLength(100);
    act(() => within(principals).getByRole('button', { name: '1,111 more values in SQL' }).click());
    expect(nav.query).toHaveBeenCalledWith('SELECT principal', true);
    act(() => within(principals).getByRole('button', { name: 'fewer' }).click());
    expect(within(principals).getAllByRole('listitem')).toHaveLength(5);

    // A value pivots to the explorer narrowed to it.
    act(() => within(screen.getByTestId('ranked-event_name')).getAllByRole('button')[0]!.click());
    expect(nav.explore).toHaveBeenCalledWith({ fields: { event_name: ['Name0'] } });
    // An account only the files name has no events to pivot to.
    const accounts = screen.getByTestId('ranked-recipient_account_id');
    expect(within(accounts).getAllByRole('button')).toHaveLength(1);
    expect(within(accounts).getAllByRole('listitem')[1]!.textContent).toBe('210987654321–');
  });

  it('cuts principals where they differ, whole on hover and whole when copied', async () => {
    await shown();
    const items = within(screen.getByTestId('ranked-principal')).getAllByRole('listitem');
    const shown0 = items[0]!.querySelector('.identifier')!;
    const shown1 = items[1]!.querySelector('.identifier')!;
    expect(shown0.textContent).not.toBe(shown1.textContent);
    expect(shown0.textContent).toContain('…');
    expect(shown0.textContent!.endsWith('user-0')).toBe(true);
    expect(shown0.getAttribute('title')).toBe(ARN('user-0'));

    const range = document.createRange();
    range.selectNodeContents(shown0);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    const copied: Record<string, string> = {};
    const copy = new Event('copy', { bubbles: true, cancelable: true });
    Object.defineProperty(copy, 'clipboardData', {
      value: { setData: (type: string, text: string) => (copied[type] = text) },
    });
    act(() => void shown0.dispatchEvent(copy));
    expect(copied['text/plain']).toBe(ARN('user-0'));
    expect(copy.defaultPrevented).toBe(true);
  });

  it('shows the chain of custody in its own tab, newest first, in words', async () => {
    const fake = await shown({ ...OVERVIEW, log_entries: 2 });
    act(() => screen.getByRole('tab', { name: /Chain of custody/ }).click());
    const page: CaseLogPage = {
      entries: [
        {
          id: 'log-1',
          at: '2026-11-03T09:00:00Z',
          action: 'report-exported',
          detail: { name: 'r.html', format: 'html', findings: 1, sha256: 'f'.repeat(64) },
        },
        {
          id: 'ingest-1',
          at: '2026-11-02T09:00:00Z',
          action: 'ingest',
          detail: {
            ingest_id: 1,
            inputs: ['/cases/acme/AWSLogs', '/cases/acme/extra.zip'],
            finished_at: null,
            trailscope_version: '0.1.0',
            files: 1,
            records: 436,
            events_added: 436,
            rejected: 3,
            files_with_errors: 1,
            conflicts: 0,
          },
        },
      ],
      total: 2,
    };
    await fake.named('case:list-log')[0]!.answer(page);
    const entries = screen.getByTestId('case-log').querySelectorAll('.log-entry');
    expect(entries[0]!.textContent).toContain('Report exported');
    expect(entries[0]!.textContent).toContain('r.html (HTML), 1 finding.');
    expect(entries[0]!.textContent).toContain('ffffffff');
    expect(entries[1]!.textContent).toContain(
      'From /cases/acme/AWSLogs and 1 more input: 1 file read, 436 events added, 436 records loaded, 3 records rejected, 1 file with problems. It did not finish (stopped, killed or failed): the batches it committed are in the case.',
    );
    act(() => screen.getAllByRole('button', { name: 'the entry as logged' })[1]!.click());
    expect(screen.getByTestId('case-log').querySelector('pre')!.textContent).toContain('"ingest_id": 1');
  });
});

const SOURCE: SourceRow = {
  source_id: 1,
  path: '/cases/acme/partly.json',
  member: null,
  kind: 'log',
  format: 'trail-log',
  size_stored: 121_000,
  size_content: 121_000,
  sha256_stored: 'a14f5a51'.padEnd(64, '0'),
  sha256_content: null,
  org_id: null,
  account_id: null,
  region: null,
  log_date: null,
  record_count: 436,
  rejected_count: 3,
  status: 'error',
  error: '3 record(s) not loaded, first record 436: no eventTime',
  duplicate_of: null,
  ingested_at: '2026-11-02T09:00:00Z',
};

describe('the sources panel', () => {
  it('calls a file that loaded 436 records and rejected 3 partly loaded, and one that loaded none not loaded', async () => {
    const fake = fakeClient();
    renderWithClient(fake.client, <SourcesPanel total={3} errors={2} />);
    await fake.named('case:list-sources')[0]!.answer([
      SOURCE,
      {
        ...SOURCE,
        source_id: 2,
        path: '/cases/acme/broken.json',
        record_count: 0,
        rejected_count: 0,
        error: 'invalid JSON',
      },
      { ...SOURCE, source_id: 3, path: '/cases/acme/good.json', rejected_count: 0, status: 'ok', error: null },
    ]);
    const status = screen.getAllByTestId('source-status').map((s) => s.firstChild?.textContent);
    expect(status).toEqual(['partly loaded', 'not loaded', 'loaded']);
    const rows = screen.getByTestId('sources').querySelectorAll('tbody tr');
    expect([...rows].map((r) => r.className)).toEqual(['partial', 'failed', '']);
    expect(rows[0]!.textContent).toContain('3 rejected');
    expect(rows[0]!.querySelector('.hash .identifier')!.getAttribute('title')).toBe(SOURCE.sha256_stored);
    expect(screen.getByLabelText(/only files with problems/).parentElement!.textContent).toContain('(2)');
  });
});

const progress = (over: Partial<IngestProgress>): IngestProgress => ({
  kind: 'ingest',
  phase: 'loading',
  filesDone: 10,
  filesSeen: 12,
  bytesDone: 500,
  bytesTotal: 1000,
  records: 50_000,
  recordsCommitted: 15_000,
  eventsAdded: 15_000,
  batchesCommitted: 1,
  batchesTotal: null,
  committing: null,
  conflicts: 0,
  errors: 0,
  fraction: 0.15,
  elapsedSeconds: 4,
  eventsPerSecond: 12_500,
  etaSeconds: null,
  currentPath: '/cases/acme/x.json.gz',
  ...over,
});

const SUMMARY_CANCELLED: IngestSummary = {
  files: 120,
  unchanged: 0,
  records: 45_000,
  events_added: 45_000,
  duplicates: 0,
  rejected: 0,
  conflicts: 0,
  batches: 2,
  discarded: { files: 40, records: 62_000 },
  errors: [],
  error_files: 0,
  cancelled: true,
  seconds: 12.3,
};

describe('the ingest panel', () => {
  async function started() {
    const fake = fakeClient();
    const onCommitted = vi.fn();
    function Case() {
      useIngestRefresh(onCommitted, () => undefined);
      return <IngestPanel />;
    }
    renderWithClient(fake.client, <Case />);
    fireEvent.change(screen.getByLabelText(/Folders, files or archives/), { target: { value: '/cases/acme' } });
    act(() => screen.getByRole('button', { name: 'Ingest' }).click());
    await fake.named('ingest:start')[0]!.answer({ jobId: 'i1', detectJobId: 'd1' });
    const report = (p: IngestProgress) =>
      fake.emit({ name: 'job:progress', payload: { jobId: 'i1', kind: 'ingest', progress: p } });
    const finish = (value: IngestSummary) =>
      fake.emit({ name: 'job:finished', payload: { jobId: 'i1', kind: 'ingest', outcome: { ok: true, value } } });
    return { ...fake, onCommitted, report, finish };
  }

  it('shows reading and committing apart, and the commit phase once every file is read', async () => {
    const { report, onCommitted } = await started();
    await report(progress({ committing: { batch: 2, records: 30_000, step: 'events' } }));
    expect(screen.getByTestId('ingest-stats').textContent).toBe(
      'Reading and committing · 15% · 15,000 records committed in 1 batch · 12,500 records/s · ETA estimating… · 0 errors',
    );
    expect(screen.getByTestId('ingest-reading').textContent).toBe(
      'Reading: 10 files of 12 found, 0 MB of 0 MB, 50,000 records.',
    );
    expect(screen.getByTestId('ingest-commit').textContent).toBe(
      'Committing batch 2 (30,000 records): storing its events.',
    );
    expect(onCommitted).toHaveBeenCalledTimes(1);

    await report(
      progress({
        phase: 'committing',
        filesDone: 12,
        bytesDone: 1000,
        recordsCommitted: 45_000,
        batchesCommitted: 2,
        batchesTotal: 3,
        committing: { batch: 3, records: 5000, step: 'writing' },
        fraction: 0.9,
        etaSeconds: 3,
        conflicts: 1,
      }),
    );
    expect(screen.getByTestId('ingest-stats').textContent).toBe(
      'Committing · 90% · 45,000 records committed in 2 batches · 12,500 records/s · ETA 3 s · 0 errors · 1 conflicting delivery',
    );
    expect(screen.getByTestId('ingest-reading').textContent).toBe('Every file read: 12 files, 50,000 records.');
    expect(screen.getByTestId('ingest-commit').textContent).toBe(
      'Committing batch 3 of 3 (5,000 records): writing it to disk. 1 batch left.',
    );
    expect(screen.getByTestId('ingest-progress').getAttribute('value')).toBe('90');
    expect(screen.getByTestId('ingest-read-progress').getAttribute('value')).toBe('100');
    expect(onCommitted).toHaveBeenCalledTimes(2);
  });

  it('says what a cancel kept, batch by batch, and what it discarded', async () => {
    const { finish } = await started();
    await finish(SUMMARY_CANCELLED);
    expect(screen.getByTestId('ingest-outcome').textContent).toBe(
      'Cancelled: 2 batches committed before the cancel were kept: 120 files read, 45,000 events added, 0 duplicate deliveries linked, 0 records not loaded. 40 files (62,000 records) read after the last commit were discarded whole. Running the same ingest again adds the rest. (12.3 s).',
    );
  });

  it('says why a cancel kept nothing', async () => {
    const { finish } = await started();
    await finish({
      ...SUMMARY_CANCELLED,
      files: 0,
      records: 0,
      events_added: 0,
      batches: 0,
      discarded: { files: 1, records: 107_000 },
    });
    expect(screen.getByTestId('ingest-outcome').textContent).toBe(
      'Cancelled: nothing was kept. Records are committed in batches, each whole or not at all, and no batch had finished committing when the ingest stopped. 1 file (107,000 records) read after the last commit was discarded whole. Running the same ingest again loads everything. (12.3 s).',
    );
  });

  it('warns of conflicting deliveries when an ingest recorded some', async () => {
    const { finish } = await started();
    await finish({ ...SUMMARY_CANCELLED, cancelled: false, batches: 3, discarded: null, conflicts: 2 });
    const outcome = screen.getByTestId('ingest-outcome').textContent!;
    expect(outcome).toContain(
      'Done. 120 files read, 45,000 events added, 0 duplicate deliveries linked, 0 records not loaded, 2 conflicting deliveries recorded (12.3 s).',
    );
    expect(outcome).toContain('evidence of tampering or of a bad export');
  });
});
