import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { consoleBench } from './console-bench.ts';
import { ingestBench, orgTrailBench } from './ingest-bench.ts';
import { integrityBench } from './integrity-bench.ts';

const USAGE = `Usage: npm run bench -- [--events N] [--seed S] [--runs R] [--only ingest|org-trail|console|integrity]

  --events N    events in the ingest benchmark's archive (default 1000000)
  --seed S      the archive's seed (default 1)
  --runs R      runs of each standard query; the median is reported (default 7)
  --only PART   ingest: the archive's ingest against the gunzip floor and DuckDB loading
                the same files by itself, then its case's queries, pipeline view,
                detection pack and Parquet lake;
                org-trail: ingest of an archive shaped like an organization trail (20
                accounts x 17 regions, a file per 5 minutes, ~9 events a file) against
                the same references, then its case's Parquet lake (a file per account,
                region and day) and that lake's explorer requests;
                console: the served UI in Chromium on the ingest's case (built first when
                missing), timed from Ctrl+Enter to the first row painted, the exact
                count, a sort and a page at the middle (median of at most 3 runs);
                integrity: validation of a synthetic year (8,760 digests, 100,000 log files)
                in memory and from a case file. All four by default.

Results are printed and written to bench/out/result-N.json, result-org-trail-N.json,
result-console-N.json and result-integrity.json.`;

const PARTS = ['ingest', 'org-trail', 'console', 'integrity'];

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '7' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.only !== undefined && !PARTS.includes(values.only)) {
  console.error(`--only must be one of ${PARTS.join(', ')}, not "${values.only}"\n\n${USAGE}`);
  process.exit(2);
}
const out = path.resolve('bench/out');
fs.mkdirSync(out, { recursive: true });
const events = Number(values.events);
const wanted = (part: string) => values.only === undefined || values.only === part;
if (wanted('ingest')) await ingestBench(out, events, Number(values.seed), Number(values.runs));
if (wanted('org-trail')) await orgTrailBench(out, events, Number(values.seed), Number(values.runs));
if (wanted('console')) {
  const caseFile = path.join(out, `bench-${events}.duckdb`);
  if (!fs.existsSync(caseFile)) {
    console.error(`no bench case at ${caseFile}: run npm run bench -- --only ingest --events ${events} first`);
    process.exit(2);
  }
  // The served UI is the built one.
  execSync('npm run build', { stdio: 'inherit' });
  const timings = await consoleBench(caseFile, Math.min(3, Number(values.runs)));
  fs.writeFileSync(path.join(out, `result-console-${events}.json`), JSON.stringify(timings, null, 2));
  console.log(`
Trailscope console benchmark: Chromium on the served UI, ${events.toLocaleString('en-US')} events (median of ${Math.min(3, Number(values.runs))})
${timings
  .map(
    (t) => `  ${t.query}
    first row painted ${t.firstRowMs} ms   exact count ${t.totalMs} ms   sorted by source_ip ${t.sortMs} ms   page at the middle ${t.middlePageMs} ms`,
  )
  .join('\n')}
`);
}
if (wanted('integrity')) await integrityBench(out);
