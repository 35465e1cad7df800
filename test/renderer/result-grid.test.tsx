import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewStateProvider } from '../../renderer/app/view-state.tsx';
import { ResultGrid } from '../../renderer/features/console/ResultGrid.tsx';
import type { QueryRun, QuerySort } from '../../shared/model/query.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const MILLION = 1_000_000;
const run: QueryRun = {
  query_id: 'q1',
  columns: [
    { name: 'n', type: 'BIGINT' },
    { name: 'label', type: 'VARCHAR' },
  ],
  total: MILLION,
  rows_ready: 1000,
  complete: true,
  statements: 1,
  elapsed_ms: 5,
};

/** The page the core would answer for `SELECT range AS n, 'row ' || range AS label FROM range(1000000)`. */
function page(params: Record<string, unknown>) {
  const offset = params.offset as number;
  const descending = (params.sort as QuerySort | undefined)?.descending ?? false;
  return {
    rows: Array.from({ length: params.limit as number }, (_, i) =>
      descending ? MILLION - 1 - offset - i : offset + i,
    ).map((n) => [String(n), `row ${n}`]),
  };
}

function Console() {
  const [sort, setSort] = useState<QuerySort | null>(null);
  return <ResultGrid run={run} sort={sort} onSort={setSort} onExplore={() => undefined} onRunAgain={() => undefined} />;
}

function openGrid() {
  const fake = fakeClient();
  renderWithClient(
    fake.client,
    <ViewStateProvider>
      <Console />
    </ViewStateProvider>,
  );
  const pages = () => fake.named('query:page');
  const sortBy = (column: string) => fireEvent.click(screen.getByTitle(new RegExp(`^${column} \\(`)));
  const firstRow = () => screen.getAllByRole('row')[0]!.textContent;
  return { pages, sortBy, firstRow };
}

describe('the result grid', () => {
  it('shows the descending rows after ascending then descending, when the ascending page answers last', async () => {
    const grid = openGrid();
    await grid.pages()[0]!.answer(page(grid.pages()[0]!.params));
    expect(grid.firstRow()).toContain('row 0');

    grid.sortBy('n');
    grid.sortBy('n');
    const [ascending, descending] = grid.pages().slice(1);
    expect(ascending!.params.sort).toEqual({ column: 'n', descending: false });
    expect(descending!.params.sort).toEqual({ column: 'n', descending: true });

    await descending!.answer(page(descending!.params));
    await ascending!.answer(page(ascending!.params));

    expect(grid.firstRow()).toContain('row 999999');
    expect(screen.getByTitle(/^n \(/).getAttribute('aria-sort')).toBe('descending');
  });

  it('never shows an earlier sort that answers first: its rows wait for their own page', async () => {
    const grid = openGrid();
    await grid.pages()[0]!.answer(page(grid.pages()[0]!.params));

    grid.sortBy('n');
    grid.sortBy('n');
    const [ascending, descending] = grid.pages().slice(1);

    await ascending!.answer(page(ascending!.params));
    expect(grid.firstRow()).not.toContain('row 0');

    await descending!.answer(page(descending!.params));
    expect(grid.firstRow()).toContain('row 999999');
  });

  it('asks for the top page of a new sort, not the pages at the old scroll position', async () => {
    const grid = openGrid();
    await grid.pages()[0]!.answer(page(grid.pages()[0]!.params));
    const scroller = screen.getByRole('grid');
    scroller.scrollTop = 4_000_000;
    fireEvent.scroll(scroller);
    const scrolled = grid.pages().at(-1)!;
    expect(scrolled.params.offset).toBeGreaterThan(100_000);

    grid.sortBy('n');
    expect(
      grid
        .pages()
        .slice(grid.pages().indexOf(scrolled) + 1)
        .map((r) => [r.params.offset, r.params.sort]),
    ).toEqual([[0, { column: 'n', descending: false }]]);
  });
});

describe('cells that lead elsewhere', () => {
  const linked: QueryRun = {
    query_id: 'q2',
    columns: [
      { name: 'event_id', type: 'VARCHAR' },
      { name: 'source_ip', type: 'VARCHAR' },
      { name: 'identity_arn', type: 'VARCHAR' },
    ],
    total: 1,
    rows_ready: 1,
    complete: true,
    statements: 1,
    elapsed_ms: 3,
  };
  const ARN = `arn:aws:sts::111122223333:assumed-role/${'OrganizationAccountAccessRole'.repeat(3)}/session-end-42`;

  async function shown() {
    const fake = fakeClient();
    const explore = vi.fn();
    renderWithClient(
      fake.client,
      <ViewStateProvider>
        <ResultGrid
          run={linked}
          sort={null}
          onSort={() => undefined}
          onExplore={explore}
          onRunAgain={() => undefined}
        />
      </ViewStateProvider>,
    );
    await fake.named('query:page')[0]!.answer({ rows: [['shared-id', '203.0.113.66', ARN]] });
    const cell = (column: number) => screen.getAllByRole('gridcell')[column]!;
    return { fake, explore, cell };
  }

  it('pivots from a value of an explorer field to every event with it', async () => {
    const { explore, cell } = await shown();
    fireEvent.click(cell(1));
    fireEvent.click(screen.getByRole('button', { name: 'Show events with this Source IP' }));
    expect(explore).toHaveBeenCalledWith({ fields: { source_ip: ['203.0.113.66'] } });
  });

  it('opens the event of an event id, letting the analyst pick the account when two received it', async () => {
    const { fake, explore, cell } = await shown();
    fireEvent.click(cell(0));
    const lookup = fake.named('query:events-by-id')[0]!;
    expect(lookup.params).toEqual({ event_id: 'shared-id' });
    await lookup.answer([
      { event_key: 'shared-id@111122223333', recipient_account_id: '111122223333', event_time: 'x', event_name: 'A' },
      { event_key: 'shared-id@444455556666', recipient_account_id: '444455556666', event_time: 'x', event_name: 'A' },
    ]);
    fireEvent.click(screen.getByRole('button', { name: '444455556666' }));
    expect(explore).toHaveBeenCalledWith({}, 'shared-id@444455556666');
  });

  it('cuts an identifier longer than its column in the middle, whole on hover and in the copy', async () => {
    const { cell } = await shown();
    const arn = cell(2);
    // The account stays whole, and the end of the role session.
    expect(arn.textContent).toMatch(/^arn:aws:sts::111122223333:assumed-role\/.*….*session-end-42$/);
    expect(arn.textContent!.length).toBe(72);
    expect(arn.getAttribute('title')).toBe(ARN);
    fireEvent.click(arn);
    const data = new Map<string, string>();
    const copy = new Event('copy', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    copy.clipboardData = { setData: (type: string, value: string) => data.set(type, value) };
    arn.dispatchEvent(copy);
    expect(data.get('text/plain')).toBe(ARN);
  });
});

describe('hostile text in a cell', () => {
  it('shows control and bidirectional characters by their codes, and copies the value as it is', async () => {
    const fake = fakeClient();
    const one: QueryRun = { ...run, query_id: 'q3', columns: [{ name: 'user_agent', type: 'VARCHAR' }], total: 1 };
    renderWithClient(
      fake.client,
      <ViewStateProvider>
        <ResultGrid
          run={one}
          sort={null}
          onSort={() => undefined}
          onExplore={() => undefined}
          onRunAgain={() => undefined}
        />
      </ViewStateProvider>,
    );
    await fake.named('query:page')[0]!.answer({ rows: [['evil\u202etxt.exe\u001b[2J']] });
    const cell = screen.getAllByRole('gridcell')[0]!;
    expect(cell.textContent).toBe('evil\\u202etxt.exe\\u001b[2J');
    fireEvent.click(cell);
    const data = new Map<string, string>();
    const copy = new Event('copy', { bubbles: true, cancelable: true }) as Event & { clipboardData: unknown };
    copy.clipboardData = { setData: (type: string, value: string) => data.set(type, value) };
    cell.dispatchEvent(copy);
    expect(data.get('text/plain')).toBe('evil\u202etxt.exe\u001b[2J');
  });
});
