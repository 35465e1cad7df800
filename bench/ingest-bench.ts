import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CaseStore } from '../electron/core/case/case-store.ts';
import { detectionOverview } from '../electron/core/detect/detection-results.ts';
import { runDetections } from '../electron/core/detect/run-detections.ts';
import { pipelineDiff, pipelineHistory } from '../electron/core/pipelines/pipeline-history.ts';
import { BENCH_PIPELINE, generateArchive } from './generate-archive.ts';
import { lakeVsCase } from './lake-bench.ts';
import { lakeExportBench } from './lake-export-bench.ts';
import { duckdbRecordsOnlySeconds, gunzipAndHashSeconds } from './reference.ts';
import { standardQueries } from './standard-queries.ts';

// Bump when the generator changes, so a cached archive of the old shape is not reused.
const GENERATOR_VERSION = 3;
const mb = (bytes: number) => bytes / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function listGz(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json.gz'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Ingest of a seeded archive of `events` events (generated once and cached), against the
 * gunzip floor and the reference rows, then the standard queries and the pipeline view on
 * the case it made. Printed, and written to `out/result-EVENTS.json`.
 */
export async function ingestBench(out: string, events: number, seed: number, runs: number) {
  const root = path.join(out, `archive-v${GENERATOR_VERSION}-${events}-seed-${seed}`);
  // Beside the archive, not in it: ingest would read it as a (broken, empty) input file.
  const marker = `${root}.complete`;

  if (!fs.existsSync(marker)) {
    fs.rmSync(root, { recursive: true, force: true });
    const t = performance.now();
    generateArchive(root, events, seed);
    fs.writeFileSync(marker, '');
    console.log(`generated ${events} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
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
  const recordsOnly = await duckdbRecordsOnlySeconds(files, out);

  const caseFile = path.join(out, `bench-${events}.duckdb`);
  for (const f of [caseFile, `${caseFile}.wal`]) fs.rmSync(f, { force: true });
  const child = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/ingest-child.ts', caseFile, root], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    }),
  ) as { seconds: number; maxRssBytes: number; summary: { events_added: number; errors: number } };
  const caseBytes =
    fs.statSync(caseFile).size + (fs.existsSync(`${caseFile}.wal`) ? fs.statSync(`${caseFile}.wal`).size : 0);

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
  const lakeExport = await lakeExportBench(out, caseFile, events, child.seconds);
  const lakeRequests = await lakeVsCase(caseFile, lakeExport.dir, runs);

  const result = {
    events: child.summary.events_added,
    files: files.length,
    errors: child.summary.errors,
    compressedMB: Number(mb(compressed).toFixed(1)),
    uncompressedMB: Number(mb(uncompressed).toFixed(1)),
    gunzipFloorSeconds: Number(floor.toFixed(2)),
    gunzipFloorMBps: Number((mb(uncompressed) / floor).toFixed(0)),
    reference: {
      gunzipAndSha256Seconds: Number(gunzipAndHash.toFixed(2)),
      duckdbRecordsOnlySeconds: Number(recordsOnly.toFixed(2)),
    },
    ingestSeconds: Number(child.seconds.toFixed(2)),
    eventsPerSecond: Math.round(child.summary.events_added / child.seconds),
    ingestMBps: Number((mb(uncompressed) / child.seconds).toFixed(0)),
    ratioToFloor: Number((child.seconds / floor).toFixed(2)),
    peakRssMB: Number(mb(child.maxRssBytes).toFixed(0)),
    caseFileMB: Number(mb(caseBytes).toFixed(0)),
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
Trailscope ingest benchmark: ${result.events.toLocaleString('en-US')} events in ${result.files} files (${result.compressedMB} MB gz, ${result.uncompressedMB} MB JSON)
  gunzip floor (one stream)   ${result.gunzipFloorSeconds} s   ${result.gunzipFloorMBps} MB/s
  for reference, not the floor:
    gunzip + SHA-256 (stored and content), one stream   ${result.reference.gunzipAndSha256Seconds} s   ${(gunzipAndHash / floor).toFixed(2)}x floor
    DuckDB storing only the raw records, no JS          ${result.reference.duckdbRecordsOnlySeconds} s   ${(recordsOnly / floor).toFixed(2)}x floor
  ingest                      ${result.ingestSeconds} s   ${result.ingestMBps} MB/s   ${result.eventsPerSecond.toLocaleString('en-US')} events/s
  ratio ingest / floor        ${result.ratioToFloor}x
  peak RSS (ingest process)   ${result.peakRssMB} MB
  case file                   ${result.caseFileMB} MB
  standard queries (median of ${runs}):
${[...latencies, ...pipelineLatencies].map((l) => `    ${l.query.padEnd(32)} ${l.medianMs} ms`).join('\n')}
  detection pack              ${result.detections.rules} rules in ${result.detections.seconds} s, ${result.detections.hits} hits, ${result.detections.failed} failed
    slowest: ${slowest.map((s) => `${s.rule} ${s.ms} ms`).join(', ')}
  Parquet lake export         ${lakeExport.seconds} s   ${lakeExport.ratioToIngest}x ingest   ${lakeExport.files} files (${lakeExport.eventFiles} of events), ${lakeExport.lakeMB} MB
  the lake opened, against the case (median of ${runs}, taking turns):
${lakeRequests.map((l) => `    ${l.request.padEnd(40)} case ${l.caseMs} ms   lake ${l.lakeMs} ms   ${l.ratio}x`).join('\n')}
`);
  return result;
}
