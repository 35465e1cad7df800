import {
  type BucketSeconds,
  bucketSeconds,
  type ExploreFilter,
  MAX_BUCKETS,
  type StackDimension,
  type Volume,
  type VolumeBucket,
  type VolumeFocus,
  type VolumeOutlier,
} from '../../../shared/model/explore.ts';
import { apiTime, bucketIndex, bucketStartMs, CHART_END_MS, CHART_START_MS } from '../../../shared/volume-buckets.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { summarizedSpan } from './chart-summary.ts';
import { summarizedDistinct } from './facet-summary.ts';
import { filterScope, isoMs, matchingCount, NO_FILTER, paramsFor, type SqlParams } from './filter-sql.ts';
import { bucketIndexSql, chooseBucket, IN_CHART_SQL, SPAN_SQL } from './volume-bucket.ts';
import {
  countInOneScan,
  countInTwoScans,
  ONE_SCAN_VALUES,
  type StackCounts,
  type StackQuery,
} from './volume-counts.ts';
import { droppedEvents, edgeBars, eventFocus, FOCUS_MIN_EVENTS, FOCUS_WORTH, nothingToFocus } from './volume-focus.ts';
import { pinsOf, stackedSeries } from './volume-series.ts';

export interface VolumeOptions {
  /** The most bars the chart has room for (one per two pixels of its width); never above MAX_BUCKETS. */
  maxBars?: number;
  /** The finest bucket the analyst wants; a coarser one is taken when it would give too many bars. */
  bucket?: BucketSeconds;
  /** Values of the stack dimension that get a series of their own whatever their count. */
  pinned?: (string | null)[];
}

/**
 * Events per time bucket, stacked by the most frequent values of one dimension (pinned ones
 * first), with errors counted apart. Buckets are aligned to the UTC epoch (weeks to Mondays,
 * months and years to the calendar), and empty buckets are returned as zeros so gaps in the
 * logs show as gaps. However wide the range or wild the times, there are at most `maxBars`
 * bars: times outside the years 1 to 9999 are counted in `outside`, not charted. No events is
 * an empty chart, never an error.
 */
export function volume(
  store: CaseStore,
  filter: ExploreFilter,
  stackBy: StackDimension,
  options: VolumeOptions = {},
): Promise<Volume> {
  return store.read(async (db) => {
    // Several statements read the filtered events: a text in the filter is searched once for them all.
    const scope = await filterScope(store, db, filter);
    const params = paramsFor(store);
    const where = scope.where(params);
    const asked = {
      from: filter.from ? isoMs(filter.from, 'from') : null,
      to: filter.to ? isoMs(filter.to, 'to') : null,
    };
    const fromMs = asked.from === null ? null : Math.max(asked.from, CHART_START_MS);
    const toMs = asked.to === null ? null : Math.min(asked.to, CHART_END_MS);

    const caseEvents = await matchingCount(store, db, NO_FILTER);
    const few = await fewValues(db, stackBy, caseEvents);
    const charted = `${where} AND ${IN_CHART_SQL}`;
    const pins = pinsOf(options.pinned ?? []);
    const bucketOf = (from: number, to: number) =>
      chooseBucket(from, to, options.maxBars ?? MAX_BUCKETS, options.bucket);
    const stackQuery = (seconds: BucketSeconds): StackQuery => ({
      expr: scope.fields[stackBy],
      charted,
      params,
      bucketSql: bucketIndexSql('event_time', seconds),
      pins,
    });

    // Without a range of its own the chart spans the matching events; a range reaching before
    // year 1 may match events no bar can show. Otherwise this scan is not needed. The whole
    // case's span, and each dimension's count of values, were counted with its summary.
    let span = { fromMs, toMs, outside: 0 };
    let early: { seconds: BucketSeconds; stack: StackCounts } | null = null;
    if (fromMs === null || toMs === null || fromMs !== asked.from) {
      const whole = await summarizedSpan(db, caseEvents);
      let found = where === NO_FILTER ? whole : null;
      // A filter's events lie within the whole case's span, whose bucket is often theirs too:
      // counted by it in the scan that finds their span, they need no second scan unless their
      // own span asks for a finer bucket. The chart of the 1M bench lake's most frequent event
      // name took 82-100 ms against 118-136 ms, the case's 40-46 ms as before (a lake's scan
      // pays a reader per file, the case's span scan 6 ms).
      if (!found && few && whole?.min != null && whole.max != null) {
        const seconds = bucketOf(fromMs ?? Number(whole.min), toMs ?? Number(whole.max) + 1);
        const stack = await countInOneScan(db, { ...stackQuery(seconds), spanOf: where });
        early = { seconds, stack };
        found = stack.span ?? null;
      }
      found ??=
        (await db.row<{ min: string | null; max: string | null; outside: string }>(
          `SELECT ${SPAN_SQL} FROM events WHERE ${where}`,
          params.values,
        )) ?? null;
      const { min = null, max = null, outside = '0' } = found ?? {};
      span = {
        fromMs: fromMs ?? (min === null ? null : Number(min)),
        toMs: toMs ?? (max === null ? null : Number(max) + 1),
        outside: Number(outside),
      };
    }
    if (span.fromMs === null || span.toMs === null || span.toMs <= span.fromMs) {
      return {
        bucket_seconds: bucketSeconds[0],
        from: null,
        to: null,
        stack_by: stackBy,
        series: [],
        buckets: [],
        total: 0,
        errors: 0,
        outside: span.outside,
        rare: [],
        focus: null,
        outliers: [],
      };
    }
    const seconds = bucketOf(span.fromMs, span.toMs);
    const stack =
      early?.seconds === seconds
        ? early.stack
        : few
          ? await countInOneScan(db, stackQuery(seconds))
          : await countInTwoScans(db, stackQuery(seconds));
    const stacked = stackedSeries(stack.ranked, pins);

    const first = bucketIndex(span.fromMs, seconds);
    const last = bucketIndex(span.toMs - 1, seconds);
    const buckets: VolumeBucket[] = [];
    for (let b = first; b <= last; b++)
      buckets.push({ start: apiTime(bucketStartMs(b, seconds)), counts: stacked.series.map(() => 0), errors: 0 });
    const perBucket = buckets.map(() => 0);
    let total = 0;
    let errors = 0;
    for (const count of stack.counts) {
      const slot = buckets[Number(count.bucket) - first];
      if (!slot) continue;
      const value = count.place === null ? undefined : stack.kept[Number(count.place) - 1];
      const named = value === undefined ? -1 : stacked.named.indexOf(value);
      const index = named < 0 ? stacked.named.length : named;
      const [n, errs] = [Number(count.n), Number(count.errors)];
      slot.counts[index] = (slot.counts[index] ?? 0) + n;
      slot.errors += errs;
      perBucket[Number(count.bucket) - first]! += n;
      total += n;
      errors += errs;
    }
    const chartTo = bucketStartMs(last + 1, seconds);
    const placed = await focusOf(db, charted, params.fork(), total, {
      lake: store.lake !== null,
      first,
      seconds,
      counts: perBucket,
    });
    const worth =
      placed !== null &&
      (placed.outliers.length > 0 || focusSpan(placed.focus) < FOCUS_WORTH * (chartTo - span.fromMs));
    return {
      bucket_seconds: seconds,
      from: buckets[0]!.start,
      to: apiTime(chartTo),
      stack_by: stackBy,
      series: stacked.series,
      buckets,
      total,
      errors,
      outside: span.outside,
      rare: stacked.rare,
      focus: worth ? placed.focus : null,
      outliers: placed?.outliers ?? [],
    };
  });
}

/** Whether the dimension has few enough values over the whole case to count in one scan (volume-counts.ts). */
async function fewValues(db: CaseReader, dimension: StackDimension, caseEvents: number): Promise<boolean> {
  const values = await summarizedDistinct(db, dimension, caseEvents);
  return values !== null && values <= ONE_SCAN_VALUES;
}

const focusSpan = (focus: VolumeFocus) => Date.parse(focus.to) - Date.parse(focus.from);
const toSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The chart's bars: the first one's number, their width, and the events in each; and whether they chart a lake's events. */
interface Bars {
  lake: boolean;
  first: number;
  seconds: BucketSeconds;
  counts: number[];
}

/**
 * Where the charted events are, and the outliers grouped by bar. Reads the earliest and the
 * latest 1% of the event times, never all of them, and only from the bars that hold them.
 */
async function focusOf(
  db: CaseReader,
  charted: string,
  params: SqlParams,
  events: number,
  bars: Bars,
): Promise<{ focus: VolumeFocus; outliers: VolumeOutlier[] } | null> {
  if (events < FOCUS_MIN_EVENTS) return null;
  const needed = droppedEvents(events) + 1;
  // The bars' counts tell which hold the earliest and the latest events wanted: read only
  // those (on the 5M-event bench case, 39–49 ms against 125–135 ms for every event's time).
  const edges = edgeBars(bars.counts, needed);
  if (edges && nothingToFocus(bars.counts, edges)) return null;
  let near = '';
  if (edges) {
    const time = (bar: number) =>
      `make_timestamptz(${params.add(bucketStartMs(bars.first + bar, bars.seconds))}::BIGINT * 1000)`;
    const [before, from] = [time(edges.early + 1), time(edges.late)];
    near = ` AND (event_time < ${before} OR event_time >= ${from})`;
    // A lake's files are by day: the other days' are not opened.
    const day = (t: string) => `CAST(timezone('UTC', ${t}) AS DATE)`;
    if (bars.lake) near += ` AND ("date" <= ${day(before)} OR "date" >= ${day(from)})`;
  }
  // min(x, n) and max(x, n) keep the n least and greatest in one scan: a third of the time of
  // two ORDER BY … LIMIT n statements on the million-event bench case.
  const n = params.add(needed);
  const row = await db.row<{ firsts: string[]; lasts: string[] }>(
    `SELECT min(epoch_ms(event_time), ${n}) AS firsts, max(epoch_ms(event_time), ${n}) AS lasts FROM events WHERE ${charted}${near}`,
    params.values,
  );
  const times = (list: string[] = []) => list.map(Number).sort((a, b) => a - b);
  const found = eventFocus(events, times(row?.firsts), times(row?.lasts));
  if (!found) return null;
  const groups = new Map<number, number[]>();
  for (const t of found.outliers) {
    const bucket = bucketIndex(t, bars.seconds);
    const group = groups.get(bucket);
    if (group) group.push(t);
    else groups.set(bucket, [t]);
  }
  return {
    focus: { from: apiTime(toSecond(found.fromMs)), to: apiTime(toSecond(found.toMs) + 1000), events: found.events },
    outliers: [...groups.values()].map((ts) => ({
      from: apiTime(toSecond(ts[0]!)),
      to: apiTime(toSecond(ts[ts.length - 1]!) + 1000),
      count: ts.length,
    })),
  };
}
