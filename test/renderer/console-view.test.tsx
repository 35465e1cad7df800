import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Navigation, NavigationContext } from '../../renderer/app/navigation.tsx';
import { useViewState, ViewStateProvider } from '../../renderer/app/view-state.tsx';
import { type ConsoleRequest, ConsoleView } from '../../renderer/features/console/ConsoleView.tsx';
import type { Detection } from '../../shared/model/detection.ts';
import type { QueryRun } from '../../shared/model/query.ts';
import { fakeClient, type Pending, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const TOTAL = 50_000;
const runOf = (queryId: string): QueryRun => ({
  query_id: queryId,
  columns: [
    { name: 'n', type: 'BIGINT' },
    { name: 'event_key', type: 'VARCHAR' },
  ],
  total: TOTAL,
  rows_ready: TOTAL,
  complete: true,
  statements: 1,
  elapsed_ms: 12,
});
const rowsAt = (offset: number, limit: number, descending = false) =>
  Array.from({ length: limit }, (_, i) => (descending ? TOTAL - 1 - offset - i : offset + i)).map((n) => [
    String(n),
    `key-${n}@111122223333`,
  ]);

const HUNT: Detection = {
  id: 'cloudtrail-logging-changed',
  title: 'CloudTrail logging stopped or changed',
  description: 'StopLogging, DeleteTrail and their kin.',
  severity: 'high',
  attack: ['T1562.008'],
  false_positives: 'Administrators.',
  family: 'Logging',
  sql: "SELECT event_time, event_key FROM events WHERE event_name = 'StopLogging'",
  origin: 'pack',
};

/** What another view does through `navigation.query`: it leaves a request for the console in the store. */
function Sender({ request }: { request: ConsoleRequest | null }) {
  const [, setRequest] = useViewState<ConsoleRequest | null>('console.request', null);
  return request ? (
    <button type="button" onClick={() => setRequest(request)}>
      Open in SQL
    </button>
  ) : null;
}

/** The console inside the app's store, shown or not as a tab switch would. */
function mount(request: ConsoleRequest | null = null) {
  const fake = fakeClient();
  const navigation: Navigation = { explore: vi.fn(), query: vi.fn() };
  const app = (shown: boolean): ReactNode => (
    <ViewStateProvider>
      <NavigationContext.Provider value={navigation}>
        {shown ? <ConsoleView /> : <Sender request={request} />}
      </NavigationContext.Provider>
    </ViewStateProvider>
  );
  const view = renderWithClient(fake.client, app(true));
  const show = (shown: boolean) => view.rerender(app(shown));
  /** Answers every read of the shelf and the editor still waiting, as an empty case would. */
  const answerShelf = async () => {
    for (const request of fake.asked.filter((r) => !answered.has(r))) {
      const value = {
        'query:describe-schema': { tables: [], json_paths: [] },
        'query:list-hunts': [HUNT],
        'query:list-saved': [],
        'query:list-history': [],
        'detect:overview': { run: null, rules: [] },
      }[request.name as string];
      if (value === undefined) continue;
      answered.add(request);
      await request.answer(value);
    }
  };
  const answered = new Set<Pending>();
  const answerPages = async () => {
    for (const request of fake.named('query:page').filter((r) => !answered.has(r))) {
      answered.add(request);
      const { offset, limit, sort } = request.params as {
        offset: number;
        limit: number;
        sort?: { descending: boolean };
      };
      await request.answer({ rows: rowsAt(offset, limit, sort?.descending) });
    }
  };
  return { fake, navigation, show, answerShelf, answerPages };
}

const grid = () => screen.getByRole('grid', { name: 'Query result' });

/** A run whose first 1,000 rows are shown while the core still counts the rest. */
async function runStillCounting() {
  const mounted = mount();
  await mounted.answerShelf();
  fireEvent.click(screen.getByRole('button', { name: 'Run' }));
  const run = mounted.fake.named('query:run')[0]!;
  const queryId = String(run.params.query_id);
  await run.answer({ ...runOf(queryId), total: null, rows_ready: 1000 });
  await mounted.answerPages();
  return { ...mounted, queryId };
}

describe('the SQL console', () => {
  it('shows the same query, result, sort and scroll position after a visit to another view', async () => {
    const { fake, show, answerShelf, answerPages } = mount();
    await answerShelf();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const [run] = fake.named('query:run');
    await run!.answer(runOf(String(run!.params.query_id)));
    await answerPages();
    fireEvent.click(screen.getByTitle(/^n \(/));
    fireEvent.click(screen.getByTitle(/^n \(/));
    await answerPages();
    grid().scrollTop = 24 * 20_000;
    fireEvent.scroll(grid());
    await answerPages();
    const pagesBefore = fake.named('query:page').length;

    show(false);
    expect(screen.queryByRole('grid')).toBeNull();
    show(true);
    await answerShelf();
    await answerPages();

    expect(fake.named('query:run')).toHaveLength(1);
    expect(fake.named('query:close')).toEqual([]);
    expect(screen.getByTestId('run-status').textContent).toContain('50,000 rows');
    expect(screen.getByTitle(/^n \(/).getAttribute('aria-sort')).toBe('descending');
    expect(grid().scrollTop).toBe(24 * 20_000);
    // Back where it was: the pages asked are those at the scroll position, in the same sort.
    const asked = fake.named('query:page').slice(pagesBefore);
    expect(asked.map((r) => [r.params.offset, r.params.sort])).toContainEqual([
      20_000,
      { column: 'n', descending: true },
    ]);
    expect(asked.map((r) => r.params.offset)).not.toContain(0);
    expect(grid().querySelector('[aria-rowindex="20001"]')!.textContent).toContain(`key-${TOTAL - 1 - 20_000}@`);
  });

  it('shows the first rows at once, says it is counting, then the exact total, and reads the pages anew from the kept result', async () => {
    const { fake, queryId } = await runStillCounting();
    expect(screen.getByTestId('run-status').textContent).toBe('first 1,000 rows shown, counting the rest… · 12 ms');
    expect(grid().getAttribute('aria-rowcount')).toBe('1000');
    expect(grid().querySelector('[aria-rowindex="1"]')!.textContent).toContain('key-0@');
    expect(screen.getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(false);
    const pagesBefore = fake.named('query:page').length;

    await fake.named('query:total')[0]!.answer({ total: TOTAL });
    expect(fake.named('query:total')[0]!.params).toEqual({ query_id: queryId });
    expect(screen.getByTestId('run-status').textContent).toContain('50,000 rows');
    expect(grid().getAttribute('aria-rowcount')).toBe(String(TOTAL));
    expect(
      fake
        .named('query:page')
        .slice(pagesBefore)
        .map((r) => r.params.offset),
    ).toContain(0);
    expect(screen.getByRole('button', { name: 'Cancel' }).hasAttribute('disabled')).toBe(true);
  });

  it('stops counting on Cancel, and says the rest was not kept', async () => {
    const { fake, queryId } = await runStillCounting();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.named('query:cancel').map((r) => r.params)).toEqual([{ query_id: queryId }]);
    await fake.named('query:total')[0]!.fail({
      kind: 'cancelled',
      message: 'Stopped after the first rows: the rest of the result was not kept.',
    });
    expect(screen.getByRole('alert').textContent).toContain('Stopped after the first rows');
    expect(fake.named('query:close').map((r) => r.params.query_id)).toEqual([queryId]);
  });

  it('closes a result in the core when another replaces it, never the one shown', async () => {
    const { fake, show, answerShelf, answerPages } = mount();
    await answerShelf();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const first = fake.named('query:run')[0]!;
    await first.answer(runOf(String(first.params.query_id)));
    await answerPages();
    show(false);
    show(true);
    await answerShelf();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const second = fake.named('query:run')[1]!;
    expect(fake.named('query:close')).toEqual([]);
    await second.answer(runOf(String(second.params.query_id)));
    expect(fake.named('query:close').map((r) => r.params.query_id)).toEqual([first.params.query_id]);
  });

  it('finishes a run while another view is shown, and shows its result on the way back', async () => {
    const { fake, show, answerShelf } = mount();
    await answerShelf();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    show(false);
    const run = fake.named('query:run')[0]!;
    await run.answer(runOf(String(run.params.query_id)));
    show(true);
    await answerShelf();
    expect(screen.getByTestId('run-status').textContent).toContain('50,000 rows');
    expect(screen.getByRole('grid', { name: 'Query result' })).toBeTruthy();
  });

  it('writes and runs a query sent from another view, once', async () => {
    const sent = { sql: "SELECT * FROM events WHERE source_ip = '203.0.113.66'", run: true, id: 'r1' };
    const { fake, show, answerShelf } = mount(sent);
    await answerShelf();
    show(false);
    fireEvent.click(screen.getByRole('button', { name: 'Open in SQL' }));
    show(true);
    await answerShelf();
    expect(fake.named('query:run').map((r) => r.params.sql)).toEqual([sent.sql]);
    expect(screen.getByRole('textbox', { name: 'SQL' }).textContent).toBe(sent.sql);
    show(false);
    show(true);
    expect(fake.named('query:run')).toHaveLength(1);
  });

  it("opens an event_key cell's event in the explorer", async () => {
    const { fake, navigation, answerShelf, answerPages } = mount();
    await answerShelf();
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    const run = fake.named('query:run')[0]!;
    await run.answer(runOf(String(run.params.query_id)));
    await answerPages();
    fireEvent.click(screen.getByRole('button', { name: 'Open event key-3@111122223333' }));
    expect(navigation.explore).toHaveBeenCalledWith({}, 'key-3@111122223333');
  });

  it("drafts a hunt's finding with the hunt's title, severity and technique", async () => {
    const { fake, answerShelf, answerPages } = mount();
    await answerShelf();
    fireEvent.click(screen.getByTitle('Run this hunt'));
    const run = fake.named('query:run')[0]!;
    expect(run.params.sql).toBe(HUNT.sql);
    await run.answer({ ...runOf(String(run.params.query_id)), total: 1 });
    await answerPages();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add as finding' })));
    const form = screen.getByRole('form', { name: 'New finding' });
    expect((within(form).getByLabelText(/^Title/) as HTMLInputElement).value).toBe(HUNT.title);
    expect((within(form).getByLabelText(/^Severity/) as HTMLSelectElement).value).toBe('high');
    expect((within(form).getByLabelText(/^ATT&CK/) as HTMLInputElement).value).toBe('T1562.008');
    expect((within(form).getByLabelText(/^Narrative/) as HTMLTextAreaElement).value).toContain('returned 1 row.');
  });
});
