import { describe, expect, it } from 'vitest';
import { barCount, chooseBucket } from '../../electron/core/explore/volume-bucket.ts';
import {
  denseRange,
  droppedEvents,
  edgeBars,
  eventFocus,
  FOCUS_WORTH,
  nothingToFocus,
} from '../../electron/core/explore/volume-focus.ts';
import { clipApart } from '../../renderer/components/clip-apart.ts';
import { barAt, barsRange, maxBarsFor, PLOT_INSETS, plotWidth } from '../../renderer/features/charts/plot-geometry.ts';
import { bucketAlignment, bucketLabel, bucketSpan, spanOf } from '../../renderer/features/charts/time-axis.ts';
import { MAX_BUCKETS, type Volume } from '../../shared/model/explore.ts';
import { bucketEnd, bucketIndex, bucketStartMs } from '../../shared/volume-buckets.ts';

const DAY = 86_400_000;
const WEEK = 604_800;
const MONTH = 2_629_746;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('the bucket a chart takes from its width', () => {
  it('gives 11 years at 800 px no more bars than the plot has pixels, in months', () => {
    const from = at('2015-06-17T19:12:20Z');
    const to = at('2026-11-02T21:38:01Z');
    const bars = maxBarsFor(800);
    const seconds = chooseBucket(from, to, bars);
    expect(seconds).toBe(MONTH);
    expect(barCount(from, to, seconds)).toBe(138);
    expect(barCount(from, to, seconds)).toBeLessThanOrEqual(plotWidth(800));
    // Weeks would have been 594 bars: more than the 744 px plot holds at two pixels a bar.
    expect(barCount(from, to, WEEK)).toBeGreaterThan(bars);
  });

  it('never gives more bars than pixels, from 1 px to 4K wide, for spans from a minute to 10,000 years', () => {
    for (const width of [1, 60, 100, 320, 500, 800, 1280, 1920, 3840]) {
      const room = maxBarsFor(width);
      expect(room).toBeLessThanOrEqual(Math.max(1, plotWidth(width) / 2));
      for (let span = 60_000; span < 3e14; span *= 3.1) {
        const from = at('2001-03-04T05:06:07Z');
        const seconds = chooseBucket(from, from + span, room);
        if (seconds !== 31_556_952_000) expect(barCount(from, from + span, seconds)).toBeLessThanOrEqual(room);
      }
    }
  });

  it('asks for the most bars there can be before the chart is laid out, and never more', () => {
    expect(maxBarsFor(0)).toBe(MAX_BUCKETS);
    expect(maxBarsFor(10_000)).toBe(MAX_BUCKETS);
  });

  it("takes the analyst's bucket when it fits, and a coarser one when it does not", () => {
    const from = at('2026-10-20T00:00:00Z');
    expect(chooseBucket(from, from + 14 * DAY, 300, 86_400)).toBe(86_400);
    expect(chooseBucket(from, from + 14 * DAY, 300)).toBe(21_600);
    expect(chooseBucket(from, from + 14 * DAY, 10, 3600)).toBe(WEEK);
  });
});

describe('week and month buckets, in UTC', () => {
  it('start weeks on Mondays at 00:00 UTC', () => {
    // 2026-11-01 is a Sunday: its week began on Monday 26 October.
    const sunday = at('2026-11-01T23:59:59Z');
    expect(iso(bucketStartMs(bucketIndex(sunday, WEEK), WEEK))).toBe('2026-10-26T00:00:00Z');
    expect(iso(bucketStartMs(bucketIndex(at('2026-11-02T00:00:00Z'), WEEK), WEEK))).toBe('2026-11-02T00:00:00Z');
    expect(bucketEnd('2026-10-26T00:00:00Z', WEEK)).toBe('2026-11-02T00:00:00Z');
    // Before the epoch too: 1969-12-31 was a Wednesday.
    expect(iso(bucketStartMs(bucketIndex(at('1969-12-31T12:00:00Z'), WEEK), WEEK))).toBe('1969-12-29T00:00:00Z');
  });

  it('start months on the 1st at 00:00 UTC, whatever their length', () => {
    const month = (t: string) => iso(bucketStartMs(bucketIndex(at(t), MONTH), MONTH));
    expect(month('2024-02-29T23:59:59Z')).toBe('2024-02-01T00:00:00Z');
    expect(month('2024-03-01T00:00:00Z')).toBe('2024-03-01T00:00:00Z');
    expect(bucketEnd('2024-02-01T00:00:00Z', MONTH)).toBe('2024-03-01T00:00:00Z');
    expect(bucketEnd('2015-12-01T00:00:00Z', MONTH)).toBe('2016-01-01T00:00:00Z');
  });

  it('say so: weeks from Monday, months from the 1st, each bar spanning its days', () => {
    expect(bucketAlignment(WEEK)).toBe('weeks from Monday');
    expect(bucketAlignment(MONTH)).toBe('months from the 1st');
    expect(bucketAlignment(3600)).toBe('');
    expect(bucketSpan('2026-10-26T00:00:00Z', WEEK)).toBe('Mon 2026-10-26 – Sun 2026-11-01');
    expect(bucketSpan('2024-02-01T00:00:00Z', MONTH)).toBe('2024-02');
    expect(bucketSpan('2024-10-01T00:00:00Z', 7_889_238)).toBe('2024-10-01 – 2024-12-31');
    expect(bucketSpan('2026-11-02T02:05:00Z', 300)).toBe('2026-11-02 02:05:00 – 02:10:00');
    expect(bucketSpan('2026-11-02T23:00:00Z', 3600)).toBe('2026-11-02 23:00:00 – 2026-11-03 00:00:00');
  });
});

describe('the time axis', () => {
  it('carries the year on its labels when the chart crosses one', () => {
    const crossing = spanOf('2025-12-29T00:00:00Z', '2026-01-05T00:00:00Z');
    expect(bucketLabel('2025-12-29T00:00:00Z', WEEK, crossing)).toBe('2025-12-29');
    expect(bucketLabel('2025-12-31T18:00:00Z', 21_600, crossing)).toBe('2025-12-31 18:00');
    const within = spanOf('2026-10-19T00:00:00Z', '2026-11-02T00:00:00Z');
    expect(bucketLabel('2026-10-19T00:00:00Z', WEEK, within)).toBe('10-19');
    expect(bucketLabel('2015-06-01T00:00:00Z', MONTH, spanOf('2015-06-01T00:00:00Z', '2026-11-01T00:00:00Z'))).toBe(
      '2015-06',
    );
  });
});

describe('where the events are', () => {
  /** The `d + 1` earliest and latest of sorted times, as the core reads them. */
  const ends = (times: number[], d: number) => [times.slice(0, d + 1), times.slice(times.length - d - 1)] as const;

  it('is the smallest range holding all the events but 1%', () => {
    // 200 events: the dense range leaves out 2; the smallest one leaves out the two earliest.
    const times = [0, 50 * DAY, ...Array.from({ length: 198 }, (_, i) => 100 * DAY + i * 60_000)];
    const [firsts, lasts] = ends(times, 2);
    expect(denseRange(firsts, lasts)).toEqual({ fromMs: 100 * DAY, toMs: 100 * DAY + 197 * 60_000, skipped: 2 });
  });

  it('finds it by brute force for any times', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const n = 10 + Math.floor(random() * 400);
      const times = Array.from({ length: n }, () => Math.floor(random() ** 3 * 1e12)).sort((a, b) => a - b);
      const d = Math.max(1, Math.floor(n / 100));
      let smallest = Number.POSITIVE_INFINITY;
      for (let i = 0; i + n - d - 1 < n; i++) smallest = Math.min(smallest, times[i + n - d - 1]! - times[i]!);
      const [firsts, lasts] = ends(times, d);
      const found = denseRange(firsts, lasts);
      expect(found.toMs - found.fromMs).toBe(smallest);
      expect(times.filter((t) => t >= found.fromMs && t <= found.toMs).length).toBeGreaterThanOrEqual(n - d);
    }
  });

  it('marks a lone 2015 record beside a 2026 incident as an outlier, and zooms to the incident', () => {
    const incident = Array.from({ length: 413 }, (_, i) => at('2026-10-20T00:19:07Z') + i * 47 * 60_000);
    const times = [at('2015-06-17T19:12:20Z'), ...incident];
    const [firsts, lasts] = ends(times, 4);
    expect(eventFocus(times.length, firsts, lasts)).toEqual({
      fromMs: incident[0],
      toMs: incident[412],
      events: 413,
      outliers: [at('2015-06-17T19:12:20Z')],
    });
  });

  it('finds no outlier at the edges of steady logs', () => {
    const times = Array.from({ length: 1000 }, (_, i) => i * 60_000);
    const [firsts, lasts] = ends(times, 10);
    expect(eventFocus(1000, firsts, lasts)).toEqual({ fromMs: 0, toMs: 999 * 60_000, events: 1000, outliers: [] });
  });

  it('tells nothing with fewer than ten events', () => {
    expect(eventFocus(9, [0, 1], [2, 3])).toBeNull();
  });
});

describe('the pointer over the plot', () => {
  const box = { left: 100, width: 800 };
  const inner = plotWidth(box.width);
  const plotLeft = box.left + PLOT_INSETS.left;

  it('takes the bar under it, bars sharing the plot equally', () => {
    expect(barAt(plotLeft, box.left, box.width, 10)).toBe(0);
    expect(barAt(plotLeft + inner * 0.55, box.left, box.width, 10)).toBe(5);
    expect(barAt(plotLeft + inner - 0.5, box.left, box.width, 10)).toBe(9);
  });

  it('takes the last bar in the right margin and past the chart, never bar 0', () => {
    expect(barAt(plotLeft + inner, box.left, box.width, 138)).toBe(137);
    expect(barAt(box.left + box.width - 1, box.left, box.width, 138)).toBe(137);
    expect(barAt(box.left + box.width + 400, box.left, box.width, 138)).toBe(137);
  });

  it('takes the first bar on the axis and left of the chart', () => {
    expect(barAt(box.left + 5, box.left, box.width, 138)).toBe(0);
    expect(barAt(0, box.left, box.width, 138)).toBe(0);
  });

  it("reaches the last bucket's end when dragged to the very edge", () => {
    const volume = {
      bucket_seconds: MONTH,
      buckets: [
        { start: '2026-09-01T00:00:00Z', counts: [], errors: 0 },
        { start: '2026-10-01T00:00:00Z', counts: [], errors: 0 },
        { start: '2026-11-01T00:00:00Z', counts: [], errors: 0 },
      ],
    } as unknown as Volume;
    const last = barAt(box.left + box.width + 50, box.left, box.width, 3);
    expect(barsRange(volume, 1, last)).toEqual({ from: '2026-10-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(barsRange(volume, last, 0)).toEqual({ from: '2026-09-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
  });
});

describe('identifiers side by side', () => {
  it('stay apart when they differ only in the middle', () => {
    const arns = ['Admin', 'Audit', 'Deploy', 'ReadOnly'].map(
      (role) => `arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_${role}_0123456789abcdef/alice@example.com`,
    );
    const shown = clipApart(arns, 40);
    expect(new Set(shown).size).toBe(4);
    for (const [i, role] of ['Admin', 'Audit', 'Deploy', 'ReadOnly'].entries()) {
      expect(shown[i]!.length).toBeLessThanOrEqual(40);
      expect(shown[i]).toContain(role.slice(0, 4));
    }
  });

  it('are cut in the middle when that keeps them apart, and whole when they fit', () => {
    expect(clipApart(['10.0.0.1', 'AKIAQDEMOLEAKED00001'], 40)).toEqual(['10.0.0.1', 'AKIAQDEMOLEAKED00001']);
    expect(clipApart(['a'.repeat(30) + 'x', 'b'.repeat(30) + 'y'], 10)).toEqual(['aaa…aaaaax', 'bbb…bbbbby']);
  });
});

describe('the bars holding the earliest and the latest events', () => {
  it('ends each edge at the bar where the events needed are reached', () => {
    expect(edgeBars([1, 0, 2, 5, 5, 5, 3, 0, 1], 3)).toEqual({ early: 2, late: 6 });
    expect(edgeBars([1, 0, 2, 5, 5, 5, 3, 0, 1], 4)).toEqual({ early: 3, late: 6 });
    expect(edgeBars([3, 5, 5, 5, 3], 3)).toEqual({ early: 0, late: 4 });
    expect(edgeBars([0, 0, 4, 9, 9, 9, 4, 0], 5)).toEqual({ early: 3, late: 5 });
    expect(edgeBars([0, 0, 4, 9, 9, 4, 0], 5)).toBeNull();
  });

  it('gives nothing when the two edges leave no bar between them', () => {
    expect(edgeBars([2, 2, 2], 3)).toBeNull();
    expect(edgeBars([5, 5], 3)).toBeNull();
    expect(edgeBars([9], 3)).toBeNull();
    expect(edgeBars([], 3)).toBeNull();
    expect(edgeBars([1, 1, 1], 9)).toBeNull();
  });
});

describe('a chart whose bars alone show there is nothing to focus on', () => {
  const HOUR = 3_600_000;
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const base = at('2026-11-01T00:00:00Z');
  const shapes: Record<string, (n: number) => number[]> = {
    even: (n) => Array.from({ length: n }, () => base + random() * 200 * HOUR),
    'one burst': (n) => Array.from({ length: n }, () => base + (100 + (random() - 0.5) * 10) * HOUR),
    'even with strays': (n) => [
      ...Array.from({ length: n - 3 }, () => base + random() * 50 * HOUR),
      base - 400 * HOUR * random(),
      base + (60 + 300 * random()) * HOUR,
      base + 900 * HOUR,
    ],
    'two bursts': (n) =>
      Array.from({ length: n }, (_, i) => base + (i % 2 === 0 ? 10 : 180) * HOUR + random() * 5 * HOUR),
    'busy edges': (n) =>
      Array.from({ length: n }, (_, i) => base + (i % 10 === 0 ? random() * 200 : i % 10 === 1 ? 5 : 195) * HOUR),
    'a slow start': (n) => Array.from({ length: n }, () => base + 200 * HOUR * Math.sqrt(random())),
  };
  // One stray at every distance around the length of the rest, where it starts being an outlier.
  for (let gap = 30; gap <= 80; gap += 1)
    shapes[`a stray ${gap} hours before`] = (n) => [
      base,
      ...Array.from({ length: n - 1 }, () => base + (gap + random() * 50) * HOUR),
    ];
  for (let gap = 30; gap <= 80; gap += 1)
    shapes[`a stray ${gap} hours after`] = (n) => [
      ...Array.from({ length: n - 1 }, () => base + random() * 50 * HOUR),
      base + (50 + gap) * HOUR,
    ];

  it('says so only when the chart read from every event time has no outlier and no focus worth offering', () => {
    let skipped = 0;
    let read = 0;
    for (const [name, make] of Object.entries(shapes))
      for (const n of [10, 11, 57, 100, 199, 1_000, 5_000])
        for (const emptyBefore of [0, 3, 40]) {
          const times = make(n).sort((a, b) => a - b);
          // A range of the analyst's own may start the chart before the first event.
          const fromMs = times[0]! - emptyBefore * HOUR;
          const first = Math.floor(fromMs / HOUR);
          const counts = Array.from({ length: Math.floor(times.at(-1)! / HOUR) - first + 1 }, () => 0);
          for (const t of times) counts[Math.floor(t / HOUR) - first]! += 1;
          const needed = droppedEvents(n) + 1;
          const edges = edgeBars(counts, needed);
          if (!edges || !nothingToFocus(counts, edges)) {
            read++;
            continue;
          }
          skipped++;
          const focus = eventFocus(n, times.slice(0, needed), times.slice(-needed))!;
          const chartSpan = (first + counts.length) * HOUR - fromMs;
          expect(focus.outliers, `${name}, ${n} events`).toEqual([]);
          expect(focus.toMs - focus.fromMs, `${name}, ${n} events`).toBeGreaterThanOrEqual(FOCUS_WORTH * chartSpan);
        }
    expect(skipped).toBeGreaterThan(10);
    expect(read).toBeGreaterThan(10);
  });

  it('reads the times when a stray could be an outlier, or the events fill less of the chart', () => {
    const steady = Array.from({ length: 100 }, () => 10);
    expect(nothingToFocus(steady, edgeBars(steady, 11)!)).toBe(true);
    // Ten hours before a hundred of steady events is not an outlier; a hundred and fifty could be.
    const near = [1, ...Array.from({ length: 9 }, () => 0), ...steady];
    expect(nothingToFocus(near, edgeBars(near, 11)!)).toBe(true);
    const far = [1, ...Array.from({ length: 149 }, () => 0), ...steady];
    expect(nothingToFocus(far, edgeBars(far, 11)!)).toBe(false);
    const emptyFifth = [...Array.from({ length: 25 }, () => 0), ...steady];
    expect(nothingToFocus(emptyFifth, edgeBars(emptyFifth, 11)!)).toBe(false);
    const heavyEnd = [...steady, 500];
    expect(nothingToFocus(heavyEnd, edgeBars(heavyEnd, 11)!)).toBe(true);
  });
});
