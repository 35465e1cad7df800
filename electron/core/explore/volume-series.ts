import type { ValueCount, VolumeSeries } from '../../../shared/model/explore.ts';
import { clipped, LISTED_CHARS } from './field-sql.ts';

/** Stacks beyond this many values get unreadable; the rest is summed as "other". */
export const STACKED_VALUES = 8;
/** The rarest values listed beside the chart: the StopLogging an "other" would hide. */
export const RARE_VALUES = 8;

/**
 * A value's count among the charted events: the most frequent come back whole, since events
 * are matched against them; the rarest are only listed, so they come back cut to LISTED_CHARS.
 */
export interface RankedValue {
  value: string | null;
  n: string;
  side: 'top' | 'rare';
}

/** How many of the most frequent values the ranking needs: enough to fill the stack around the pins, and one more to know whether "other" is needed. */
export const topValuesNeeded = (pins: readonly (string | null)[]) => STACKED_VALUES + pins.length + 1;
/** How many of the rarest: enough to list RARE_VALUES once those with a series are set aside. */
export const RARE_NEEDED = RARE_VALUES + STACKED_VALUES;

/** Pinned values as the chart takes them: each once, at most STACKED_VALUES. */
export const pinsOf = (pinned: readonly (string | null)[]) => [...new Set(pinned)].slice(0, STACKED_VALUES);

export interface StackedSeries {
  series: VolumeSeries[];
  /** The values with a series of their own, in series order; "other", if any, comes after them. */
  named: (string | null)[];
  rare: ValueCount[];
}

/**
 * The series of a stacked chart: the pinned values first, whether the events have them or
 * not, then the most frequent others up to STACKED_VALUES in all, then "other" if any value
 * is left; and the rarest values left without a series.
 */
export function stackedSeries(ranked: readonly RankedValue[], pins: readonly (string | null)[]): StackedSeries {
  const top = ranked.filter((r) => r.side === 'top' && !pins.includes(r.value)).map((r) => r.value);
  const named = [...pins, ...top.slice(0, STACKED_VALUES - pins.length)];
  const other = top.length > named.length - pins.length;

  const shown = new Set(named.map((v) => (v === null ? null : clipped(v, LISTED_CHARS))));
  const rare = ranked
    .filter((r) => r.side === 'rare' && !shown.has(r.value))
    .slice(0, other ? RARE_VALUES : 0)
    .map((r) => ({ value: r.value, count: Number(r.n) }));

  return {
    series: [
      ...named.map((value, i) => ({
        value: value === null || i < pins.length ? value : clipped(value, LISTED_CHARS),
        other: false,
        ...(i < pins.length ? { pinned: true } : {}),
      })),
      ...(other ? [{ value: null, other: true }] : []),
    ],
    named,
    rare,
  };
}
