import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewStateProvider } from '../../renderer/app/view-state.tsx';
import { MiddleFit } from '../../renderer/components/MiddleFit.tsx';
import {
  defaultColumns,
  gridColumns,
  MIN_WIDTH,
  resizeColumn,
  toggleColumn,
} from '../../renderer/features/explorer/event-columns.ts';
import { FacetList } from '../../renderer/features/explorer/FacetList.tsx';
import {
  clearField,
  filterKey,
  isExcluded,
  toggleExcluded,
  toggleValue,
  withText,
} from '../../renderer/filter/filter-edits.ts';
import { SearchBox } from '../../renderer/filter/SearchBox.tsx';
import type { Facet, FacetValuePage } from '../../shared/model/explore.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const CI = 'arn:aws:sts::111122223333:assumed-role/ci-runner/build';

describe('choosing and excluding a value', () => {
  it('is one or the other: excluding a chosen value unchooses it, choosing an excluded one takes it back', () => {
    const chosen = toggleValue({}, 'principal', CI);
    expect(chosen).toEqual({ fields: { principal: [CI] } });
    const excluded = toggleExcluded(chosen, 'principal', CI);
    expect(excluded).toEqual({ exclude: { principal: [CI] } });
    expect(isExcluded(excluded, 'principal', CI)).toBe(true);
    expect(toggleValue(excluded, 'principal', CI)).toEqual({ fields: { principal: [CI] } });
    expect(toggleExcluded(excluded, 'principal', CI)).toEqual({});
  });

  it('excludes no value (null) like any other, and clears a field of both', () => {
    const filter = toggleExcluded(toggleValue({}, 'source_ip', '10.0.0.1'), 'error_code', null);
    expect(filter).toEqual({ fields: { source_ip: ['10.0.0.1'] }, exclude: { error_code: [null] } });
    expect(clearField(filter, 'error_code')).toEqual({ fields: { source_ip: ['10.0.0.1'] } });
  });

  it('gives filters that select other events other keys, and equal ones the same', () => {
    const keys = [
      {},
      { fields: { principal: [CI] } },
      { exclude: { principal: [CI] } },
      { text: CI },
      { exclude: { principal: [null] } },
    ].map(filterKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(filterKey({ exclude: { principal: [] } })).toBe(filterKey({}));
    expect(withText({ text: 'x', bookmarked: true }, '')).toEqual({ bookmarked: true });
  });
});

describe("the event list's columns", () => {
  it('come back where they belong when shown again, and keep a width within bounds', () => {
    const hidden = toggleColumn(defaultColumns, 'principal');
    expect(hidden.map((c) => c.id)).not.toContain('principal');
    expect(toggleColumn(hidden, 'principal')).toEqual(defaultColumns);
    expect(resizeColumn(defaultColumns, 'source_ip', 3).find((c) => c.id === 'source_ip')!.width).toBe(MIN_WIDTH);
  });

  it('lay out the star, the time, then each shown column, the last taking the room left', () => {
    const grid = gridColumns([
      { id: 'event', width: 200 },
      { id: 'source_ip', width: 120 },
    ]);
    expect(grid.template).toBe('1.4rem 155px 200px minmax(120px, 1fr)');
  });
});

describe('a value cut in its middle', () => {
  const pieces = (text: string) => {
    const { container } = render(<MiddleFit text={text} />);
    const fit = container.querySelector('.middle-fit')!;
    const data = (name: string) => fit.querySelector(`.middle-fit-${name}`)!.getAttribute('data-text');
    cleanup();
    return { text: fit.textContent, title: fit.getAttribute('title'), head: data('head'), tail: data('tail') };
  };

  it('holds the whole value once, as text to copy and to read, and keeps what differs at its end', () => {
    expect(pieces(CI)).toEqual({
      text: CI,
      title: CI,
      head: 'arn:aws:sts::111122223333:assumed-role',
      tail: '/ci-runner/build',
    });
    expect(pieces('codepipeline:StartPipelineExecution')).toMatchObject({ tail: ':StartPipelineExecution' });
    expect(pieces('198.51.100.23')).toMatchObject({ tail: '100.23' });
    expect(pieces('codepipeline.amazonaws.com')).toMatchObject({ tail: '' });
  });

  it('shows control and bidirectional characters as their codes, never raw', () => {
    expect(pieces('a\u202eb\u0000')).toMatchObject({ text: 'a\\u202eb\\u0000' });
  });
});

describe('the search box', () => {
  it('searches once after a pause in typing, at once on Enter, and trims the text', async () => {
    vi.useFakeTimers();
    const onSearch = vi.fn();
    render(<SearchBox text="" onSearch={onSearch} />);
    const box = screen.getByLabelText('Search every record');
    fireEvent.change(box, { target: { value: 'sg-' } });
    fireEvent.change(box, { target: { value: ' sg-0abc ' } });
    await act(async () => vi.advanceTimersByTime(200));
    expect(onSearch).not.toHaveBeenCalled();
    await act(async () => vi.advanceTimersByTime(400));
    expect(onSearch.mock.calls).toEqual([['sg-0abc']]);
    fireEvent.change(box, { target: { value: 'StopLogging' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSearch).toHaveBeenLastCalledWith('StopLogging');
  });

  it('shows a search changed elsewhere (its chip removed) without searching again', async () => {
    vi.useFakeTimers();
    const onSearch = vi.fn();
    const { rerender } = render(<SearchBox text="bucket" onSearch={onSearch} />);
    rerender(<SearchBox text="" onSearch={onSearch} />);
    await act(async () => vi.advanceTimersByTime(1000));
    expect(screen.getByLabelText<HTMLInputElement>('Search every record').value).toBe('');
    expect(onSearch).not.toHaveBeenCalled();
  });
});

describe('a facet with more values than it shows', () => {
  const value = (v: string, count: number) => ({ value: v, count, selected: false, excluded: false });
  const facet: Facet = {
    dimension: 'event_name',
    values: Array.from({ length: 8 }, (_, i) => value(`Common${i}`, 100 - i)),
    distinct: 120,
    total: 1000,
  };
  const pageOf = (offset: number, names: string[]): FacetValuePage => ({
    dimension: 'event_name',
    offset,
    values: names.map((n) => value(n, 1)),
    matching: 120,
    total: 1000,
  });

  it('shows all of them a page at a time, searches within them, and excludes one with ≠', async () => {
    const fake = fakeClient();
    const onExclude = vi.fn();
    renderWithClient(
      fake.client,
      <ViewStateProvider>
        <FacetList filter={{}} onToggle={() => undefined} onExclude={onExclude} />
      </ViewStateProvider>,
    );
    await fake.named('explore:count-facets')[0]!.answer([facet]);
    act(() => screen.getByRole('button', { name: 'Show all 120 values' }).click());
    expect(fake.named('explore:list-facet-values')[0]!.params).toMatchObject({ offset: 0, limit: 50 });
    await fake.named('explore:list-facet-values')[0]!.answer(pageOf(0, ['Common0', 'StopLogging']));
    expect(screen.getByText('1–2 of 120 values')).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'Next ›' }).click());
    expect(fake.named('explore:list-facet-values')[1]!.params).toMatchObject({ offset: 50 });

    vi.useFakeTimers();
    fireEvent.change(screen.getByLabelText('Find a value of Event name'), { target: { value: 'stop' } });
    await act(async () => vi.advanceTimersByTime(300));
    const searched = fake.named('explore:list-facet-values').at(-1)!;
    expect(searched.params).toMatchObject({ contains: 'stop', offset: 0 });
    await searched.answer({ ...pageOf(0, ['StopLogging']), matching: 1 });
    act(() => screen.getByRole('button', { name: 'Exclude Event name StopLogging' }).click());
    expect(onExclude).toHaveBeenCalledWith('event_name', 'StopLogging');
  });
});
