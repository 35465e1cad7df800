import { act, cleanup, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Navigation, NavigationContext } from '../../renderer/app/navigation.tsx';
import { ViewStateProvider } from '../../renderer/app/view-state.tsx';
import { VolumeChart } from '../../renderer/features/charts/VolumeChart.tsx';
import type { ExploreFilter, Volume } from '../../shared/model/explore.ts';
import { fakeClient, renderWithClient } from './fake-client.tsx';

afterEach(cleanup);

const WITH_OUTLIER: Volume = {
  bucket_seconds: 2_629_746,
  from: '2015-06-01T00:00:00Z',
  to: '2015-09-01T00:00:00Z',
  stack_by: 'event_name',
  series: [
    { value: 'DescribeInstances', other: false },
    { value: null, other: true },
  ],
  buckets: [
    { start: '2015-06-01T00:00:00Z', counts: [0, 1], errors: 0 },
    { start: '2015-07-01T00:00:00Z', counts: [0, 0], errors: 0 },
    { start: '2015-08-01T00:00:00Z', counts: [400, 12], errors: 1 },
  ],
  total: 413,
  errors: 1,
  outside: 0,
  rare: [
    { value: 'StopLogging', count: 1 },
    { value: 'UpdatePipeline', count: 4 },
  ],
  focus: { from: '2015-08-03T00:19:07Z', to: '2015-08-16T21:38:01Z', events: 412 },
  outliers: [{ from: '2015-06-17T19:12:20Z', to: '2015-06-17T19:12:21Z', count: 1 }],
};

const EMPTY: Volume = {
  ...WITH_OUTLIER,
  bucket_seconds: 300,
  series: [],
  buckets: [{ start: '2015-08-03T00:00:00Z', counts: [], errors: 0 }],
  total: 0,
  errors: 0,
  rare: [],
  focus: null,
  outliers: [],
};

/** The Charts view's chart as the app holds it: the filter above it, the view store and the pivots around it. */
function Host({ shown, navigation, onRange }: { shown: boolean; navigation: Navigation; onRange: () => void }) {
  const [filter, setFilter] = useState<ExploreFilter>({});
  return (
    <NavigationContext.Provider value={navigation}>
      <button type="button" onClick={() => setFilter({ from: '2015-08-03T00:00:00Z', to: '2015-08-04T00:00:00Z' })}>
        narrow
      </button>
      {shown && <VolumeChart filter={filter} onRange={onRange} onToggle={() => undefined} height={200} detail />}
    </NavigationContext.Provider>
  );
}

function setUp() {
  const fake = fakeClient();
  const navigation = { explore: vi.fn(), query: vi.fn() };
  const onRange = vi.fn();
  const ui = (shown: boolean) => (
    <ViewStateProvider>
      <Host shown={shown} navigation={navigation} onRange={onRange} />
    </ViewStateProvider>
  );
  const view = renderWithClient(fake.client, ui(true));
  const asked = () => fake.named('explore:chart-volume');
  return { ...fake, navigation, onRange, asked, rerender: (shown: boolean) => view.rerender(ui(shown)) };
}

describe('the volume chart', () => {
  it('asks for as many bars as its width allows, stacked by event name, and names the outlier and the rare values', async () => {
    const { asked, onRange, navigation } = setUp();
    expect(asked()).toHaveLength(1);
    expect(asked()[0]!.params).toEqual({ filter: {}, stack_by: 'event_name', max_bars: 300, pinned: [] });
    await asked()[0]!.answer(WITH_OUTLIER);

    expect(screen.getByTestId('volume-summary').textContent).toBe(
      '413 events, 1 failed · 1 month per bar (months from the 1st) · UTC · drag across the bars to zoom in',
    );
    act(() => screen.getByRole('button', { name: 'Zoom to where the events are' }).click());
    expect(onRange).toHaveBeenLastCalledWith('2015-08-03T00:19:07Z', '2015-08-16T21:38:01Z');

    const outliers = screen.getByTestId('volume-outliers');
    expect(outliers.textContent).toBe('Far from the rest: 2015-06-17 19:12 · 1 event');
    act(() => within(outliers).getByRole('button').click());
    expect(onRange).toHaveBeenLastCalledWith('2015-06-17T19:12:20Z', '2015-06-17T19:12:21Z');

    const rare = screen.getByRole('complementary', { name: 'Rare event names' });
    expect(
      within(rare)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['StopLogging1pinevents', 'UpdatePipeline4pinevents']);
    act(() => within(rare).getByRole('button', { name: 'Events with StopLogging' }).click());
    expect(navigation.explore).toHaveBeenCalledWith({ fields: { event_name: ['StopLogging'] } });
  });

  it('asks again with a value pinned, and keeps the pin and the stacking when it comes back', async () => {
    const { asked, rerender } = setUp();
    await asked()[0]!.answer(WITH_OUTLIER);
    act(() => screen.getByRole('button', { name: 'Pin StopLogging' }).click());
    expect(asked().at(-1)!.params).toMatchObject({ stack_by: 'event_name', pinned: ['StopLogging'] });

    rerender(false);
    rerender(true);
    expect(asked().at(-1)!.params).toMatchObject({ stack_by: 'event_name', pinned: ['StopLogging'] });
    await asked()
      .at(-1)!
      .answer({
        ...WITH_OUTLIER,
        series: [{ value: 'StopLogging', other: false, pinned: true }, ...WITH_OUTLIER.series],
        buckets: WITH_OUTLIER.buckets.map((b) => ({ ...b, counts: [0, ...b.counts] })),
      });
    const legend = screen.getByRole('list', { name: 'Legend: Event name' });
    expect(within(legend).getByRole('button', { name: 'Unpin StopLogging' }).getAttribute('aria-pressed')).toBe('true');
    expect(legend.textContent).toContain('StopLogging none in range');
  });

  it('shows an empty range as an empty state, and not the chart of the range before', async () => {
    const { asked } = setUp();
    await asked()[0]!.answer(WITH_OUTLIER);
    expect(screen.queryByRole('list', { name: 'Legend: Event name' })).not.toBeNull();
    act(() => screen.getByRole('button', { name: 'narrow' }).click());
    await asked().at(-1)!.answer(EMPTY);
    expect(screen.getByTestId('volume-empty').textContent).toBe('No events in this range.');
    expect(screen.queryByRole('list', { name: 'Legend: Event name' })).toBeNull();
    expect(screen.queryByTestId('volume-summary')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failure alone, never beside the chart it had before', async () => {
    const { asked } = setUp();
    await asked()[0]!.answer(WITH_OUTLIER);
    act(() => screen.getByRole('button', { name: 'narrow' }).click());
    await asked().at(-1)!.fail({ kind: 'internal', message: 'the case file went away' });
    expect(screen.getByRole('alert').textContent).toContain('the case file went away');
    expect(screen.queryByRole('list', { name: 'Legend: Event name' })).toBeNull();
    expect(screen.queryByTestId('volume-summary')).toBeNull();
  });
});
