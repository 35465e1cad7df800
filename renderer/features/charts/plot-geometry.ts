import { MAX_BUCKETS, type Volume } from '../../../shared/model/explore.ts';
import { bucketEnd } from '../../../shared/volume-buckets.ts';

export const Y_AXIS_WIDTH = 48;
export const X_AXIS_HEIGHT = 30;
export const MARGIN = { top: 4, right: 8, bottom: 0, left: 0 };

/** Where the bars are drawn inside the chart, for what is laid over them and for the pointer. */
export const PLOT_INSETS = {
  left: MARGIN.left + Y_AXIS_WIDTH,
  right: MARGIN.right,
  top: MARGIN.top,
  bottom: X_AXIS_HEIGHT,
};

/** Pixels per bar at the least: one for the bar, one for the gap beside it. */
const BAR_PIXELS = 2;
/** Widths are rounded down to this, so that resizing the window asks again only now and then. */
const WIDTH_STEP = 20;

export const plotWidth = (chartWidth: number) => Math.max(0, chartWidth - PLOT_INSETS.left - PLOT_INSETS.right);

/**
 * The most bars a chart this wide has room for: never more bars than pixels. A chart not laid
 * out yet (width 0) asks for the most there can be.
 */
export function maxBarsFor(chartWidth: number): number {
  if (chartWidth <= 0) return MAX_BUCKETS;
  const width = Math.floor(plotWidth(chartWidth) / WIDTH_STEP) * WIDTH_STEP;
  return Math.min(MAX_BUCKETS, Math.max(1, Math.floor(width / BAR_PIXELS)));
}

/**
 * The bar under a pointer at `clientX`, over a chart whose box starts at `left` and is `width`
 * wide. Bars share the plot's width equally. A pointer in the margins or beyond the chart is
 * taken at the plot's nearer edge, so a drag that ends past the last bar takes the last bar.
 */
export function barAt(clientX: number, left: number, width: number, bars: number): number {
  const inner = plotWidth(width);
  if (bars <= 0 || inner <= 0) return 0;
  const x = clientX - left - PLOT_INSETS.left;
  return Math.min(bars - 1, Math.max(0, Math.floor((x / inner) * bars)));
}

/** The time range of bars `a` to `b` (either order, both taken whole): from the first's start to the last's end. */
export function barsRange(volume: Volume, a: number, b: number): { from: string; to: string } | null {
  const first = volume.buckets[Math.min(a, b)];
  const last = volume.buckets[Math.max(a, b)];
  if (!first || !last) return null;
  return { from: first.start, to: bucketEnd(last.start, volume.bucket_seconds) };
}

/** Where bars `a` to `b` lie across the chart, as CSS lengths: bar i of n fills the i-th n-th of the plot. */
export function barsBox(a: number, b: number, bars: number): { left: string; width: string } {
  const first = Math.min(a, b);
  const span = Math.abs(b - a) + 1;
  const inner = `(100% - ${PLOT_INSETS.left + PLOT_INSETS.right}px)`;
  return {
    left: `calc(${PLOT_INSETS.left}px + ${inner} * ${first / bars})`,
    width: `calc(${inner} * ${span / bars})`,
  };
}

/** Time labels along the axis that fit side by side, each `chars` long at about 7 px a character. */
export function axisTicks(chartWidth: number, chars: number): number {
  if (chartWidth <= 0) return 8;
  return Math.max(2, Math.floor(plotWidth(chartWidth) / (chars * 7 + 24)));
}
