import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { facetDimensions } from '../../../shared/model/explore.ts';
import { CaseReader } from '../case/case-reader.ts';
import { migrations } from '../case/migrations/index.ts';
import { SUMMARY_VALUES } from '../explore/facet-summary.ts';
import { LISTED_CHARS } from '../explore/field-sql.ts';
import { sha256 } from '../files/hash-file.ts';
import type { LakeManifest } from './lake-layout.ts';
import { readManifest } from './lake-manifest.ts';

/**
 * The explorer's summary of a lake's events (facets, the volume chart's span, the heat map), as
 * the export counted it, kept in the lake beside the files it counted. A side case counts its
 * summary at the lake's first open otherwise: 0.65 of the 0.95 s that first open took on the 1M
 * bench lake, and a count of every event on a lake of a year of an organization's trail. The
 * file is listed in the manifest with its hash like every file the export writes, and it is read
 * only while it is exactly what the export wrote and names the events files the manifest lists
 * now; else the open counts, as before. It is derived data, never evidence: the view over the
 * events files stays what every query reads.
 */
export const SUMMARY_FILE = 'summary.json';

/** A summary file is a few hundred rows; one larger is not one the export wrote, and is not read. */
const MOST_SUMMARY_BYTES = 16 * 1024 * 1024;

const count = z.number().int().min(0);
const epochMs = z.number().int().nullable();

const summarySchema = z.object({
  format: z.literal('trailscope-lake-summary'),
  version: z.literal(1),
  /** What the counts mean: the case schema and the facet lists' rules they were counted under. */
  counted: z.object({ schema: count, valuesPerDimension: count, listedChars: count }),
  events: count,
  /** The events files counted, by `eventsFilesSha256`. */
  eventsFilesSha256: z.string().regex(/^[0-9a-f]{64}$/),
  facets: z.array(
    z.object({
      dimension: z.enum(facetDimensions),
      events: count,
      distinctValues: count,
      value: z.string().nullable(),
      n: count,
      place: z.number().int().min(1).max(SUMMARY_VALUES),
    }),
  ),
  charts: z.object({
    events: count,
    firstMs: epochMs,
    lastMs: epochMs,
    outside: count,
    heatmap: z.array(count).length(168),
  }),
});

type LakeSummary = z.infer<typeof summarySchema>;

const countedUnder = () => ({
  schema: migrations.at(-1)?.version ?? 0,
  valuesPerDimension: SUMMARY_VALUES,
  listedChars: LISTED_CHARS,
});

/** The events files a manifest lists, each by name and hash, in one hash. */
function eventsFilesSha256(manifest: LakeManifest): string {
  const hash = createHash('sha256');
  const names = Object.keys(manifest.files)
    .filter((name) => name.startsWith('events/') && name.endsWith('.parquet'))
    .sort();
  for (const name of names) hash.update(`${JSON.stringify([name, manifest.files[name]?.sha256])}\n`);
  return hash.digest('hex');
}

/**
 * The summary a side case counted over `manifest`'s events, as the lake keeps it. `db` is that
 * side case's; null when it holds no summary of `events` events.
 */
export async function summaryText(db: CaseReader, manifest: LakeManifest, events: number): Promise<string | null> {
  const facets = await db.rows<{
    dimension: LakeSummary['facets'][number]['dimension'];
    events: string;
    distinct_values: string;
    value: string | null;
    n: string;
    place: number;
  }>(
    'SELECT dimension, events, distinct_values, value, n, place FROM facet_summary WHERE events = $events ORDER BY dimension, place',
    { events },
  );
  const charts = await db.row<{
    first_ms: string | null;
    last_ms: string | null;
    outside: string;
    heatmap: string[];
  }>('SELECT first_ms, last_ms, outside, heatmap FROM chart_summary WHERE events = $events', { events });
  if (facets.length === 0 || !charts) return null;
  const orNull = (value: string | null) => (value === null ? null : Number(value));
  const summary: LakeSummary = {
    format: 'trailscope-lake-summary',
    version: 1,
    counted: countedUnder(),
    events,
    eventsFilesSha256: eventsFilesSha256(manifest),
    facets: facets.map((f) => ({
      dimension: f.dimension,
      events: Number(f.events),
      distinctValues: Number(f.distinct_values),
      value: f.value,
      n: Number(f.n),
      place: Number(f.place),
    })),
    charts: {
      events,
      firstMs: orNull(charts.first_ms),
      lastMs: orNull(charts.last_ms),
      outside: Number(charts.outside),
      heatmap: charts.heatmap.map(Number),
    },
  };
  return `${JSON.stringify(summary, null, 1)}\n`;
}

/**
 * Takes the lake's summary into its side case, whose own summary is not of its `events`
 * (`refreshCaseSummary` asks), when the lake's is one to believe: listed in the manifest with
 * these bytes' hash, counted under this version's rules, over the events files the manifest
 * lists now, and of as many events as the open counted in them. Returns whether it was taken;
 * when not (a failure to store it included: the summary is never worth failing the open for),
 * the open counts.
 */
export async function adoptLakeSummary(writer: DuckDBConnection, lake: string, events: number): Promise<boolean> {
  const manifest = readManifest(lake);
  const summary = manifest ? keptSummary(lake, manifest) : null;
  if (!manifest || !summary || !believable(summary, manifest, events)) return false;
  await writer.run('BEGIN TRANSACTION');
  try {
    await writer.run('DELETE FROM facet_summary');
    const facets = await writer.createAppender('facet_summary');
    for (const f of summary.facets) {
      facets.appendVarchar(f.dimension);
      facets.appendBigInt(BigInt(f.events));
      facets.appendBigInt(BigInt(f.distinctValues));
      if (f.value === null) facets.appendNull();
      else facets.appendVarchar(f.value);
      facets.appendBigInt(BigInt(f.n));
      facets.appendInteger(f.place);
      facets.endRow();
    }
    facets.closeSync();
    const { charts } = summary;
    await writer.run('DELETE FROM chart_summary');
    // The heat map's counts are whole numbers the schema checked, so the list's text is only digits and commas.
    await writer.run(
      'INSERT INTO chart_summary (events, first_ms, last_ms, outside, heatmap) VALUES ($events, $first, $last, $outside, CAST($heatmap AS BIGINT[]))',
      {
        events: BigInt(charts.events),
        first: charts.firstMs === null ? null : BigInt(charts.firstMs),
        last: charts.lastMs === null ? null : BigInt(charts.lastMs),
        outside: BigInt(charts.outside),
        heatmap: `[${charts.heatmap.join(',')}]`,
      },
    );
    await writer.run('COMMIT');
    return true;
  } catch {
    await writer.run('ROLLBACK').catch(() => undefined);
    return false;
  }
}

/** The lake's summary file, when it is the one its manifest lists and reads as a summary; else null. */
function keptSummary(lake: string, manifest: LakeManifest): LakeSummary | null {
  const listed = manifest.files[SUMMARY_FILE];
  if (!listed || listed.bytes > MOST_SUMMARY_BYTES) return null;
  const bytes = readExactly(path.join(lake, SUMMARY_FILE), listed.bytes);
  if (!bytes || sha256(bytes) !== listed.sha256) return null;
  try {
    const parsed = summarySchema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A regular file's bytes when it holds exactly `size` of them, else null: read into a buffer of
 * that size and one more, so a file swapped for a larger one (or a pipe) after the manifest was
 * read is never read whole.
 */
function readExactly(file: string, size: number): Buffer | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    const buffer = Buffer.alloc(size + 1);
    let got = 0;
    while (got < buffer.length) {
      const read = fs.readSync(fd, buffer, got, buffer.length - got, got);
      if (read === 0) break;
      got += read;
    }
    return got === size ? buffer.subarray(0, size) : null;
  } catch {
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

function believable(summary: LakeSummary, manifest: LakeManifest, events: number): boolean {
  const rules = countedUnder();
  return (
    summary.counted.schema === rules.schema &&
    summary.counted.valuesPerDimension === rules.valuesPerDimension &&
    summary.counted.listedChars === rules.listedChars &&
    summary.events === events &&
    summary.charts.events === events &&
    summary.facets.every((f) => f.events === events) &&
    summary.eventsFilesSha256 === eventsFilesSha256(manifest)
  );
}
