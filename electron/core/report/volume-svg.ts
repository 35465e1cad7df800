import { ERROR_COLOR, OTHER_COLOR, SERIES_COLORS } from '../../../shared/chart-palette.ts';
import type { Volume } from '../../../shared/model/explore.ts';
import { bucketName as chartBucketName } from '../../../shared/volume-buckets.ts';
import { html } from './escape.ts';

const WIDTH = 760;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, bottom: 34, left: 52 };

export const seriesColor = (index: number, other: boolean) =>
  other ? OTHER_COLOR : SERIES_COLORS[index % SERIES_COLORS.length]!;

export const seriesLabel = (series: Volume['series'][number]) =>
  series.other ? 'other' : (series.value ?? '(no value)');

/**
 * The volume chart as standalone SVG: stacked bars per bucket, errors as a red bar beside
 * each, and the axes labelled in UTC. Drawn here rather than by the UI's chart library so
 * that a mailed report, or its PDF, carries the chart with no script and no network.
 */
export function volumeSvg(volume: Volume): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = volume.buckets.map((b) => b.counts.reduce((sum, n) => sum + n, 0));
  const top = Math.max(1, ...totals);
  const slot = plotWidth / Math.max(1, volume.buckets.length);
  const barWidth = Math.max(1, slot * 0.8);
  const y = (count: number) => (count / top) * plotHeight;

  const bars = volume.buckets.flatMap((bucket, i) => {
    const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
    let base = MARGIN.top + plotHeight;
    const stack = bucket.counts.flatMap((count, s) => {
      if (count === 0) return [];
      const h = y(count);
      base -= h;
      const series = volume.series[s]!;
      return [
        `<rect x="${x.toFixed(2)}" y="${base.toFixed(2)}" width="${barWidth.toFixed(2)}" height="${h.toFixed(2)}" fill="${seriesColor(s, series.other)}"><title>${html(`${bucket.start} ${seriesLabel(series)}: ${count}`)}</title></rect>`,
      ];
    });
    const errors =
      bucket.errors > 0
        ? [
            `<rect x="${(x + barWidth * 0.7).toFixed(2)}" y="${(MARGIN.top + plotHeight - y(bucket.errors)).toFixed(2)}" width="${Math.max(1, barWidth * 0.3).toFixed(2)}" height="${y(bucket.errors).toFixed(2)}" fill="${ERROR_COLOR}"><title>${html(`${bucket.start} errors: ${bucket.errors}`)}</title></rect>`,
          ]
        : [];
    return [...stack, ...errors];
  });

  const bottom = MARGIN.top + plotHeight;
  const first = volume.buckets[0]?.start ?? volume.from ?? '';
  const last = volume.to ?? '';
  const label = (x: number, yPos: number, text: string, anchor: string) =>
    `<text x="${x}" y="${yPos}" font-size="11" text-anchor="${anchor}" fill="#374151">${html(text)}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${html(`Events per ${bucketName(volume.bucket_seconds)}, ${volume.total} events`)}" font-family="system-ui, sans-serif">`,
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${WIDTH - MARGIN.right}" y2="${bottom}" stroke="#9ca3af"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#9ca3af"/>`,
    label(MARGIN.left - 6, MARGIN.top + 10, String(top), 'end'),
    label(MARGIN.left - 6, bottom, '0', 'end'),
    label(MARGIN.left, bottom + 16, axisTime(first), 'start'),
    label(WIDTH - MARGIN.right, bottom + 16, axisTime(last), 'end'),
    label(MARGIN.left + plotWidth / 2, bottom + 30, `events per ${bucketName(volume.bucket_seconds)}`, 'middle'),
    ...bars,
    '</svg>',
  ].join('\n');
}

const axisTime = (iso: string) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

/** "events per minute", "per 6 hours", "per month": the chart's own names, said without a 1. */
export const bucketName = (seconds: number): string => chartBucketName(seconds).replace(/^1 /, '');
