import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CaseStore } from '../electron/core/case/case-store.ts';
import { detectionOverview } from '../electron/core/detect/detection-results.ts';
import { runDetections } from '../electron/core/detect/run-detections.ts';
import { pipelineDiff, pipelineHistory } from '../electron/core/pipelines/pipeline-history.ts';
import { BENCH_PIPELINE, generateArchive, generateOrgTrail } from './generate-archive.ts';
import { type LakeTiming, lakeVsCase } from './lake-bench.ts';
import { lakeExportBench } from './lake-export-bench.ts';
import { duckdbAlone, duckdbRecordsOnlySeconds, gunzipAndHashSeconds } from './reference.ts';
import { standardQueries } from './standard-queries.ts';

// Bump when the generator changes, so a cached archive of the old shape is not reused.
const GENERATOR_VERSION = 3;
const ORG_TRAIL_VERSION = 1;
const mb = (bytes: number) => bytes / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function listGz(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => path.join(e.parentPath, e.name));
}

export interface IngestFigures {
  events: number;
  files: number;
  errors: number;
  compressedMB: number;
  uncompressedMB: number;
  gunzipFloorSeconds: number;
  gunzipFloorMBps: number;
  reference: {
    gunzipAndSha256Seconds: number;
    duckdbAloneSeconds: number;
    duckdbAloneFileMB: number;
    duckdbRecordsOnlySeconds?: number;
  };
  ingestSeconds: number;
  eventsPerSecond: number;
  ingestMBps: number;
  ratioToFloor: number;
  ratioToDuckdbAlone: number;
  peakRssMB: number;
  caseFileMB: number;
  caseFileToJson: number;
}

const lakeExportLine = (lake: Awaited<ReturnType<typeof lakeExportBench>>) =>
  `  Parquet lake export         ${lake.seconds} s   ${lake.ratioToIngest}x ingest   ${lake.files} files (${lake.eventFiles} of events), ${lake.lakeMB} MB`;

const lakeRequestLines = (timings: readonly LakeTiming[], runs: number) =>
  `  the lake opened, against the case (median of ${runs}, taking turns):
${timings.map((l) => `    ${l.request.padEnd(40)} case ${l.caseMs} ms   lake ${l.lakeMs} ms   ${l.ratio}x`).join('\n')}`;

/** A seeded archive, generated once and cached under `out/NAME`. */
function cachedArchive(out: string, name: string, generate: (root: string) => unknown): string {
  const root = path.join(out, name);
  // Beside the archive, not in it: ingest would read it as a (broken, empty) input file.
  const marker = `${root}.complete`;
  if (!fs.existsSync(marker)) {
    fs.rmSync(root, { recursive: true, force: true });
    const t = performance.now();
    generate(root);
    fs.writeFileSync(marker, '');
    console.log(`generated ${name} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return root;
}

/**
 * Ingest of the archive at `root` into `caseFile`, in its own process, against the references
 * measured in the same run: the gunzip floor, one stream hashing both ways, and DuckDB loading
 * the same files by itself (the bar: ingest at most 1.0x it).
 */
async function measureIngest(
  out: string,
  root: string,
  caseFile: string,
  recordsOnly: boolean,
): Promise<IngestFigures> {
  const files = listGz(root);
  const compressed = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);

  // The floor: one stream decompressing the same files, reading each from disk.
  let floor = Infinity;
  let uncompressed = 0;
  for (let run = 0; run < 2; run++) {
    const t = performance.now();
    uncompressed = 0;
    for (const file of files) uncompressed += zlib.gunzipSync(fs.readFileSync(file)).length;
    floor = Math.min(floor, (performance.now() - t) / 1000);
  }
  const gunzipAndHash = gunzipAndHashSeconds(files);
  const alone = await duckdbAlone(root, out);
  const recordsOnlySeconds = recordsOnly ? await duckdbRecordsOnlySeconds(files, out) : undefined;

  for (const f of [caseFile, `${caseFile}.wal`]) fs.rmSync(f, { force: true });
  const child = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/ingest-child.ts', caseFile, root], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as { seconds: number; maxRssBytes: number; summary: { events_added: number; errors: number } };
  if (alone.events !== child.summary.events_added)
    throw new Error(`DuckDB alone loaded ${alone.events} events, ingest ${child.summary.events_added}`);
  const caseBytes =
    fs.statSync(caseFile).size + (fs.existsSync(`${caseFile}.wal`) ? fs.statSync(`${caseFile}.wal`).size : 0);
  const fixed = (x: number, digits = 2) => Number(x.toFixed(digits));
  return {
    events: child.summary.events_added,
    files: files.length,
    errors: child.summary.errors,
    compressedMB: fixed(mb(compressed), 1),
    uncompressedMB: fixed(mb(uncompressed), 1),
    gunzipFloorSeconds: fixed(floor),
    gunzipFloorMBps: fixed(mb(uncompressed) / floor, 0),
    reference: {
      gunzipAndSha256Seconds: fixed(gunzipAndHash),
      duckdbAloneSeconds: fixed(alone.seconds),
      duckdbAloneFileMB: fixed(mb(alone.fileBytes), 0),
      ...(recordsOnlySeconds === undefined ? {} : { duckdbRecordsOnlySeconds: fixed(recordsOnlySeconds) }),
    },
    ingestSeconds: fixed(child.seconds),
    eventsPerSecond: Math.round(child.summary.events_added / child.seconds),
    ingestMBps: fixed(mb(uncompressed) / child.seconds, 0),
    ratioToFloor: fixed(child.seconds / floor),
    ratioToDuckdbAlone: fixed(child.seconds / alone.seconds),
    peakRssMB: fixed(mb(child.maxRssBytes), 0),
    caseFileMB: fixed(mb(caseBytes), 0),
    caseFileToJson: fixed(caseBytes / uncompressed),
  };
}

function ingestReport(title: string, f: IngestFigures): string {
  const x = (seconds: number) => `${(seconds / f.gunzipFloorSeconds).toFixed(2)}x floor`;
  return `${title}: ${f.events.toLocaleString('en-US')} events in ${f.files.toLocaleString('en-US')} files (${f.compressedMB} MB gz, ${f.uncompressedMB} MB JSON)
  gunzip floor (one stream)   ${f.gunzipFloorSeconds} s   ${f.gunzipFloorMBps} MB/s
  references, same run:
    gunzip + SHA-256 (stored and content), one stream   ${f.reference.gunzipAndSha256Seconds} s   ${x(f.reference.gunzipAndSha256Seconds)}
    DuckDB loading the files by itself, one statement   ${f.reference.duckdbAloneSeconds} s   ${x(f.reference.duckdbAloneSeconds)}   file ${f.reference.duckdbAloneFileMB} MB${
      f.reference.duckdbRecordsOnlySeconds === undefined
        ? ''
        : `
    DuckDB storing only the raw records, no JS          ${f.reference.duckdbRecordsOnlySeconds} s   ${x(f.reference.duckdbRecordsOnlySeconds)}`
    }
  ingest                      ${f.ingestSeconds} s   ${f.ingestMBps} MB/s   ${f.eventsPerSecond.toLocaleString('en-US')} events/s   ${((f.ingestSeconds / f.events) * 1e6).toFixed(1)} s per million
  ratio to DuckDB alone       ${f.ratioToDuckdbAlone}x   (target at most 1.0)
  ratio to the gunzip floor   ${f.ratioToFloor}x
  peak RSS (ingest process)   ${f.peakRssMB} MB
  case file                   ${f.caseFileMB} MB   ${f.caseFileToJson}x the JSON (target at most 0.7)`;
}

/**
 * The org-trail-shaped archive (`generateOrgTrail`: 20 accounts × 17 regions, a file per
 * 5 minutes, ~9 events a file): ingest against the same references, nothing else.
 */
export async function orgTrailBench(out: string, events: number, seed: number, runs: number): Promise<IngestFigures> {
  const root = cachedArchive(out, `org-trail-v${ORG_TRAIL_VERSION}-${events}-seed-${seed}`, (dir) =>
    generateOrgTrail(dir, events, seed),
  );
  const caseFile = path.join(out, `bench-org-trail-${events}.duckdb`);
  const figures = await measureIngest(out, root, caseFile, false);
  // A partition per account, region and day: many small files, where the bench archive has few.
  const lakeExport = await lakeExportBench(out, caseFile, events, figures.ingestSeconds, `lake-org-trail-${events}`);
  const lakeRequests = await lakeVsCase(caseFile, lakeExport.dir, runs);
  fs.writeFileSync(
    path.join(out, `result-org-trail-${events}.json`),
    JSON.stringify({ ...figures, lakeExport, lakeRequests }, null, 2),
  );
  console.log(`
${ingestReport('Trailscope ingest, org-trail-shaped archive', figures)}
${lakeExportLine(lakeExport)}
${lakeRequestLines(lakeRequests, runs)}
`);
  return figures;
}

/**
 * Ingest of a seeded archive of `events` events (generated once and cached), against the
 * gunzip floor and the reference rows, then the standard queries and the pipeline view on
 * the case it made. Printed, and written to `out/result-EVENTS.json`.
 */
export async function ingestBench(out: string, events: number, seed: number, runs: number) {
  const root = cachedArchive(out, `archive-v${GENERATOR_VERSION}-${events}-seed-${seed}`, (dir) =>
    generateArchive(dir, events, seed),
  );
  const caseFile = path.join(out, `bench-${events}.duckdb`);
  const figures = await measureIngest(out, root, caseFile, true);

  const store = await CaseStore.open(caseFile);
  const db = await store.connectReader();
  const latencies = [];
  for (const query of standardQueries) {
    const times: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const t = performance.now();
      await db.runAndReadAll(query.sql);
      if (run > 0) times.push(performance.now() - t);
    }
    latencies.push({ query: query.name, medianMs: Number(median(times).toFixed(1)) });
  }
  db.closeSync();

  // The pipeline view's two answers, on the archive's 500-version pipeline.
  const pipelineLatencies: { query: string; medianMs: number }[] = [];
  if (events >= 20 * BENCH_PIPELINE.versions) {
    const timed = async (name: string, work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let run = 0; run < runs + 1; run++) {
        const t = performance.now();
        await work();
        if (run > 0) times.push(performance.now() - t);
      }
      pipelineLatencies.push({ query: name, medianMs: Number(median(times).toFixed(1)) });
    };
    const history = await pipelineHistory(store, { name: BENCH_PIPELINE.name });
    const versions = history.lineages[0]?.versions.length;
    if (versions !== BENCH_PIPELINE.versions)
      throw new Error(`expected ${BENCH_PIPELINE.versions} versions of ${BENCH_PIPELINE.name}, found ${versions}`);
    await timed(`pipeline history (${versions} versions)`, () => pipelineHistory(store, { name: BENCH_PIPELINE.name }));
    await timed('pipeline diff v1 → v500', () =>
      pipelineDiff(store, { name: BENCH_PIPELINE.name, from: 1, to: BENCH_PIPELINE.versions }),
    );
  }
  // The whole detection pack, as after an ingest: every rule in turn, results stored.
  const detectStarted = performance.now();
  const detections = await runDetections(store, { trigger: 'request' });
  const detectSeconds = (performance.now() - detectStarted) / 1000;
  const slowest = (await detectionOverview(store)).rules
    .flatMap((r) => (r.result ? [{ rule: r.detection.id, ms: Math.round(r.result.duration_ms) }] : []))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5);
  store.close();
  const lakeExport = await lakeExportBench(out, caseFile, events, figures.ingestSeconds);
  const lakeRequests = await lakeVsCase(caseFile, lakeExport.dir, runs);

  const result = {
    ...figures,
    queries: latencies,
    pipelineQueries: pipelineLatencies,
    detections: {
      rules: detections.run.rules_run,
      seconds: Number(detectSeconds.toFixed(2)),
      hits: detections.hits,
      failed: detections.failed.length,
      slowest,
    },
    lakeExport,
    lakeRequests,
  };
  fs.writeFileSync(path.join(out, `result-${events}.json`), JSON.stringify(result, null, 2));
  console.log(`
${ingestReport('Trailscope ingest benchmark', figures)}
  standard queries (median of ${runs}):
${[...latencies, ...pipelineLatencies].map((l) => `    ${l.query.padEnd(32)} ${l.medianMs} ms`).join('\n')}
  detection pack              ${result.detections.rules} rules in ${result.detections.seconds} s, ${result.detections.hits} hits, ${result.detections.failed} failed
    slowest: ${slowest.map((s) => `${s.rule} ${s.ms} ms`).join(', ')}
${lakeExportLine(lakeExport)}
${lakeRequestLines(lakeRequests, runs)}
`);
  return result;
}
