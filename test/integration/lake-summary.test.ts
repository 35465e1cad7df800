import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { LakeManifest } from '../../electron/core/lake/lake-layout.ts';
import { SUMMARY_FILE } from '../../electron/core/lake/lake-summary.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The export counts the explorer's summary of the lake's events into the lake (summary.json),
 * and a first open takes it instead of counting: it must be the summary the open would have
 * counted, value for value, after a first export and after one that added events.
 */
const dir = tempDir();
const casePath = path.join(dir, 'case.duckdb');

/** Logged values a summary must carry back exactly: quotes, escapes, controls, other scripts, one past the listed length. */
const AGENTS = [
  `it's "quoted" \\ back`,
  'line\nbreak\ttab\u0001',
  '\u202eevil\u2028sep\u0085',
  'emoji 🐙 and 日本語',
  '</script><img src=x onerror=alert(1)>',
  'x'.repeat(5000),
];

function hostileLog(): string {
  const file = path.join(dir, 'logs', 'hostile.json.gz');
  const records = AGENTS.flatMap((agent, i) =>
    Array.from({ length: i + 1 }, (_, k) => ({
      eventVersion: '1.08',
      eventID: `summary-${i}-${k}`,
      eventTime: `2024-05-0${1 + (i % 7)}T0${k % 10}:00:00Z`,
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'eu-west-1',
      sourceIPAddress: `10.0.${i}.${k}`,
      userAgent: agent,
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111111111111:user/${agent}`, accountId: '111111111111' },
      recipientAccountId: '111111111111',
    })),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify({ Records: records })));
  return file;
}

const SUMMARY_SQL = {
  facets: 'SELECT dimension, events, distinct_values, value, n, place FROM facet_summary ORDER BY dimension, place',
  charts: 'SELECT events, first_ms, last_ms, outside, heatmap FROM chart_summary',
};

async function summaryOf(file: string) {
  return { facets: await caseRows(file, SUMMARY_SQL.facets), charts: await caseRows(file, SUMMARY_SQL.charts) };
}

/** Opens a copy of `lake` as the app does, closes it, and returns the summary its side case holds. */
async function openedSummary(lake: string, name: string) {
  const copy = path.join(dir, name);
  fs.cpSync(lake, copy, { recursive: true });
  (await CaseStore.open(sideCaseFor(copy), { create: true, lake: copy })).close();
  return summaryOf(sideCaseFor(copy));
}

const manifestOf = (lake: string) =>
  JSON.parse(fs.readFileSync(path.join(lake, 'MANIFEST.json'), 'utf8')) as LakeManifest;

beforeAll(async () => {
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, ['samples/demo-archive', hostileLog()]);
  store.close();
});

describe("a lake's summary", () => {
  it('is written by the export, listed in the manifest, and equals what counting the lake gives', async () => {
    const lake = path.join(dir, 'first');
    const store = await CaseStore.open(casePath);
    const result = await exportLake(store, { dir: lake, since: null, until: null });
    store.close();
    expect(result.added.files).toContain(SUMMARY_FILE);
    const listed = manifestOf(lake).files[SUMMARY_FILE];
    expect(listed?.bytes).toBe(fs.statSync(path.join(lake, SUMMARY_FILE)).size);

    const taken = await openedSummary(lake, 'first-taken');
    // The same lake with its summary gone from the manifest: the open counts it.
    const counted = path.join(dir, 'first-counted');
    fs.cpSync(lake, counted, { recursive: true });
    const manifest = manifestOf(counted);
    delete manifest.files[SUMMARY_FILE];
    fs.writeFileSync(path.join(counted, 'MANIFEST.json'), JSON.stringify(manifest));
    (await CaseStore.open(sideCaseFor(counted), { create: true, lake: counted })).close();

    expect(taken.facets.length).toBeGreaterThan(0);
    expect(taken).toEqual(await summaryOf(sideCaseFor(counted)));
    // The lake holds the case's events, so its summary is the case's too, hostile values exactly.
    expect(taken).toEqual(await summaryOf(casePath));
    const principals = taken.facets.filter((f) => f.dimension === 'principal').map((f) => f.value);
    for (const agent of AGENTS.slice(0, 5)) expect(principals).toContain(`arn:aws:iam::111111111111:user/${agent}`);
  });

  it('is what the explorer shows at the first open when the manifest vouches for it', async () => {
    const lake = path.join(dir, 'vouched');
    const store = await CaseStore.open(casePath);
    await exportLake(store, { dir: lake, since: null, until: null });
    store.close();
    // An edit that keeps the manifest's word (its hash and size updated): the summary is taken as
    // the lake's, which proves the open read it rather than counted.
    const file = path.join(lake, SUMMARY_FILE);
    const summary = JSON.parse(fs.readFileSync(file, 'utf8'));
    const top = summary.facets.find(
      (f: { dimension: string; place: number }) => f.dimension === 'event_name' && f.place === 1,
    );
    top.value = 'TakenFromTheLake';
    fs.writeFileSync(file, JSON.stringify(summary));
    const manifest = manifestOf(lake);
    const bytes = fs.readFileSync(file);
    manifest.files[SUMMARY_FILE] = {
      ...manifest.files[SUMMARY_FILE]!,
      bytes: bytes.length,
      sha256: (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex'),
    };
    fs.writeFileSync(path.join(lake, 'MANIFEST.json'), JSON.stringify(manifest));
    const opened = await CaseStore.open(sideCaseFor(lake), { create: true, lake });
    try {
      const names = (await facets(opened, {}, 10)).find((f) => f.dimension === 'event_name');
      expect(names?.values[0]?.value).toBe('TakenFromTheLake');
    } finally {
      opened.close();
    }
  });

  it('is counted again by an export that adds events, and the open takes the new one', async () => {
    const lake = path.join(dir, 'grown');
    let store = await CaseStore.open(casePath);
    await exportLake(store, { dir: lake, since: null, until: '2024-05-03T00:00:00Z' });
    store.close();
    const before = fs.readFileSync(path.join(lake, SUMMARY_FILE), 'utf8');
    const windowed = await openedSummary(lake, 'grown-windowed');
    expect(Number(windowed.charts[0]?.events)).toBe(JSON.parse(before).events);

    store = await CaseStore.open(casePath);
    const again = await exportLake(store, { dir: lake, since: null, until: null });
    store.close();
    expect(again.updated).toContain(SUMMARY_FILE);
    expect(fs.readFileSync(path.join(lake, SUMMARY_FILE), 'utf8')).not.toBe(before);
    expect(await openedSummary(lake, 'grown-whole')).toEqual(await summaryOf(casePath));
  });

  it.each(['moving', 'describing'])(
    'comes with the files whatever a cancel asks once they are in the lake (cancel while %s)',
    async (phase) => {
      const lake = path.join(dir, `cancelled-${phase}`);
      const controller = new AbortController();
      const store = await CaseStore.open(casePath);
      const result = await exportLake(
        store,
        { dir: lake, since: null, until: null },
        { signal: controller.signal, onProgress: (p) => p.phase === phase && controller.abort() },
      );
      store.close();
      expect(controller.signal.aborted).toBe(true);
      expect(result.export).toBe(1);
      const onDisk = fs
        .readdirSync(lake, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== 'MANIFEST.json')
        .map((e) => path.relative(lake, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
        .sort();
      expect(Object.keys(manifestOf(lake).files).sort()).toEqual(onDisk);
      expect(await openedSummary(lake, `cancelled-${phase}-open`)).toEqual(await summaryOf(casePath));
    },
  );
});
