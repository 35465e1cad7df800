import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { LakeManifest } from '../../electron/core/lake/lake-layout.ts';
import { SUMMARY_FILE } from '../../electron/core/lake/lake-summary.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake is a folder anyone may have edited. Its summary.json is taken at the first open only
 * when it is exactly what the manifest lists, counted under this version's rules over the events
 * files listed now, for as many events as the files hold. Every other summary file (edited,
 * swapped for something that is not a file, malformed, or bound to other files) must leave the
 * open working and the explorer counting the lake itself.
 */
const dir = tempDir();
const casePath = path.join(dir, 'case.duckdb');
const exported = path.join(dir, 'exported');

const summaryRows = async (file: string) => ({
  facets: await caseRows(
    file,
    'SELECT dimension, events, distinct_values, value, n, place FROM facet_summary ORDER BY dimension, place',
  ),
  charts: await caseRows(file, 'SELECT events, first_ms, last_ms, outside, heatmap FROM chart_summary'),
});

let counted: unknown;

beforeAll(async () => {
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: exported, since: null, until: null });
  store.close();
  counted = await summaryRows(casePath);
});

const summaryPath = (lake: string) => path.join(lake, SUMMARY_FILE);
const manifestPath = (lake: string) => path.join(lake, 'MANIFEST.json');
const manifestOf = (lake: string) => JSON.parse(fs.readFileSync(manifestPath(lake), 'utf8')) as LakeManifest;
const summaryOf = (lake: string) => JSON.parse(fs.readFileSync(summaryPath(lake), 'utf8'));

/** Writes `text` as the summary and has the manifest vouch for it, as an editor who knew the format would. */
function vouched(lake: string, text: string | Buffer, listedBytes?: number): void {
  fs.writeFileSync(summaryPath(lake), text);
  const bytes = fs.readFileSync(summaryPath(lake));
  const manifest = manifestOf(lake);
  manifest.files[SUMMARY_FILE] = {
    ...manifest.files[SUMMARY_FILE]!,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: listedBytes ?? bytes.length,
  };
  fs.writeFileSync(manifestPath(lake), JSON.stringify(manifest));
}

/** An edit vouched for, which also renames the first value listed: were it taken, the open's summary would show it. */
function edited(lake: string, change: (summary: Record<string, any>) => void): void {
  const summary = summaryOf(lake);
  summary.facets[0].value = 'taken from the edited summary';
  change(summary);
  vouched(lake, JSON.stringify(summary));
}

const variants: [string, (lake: string) => void][] = [
  ['its bytes edited, the manifest not', (lake) => fs.appendFileSync(summaryPath(lake), ' ')],
  [
    'a value changed, the manifest not',
    (lake) => {
      const text = fs.readFileSync(summaryPath(lake), 'utf8').replace('"place": 1', '"place": 2');
      fs.writeFileSync(summaryPath(lake), text);
    },
  ],
  ['deleted', (lake) => fs.rmSync(summaryPath(lake))],
  [
    'a folder in its place',
    (lake) => {
      fs.rmSync(summaryPath(lake));
      fs.mkdirSync(summaryPath(lake));
    },
  ],
  [
    'a pipe in its place',
    (lake) => {
      fs.rmSync(summaryPath(lake));
      execFileSync('mkfifo', [summaryPath(lake)]);
    },
  ],
  [
    'a link to an endless device',
    (lake) => {
      fs.rmSync(summaryPath(lake));
      fs.symlinkSync('/dev/zero', summaryPath(lake));
    },
  ],
  [
    'a link to a larger file of the same start',
    (lake) => {
      const bigger = path.join(path.dirname(lake), `${path.basename(lake)}-bigger.json`);
      fs.writeFileSync(bigger, `${fs.readFileSync(summaryPath(lake), 'utf8')}${' '.repeat(1 << 20)}`);
      fs.rmSync(summaryPath(lake));
      fs.symlinkSync(bigger, summaryPath(lake));
    },
  ],
  [
    'vouched for, but bound to other events files',
    (lake) =>
      edited(lake, (s) => {
        s.eventsFilesSha256 = 'a'.repeat(64);
      }),
  ],
  [
    'vouched for, but of one event more',
    (lake) =>
      edited(lake, (s) => {
        s.events += 1;
        s.charts.events += 1;
        for (const f of s.facets) f.events += 1;
      }),
  ],
  [
    'vouched for, but the charts of other events',
    (lake) =>
      edited(lake, (s) => {
        s.charts.events += 1;
      }),
  ],
  [
    'vouched for, but counted under another schema',
    (lake) =>
      edited(lake, (s) => {
        s.counted.schema -= 1;
      }),
  ],
  [
    'vouched for, but facet lists of another length',
    (lake) =>
      edited(lake, (s) => {
        s.counted.valuesPerDimension = 10;
      }),
  ],
  ['vouched for, but not JSON', (lake) => vouched(lake, '{"format": "trailscope-lake-summary", ')],
  [
    'vouched for, but behind a byte-order mark',
    (lake) => vouched(lake, `\ufeff${fs.readFileSync(summaryPath(lake), 'utf8')}`),
  ],
  ['vouched for, but another format', (lake) => edited(lake, (s) => void (s.format = 'trailscope-lake'))],
  ['vouched for, but a place of 0', (lake) => edited(lake, (s) => void (s.facets[0].place = 0))],
  ['vouched for, but a place past the lists', (lake) => edited(lake, (s) => void (s.facets[0].place = 2 ** 31))],
  ['vouched for, but a negative count', (lake) => edited(lake, (s) => void (s.facets[0].n = -5))],
  ['vouched for, but a count past exact numbers', (lake) => edited(lake, (s) => void (s.facets[0].n = 2 ** 60))],
  [
    'vouched for, but an infinite count',
    (lake) => vouched(lake, fs.readFileSync(summaryPath(lake), 'utf8').replace(/"outside": \d+/, '"outside": 1e400')),
  ],
  ['vouched for, but a value that is a number', (lake) => edited(lake, (s) => void (s.facets[0].value = 42))],
  [
    'vouched for, but a dimension the explorer does not have',
    (lake) => edited(lake, (s) => void (s.facets[0].dimension = 'user_agent')),
  ],
  ['vouched for, but a heat map of 167 hours', (lake) => edited(lake, (s) => void s.charts.heatmap.pop())],
  [
    'vouched for, but a heat map holding text',
    (lake) => edited(lake, (s) => void (s.charts.heatmap[0] = '1]::VARCHAR[] --')),
  ],
  [
    'vouched for, but listed larger than any summary',
    (lake) => vouched(lake, fs.readFileSync(summaryPath(lake)), 64 << 20),
  ],
];

describe("a lake's summary file that is not the export's", () => {
  it.each(variants)('%s: the open counts the lake itself', async (name, spoil) => {
    const lake = path.join(dir, name.replace(/[^a-z0-9]+/gi, '-'));
    fs.cpSync(exported, lake, { recursive: true });
    spoil(lake);
    (await CaseStore.open(sideCaseFor(lake), { create: true, lake })).close();
    expect(await summaryRows(sideCaseFor(lake))).toEqual(counted);
  });
});
