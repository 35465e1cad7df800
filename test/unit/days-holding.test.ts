import { describe, expect, it } from 'vitest';
import { daysHolding } from '../../electron/core/explore/events-page.ts';

const days: [string, number][] = [
  ['2026-11-01', 100],
  ['2026-11-02', 50],
  ['2026-11-04', 200],
];

describe('the days of a lake that hold an unfiltered page', () => {
  it.each([
    ['the first rows, in the first day', 0, 10, 'oldest-first', { first: '2026-11-01', last: '2026-11-01', before: 0 }],
    ['the first day whole', 0, 100, 'oldest-first', { first: '2026-11-01', last: '2026-11-01', before: 0 }],
    ['one row past it', 0, 101, 'oldest-first', { first: '2026-11-01', last: '2026-11-02', before: 0 }],
    ['starting on the second day', 100, 10, 'oldest-first', { first: '2026-11-02', last: '2026-11-02', before: 100 }],
    ['across three days', 99, 60, 'oldest-first', { first: '2026-11-01', last: '2026-11-04', before: 0 }],
    [
      'past the end, from the last day',
      340,
      50,
      'oldest-first',
      { first: '2026-11-04', last: '2026-11-04', before: 150 },
    ],
    ['the newest rows', 0, 10, 'newest-first', { first: '2026-11-04', last: '2026-11-04', before: 0 }],
    ['newest first, across two days', 190, 20, 'newest-first', { first: '2026-11-02', last: '2026-11-04', before: 0 }],
    [
      'newest first, the oldest day',
      250,
      100,
      'newest-first',
      { first: '2026-11-01', last: '2026-11-01', before: 250 },
    ],
  ] as const)('%s', (_, offset, limit, order, expected) => {
    expect(daysHolding(days, order, offset, limit)).toEqual(expected);
  });

  it('names none for a page past every event, a lake without events, or a case', () => {
    expect(daysHolding(days, 'oldest-first', 350, 10)).toBeNull();
    expect(daysHolding(days, 'newest-first', 400, 10)).toBeNull();
    expect(daysHolding([], 'oldest-first', 0, 10)).toBeNull();
    expect(daysHolding(undefined, 'oldest-first', 0, 10)).toBeNull();
  });
});
