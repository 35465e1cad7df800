import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ingestBench } from './ingest-bench.ts';
import { integrityBench } from './integrity-bench.ts';

const USAGE = `Usage: npm run bench -- [--events N] [--seed S] [--runs R] [--only ingest|integrity]

  --events N    events in the ingest benchmark's archive (default 1000000)
  --seed S      the archive's seed (default 1)
  --runs R      runs of each standard query; the median is reported (default 7)
  --only PART   ingest: the archive's ingest, queries and pipeline view;
                integrity: validation of a synthetic year (8,760 digests, 100,000 log files)
                in memory and from a case file. Both by default.

Results are printed and written to bench/out/result-N.json and bench/out/result-integrity.json.`;

const PARTS = ['ingest', 'integrity'];

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
if (values.only !== 'integrity')
  await ingestBench(out, Number(values.events), Number(values.seed), Number(values.runs));
if (values.only !== 'ingest') await integrityBench(out);
