/**
 * Where a chart's events are, and which lie far from the rest: one record of 2015 beside an
 * incident of 2026 stretches the chart over eleven years and squeezes the incident into one
 * bar. Computed from the earliest and the latest few event times only, never from them all.
 */

/** Below this many events no event stands out from the others. */
export const FOCUS_MIN_EVENTS = 10;
/** However close the dense events, one within this of them is still among them. */
const MIN_REACH_MS = 3_600_000;

/** Zooming to where the events are is offered when it takes at least a fifth off the chart. */
export const FOCUS_WORTH = 0.8;

/** How many events the dense range may leave out: 1% of them, and at least one. */
export const droppedEvents = (events: number) => Math.max(1, Math.floor(events / 100));

export interface EventFocus {
  /** The first and the last event that are not outliers, in epoch milliseconds. */
  fromMs: number;
  toMs: number;
  events: number;
  /** The times of the outliers, in order. */
  outliers: number[];
}

/**
 * The smallest range holding all the events but `d` (`droppedEvents`): among n sorted times
 * it starts at some t[i] with i <= d and ends at t[i + n - d - 1], so only the d + 1 earliest
 * times (`firsts`, ascending) and the d + 1 latest (`lasts`, ascending) are needed; the range
 * starting at firsts[i] ends at lasts[i]. On a tie the earliest range is taken.
 */
export function denseRange(firsts: number[], lasts: number[]): { fromMs: number; toMs: number; skipped: number } {
  let best = 0;
  for (let i = 1; i < firsts.length; i++) if (lasts[i]! - firsts[i]! < lasts[best]! - firsts[best]!) best = i;
  return { fromMs: firsts[best]!, toMs: lasts[best]!, skipped: best };
}

/**
 * The events of a chart as the dense range and the outliers: an event left out of the dense
 * range is an outlier when it lies further from that range than the range is long (at least
 * an hour), so the edges of steady logs are never outliers, and a lone old record is. Null
 * with too few events to tell.
 */
export function eventFocus(events: number, firsts: number[], lasts: number[]): EventFocus | null {
  if (events < FOCUS_MIN_EVENTS) return null;
  const dense = denseRange(firsts, lasts);
  const reach = Math.max(dense.toMs - dense.fromMs, MIN_REACH_MS);
  const early = firsts.slice(0, dense.skipped).filter((t) => t < dense.fromMs - reach);
  const late = lasts.slice(dense.skipped + 1).filter((t) => t > dense.toMs + reach);
  const kept = {
    fromMs: firsts[early.length]!,
    toMs: lasts[lasts.length - 1 - late.length]!,
  };
  return { ...kept, events: events - early.length - late.length, outliers: [...early, ...late] };
}

/**
 * The bars holding the `needed` earliest and the `needed` latest events, from the count in each
 * bar: the earliest lie in bars 0 to `early`, the latest in bars `late` onwards. Null when the
 * two overlap, and every bar may hold some of them.
 */
export function edgeBars(counts: readonly number[], needed: number): { early: number; late: number } | null {
  let early = 0;
  for (let seen = counts[0] ?? 0; seen < needed && early < counts.length - 1; ) seen += counts[++early]!;
  let late = counts.length - 1;
  for (let seen = counts[late] ?? 0; seen < needed && late > 0; ) seen += counts[--late]!;
  return early + 1 < late ? { early, late } : null;
}

/**
 * Whether the bars' counts alone prove that the chart has no outliers and no focus worth
 * offering (`FOCUS_WORTH`), so that no event time need be read: on the 5M-event bench case that
 * read was 46 ms of a 282 ms chart, for a focus that is nearly always none. With `edges` from
 * `edgeBars` and bars of width w from the chart's start S, the dense range starts before the
 * end of bar `early` and ends at or after the start of bar `late`, so it is longer than
 * (late - early - 1) w; an early outlier lies before its start by more than that, so before
 * S + (2 early + 2 - late) w, and a late one after S + (2 late - early - 1) w, where no bar is.
 * Without outliers the focus runs from the first event to the last, which lie in the first and
 * the last bar holding any.
 */
export function nothingToFocus(counts: readonly number[], edges: { early: number; late: number }): boolean {
  const { early, late } = edges;
  const between = late - early - 1;
  const first = counts.findIndex((n) => n > 0);
  const last = counts.findLastIndex((n) => n > 0);
  return between >= early + 1 && between >= counts.length - late && last - first - 1 >= FOCUS_WORTH * counts.length;
}
