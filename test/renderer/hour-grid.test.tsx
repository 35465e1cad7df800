import { describe, expect, it } from 'vitest';
import { hourGrid, hourText } from '../../renderer/features/integrity/hour-grid.ts';
import type { TrailHours } from '../../shared/model/integrity.ts';

// The renderer's types know no Node; the test runs in Node all the same, whose Date follows TZ.
declare const process: { env: Record<string, string | undefined> };
// Local time is New York's in this file: its clocks went back on 1 November 2026 and forward on 8 March 2026.
process.env.TZ = 'America/New_York';

const hours = (from: string, statuses: string, gaps: [number, number][] = []): TrailHours => ({
  run_id: 1,
  account: '111122223333',
  region: 'us-east-1',
  trail: 'acme-audit',
  home_region: 'us-east-1',
  span_from: from,
  span_hours: statuses.length,
  from,
  first_hour: 0,
  statuses,
  files: [...statuses].map(() => 2),
  problems: [...statuses].map((c) => (c === 'v' || c === '.' ? 0 : 1)),
  gaps,
});

const at = (grid: ReturnType<typeof hourGrid>, day: number, row: number) =>
  grid.cells.find((c) => c.day === day && c.row === row);

describe('the hour strip’s layout', () => {
  it('puts each UTC hour in the column of its day and the row of its hour', () => {
    const grid = hourGrid(hours('2026-11-01T22:00:00Z', 'vvxvn'), 'utc');
    expect(grid.days).toEqual(['2026-11-01', '2026-11-02']);
    expect(grid.cells.map((c) => [c.day, c.row, c.code])).toEqual([
      [0, 22, 'v'],
      [0, 23, 'v'],
      [1, 0, 'x'],
      [1, 1, 'v'],
      [1, 2, 'n'],
    ]);
  });

  it('marks the hours of a gap, whatever their files', () => {
    const grid = hourGrid(hours('2026-11-02T00:00:00Z', 'vmuv', [[1, 3]]), 'utc');
    expect(grid.cells.map((c) => c.gap)).toEqual([false, true, true, false]);
  });

  it('lays out days in local time, with a half-day span crossing midnight there', () => {
    const grid = hourGrid(hours('2026-06-01T02:00:00Z', 'vvvvvv'), 'local');
    expect(grid.days).toEqual(['2026-05-31', '2026-06-01']);
    expect(at(grid, 0, 22)?.indexes).toEqual([0]);
    expect(at(grid, 1, 3)?.indexes).toEqual([5]);
  });

  it('draws the hour a clock repeats in one cell, showing the worse of the two and both counts', () => {
    // 05:00Z is 01:00 EDT, 06:00Z is 01:00 EST: the same local hour twice.
    const grid = hourGrid(hours('2026-11-01T04:00:00Z', 'vvxv'), 'local');
    expect(grid.cells).toHaveLength(3);
    expect(at(grid, 0, 1)).toMatchObject({ indexes: [1, 2], code: 'x', files: 4, problems: 1 });
  });

  it('leaves no cell for the hour a clock skips', () => {
    // 07:00Z is 03:00 EDT: 02:00 never happened in New York on 8 March.
    const grid = hourGrid(hours('2026-03-08T06:00:00Z', 'vvv'), 'local');
    expect(grid.cells.map((c) => c.row)).toEqual([1, 3, 4]);
  });

  it('says each hour in the zone chosen', () => {
    const h = hours('2026-11-02T02:00:00Z', 'vv');
    expect(hourText(h, 1, 'utc')).toBe('2026-11-02 03:00–04:00 UTC');
    expect(hourText(h, 1, 'local')).toBe('2026-11-01 22:00–23:00 UTC-05:00');
  });

  it('is empty for a trail whose digests could not be read', () => {
    expect(hourGrid({ ...hours('2026-11-02T02:00:00Z', ''), from: null }, 'utc')).toEqual({ days: [], cells: [] });
  });
});
