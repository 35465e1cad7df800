import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
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
  return <ResultGrid run={run} sort={sort} onSort={setSort} />;
}

function openGrid() {
  const fake = fakeClient();
  renderWithClient(fake.client, <Console />);
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
