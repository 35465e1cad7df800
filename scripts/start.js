#!/usr/bin/env node
// `npm start` must work on a fresh clone, so this file is plain JavaScript that runs before
// any dependency is installed: it installs, builds the demo case, then opens what exists.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoArchive = path.join(root, 'samples', 'demo-archive');
const demoCase = path.join(root, 'samples', 'demo.trailscope.duckdb');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`trailscope start: "${[command, ...args].join(' ')}" failed; fix that and run npm start again.`);
    process.exit(result.status ?? 1);
  }
}

const trailscope = (...args) => run(process.execPath, [path.join(root, 'bin', 'trailscope.js'), ...args]);

if (!fs.existsSync(path.join(root, 'node_modules', '@duckdb', 'node-api'))) {
  console.log('trailscope start: installing dependencies (first run)…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}

const given = process.argv[2];
const caseFile = given ? path.resolve(given) : demoCase;
if (!given && !fs.existsSync(demoCase)) {
  console.log('trailscope start: building the demo case from samples/demo-archive…');
  trailscope('ingest', '--case', demoCase, demoArchive);
}

console.log('trailscope start: the desktop window and the browser face are not built yet; showing the case summary from the CLI instead.');
trailscope('info', '--case', caseFile);
console.log('');
trailscope('pipelines', 'list', '--case', caseFile);
const shown = path.relative(process.cwd(), caseFile);
console.log(`\nGo on with the CLI, for example:
  node bin/trailscope.js query --case ${shown} "SELECT event_name, count(*) FROM events GROUP BY ALL ORDER BY 2 DESC"
  node bin/trailscope.js pipelines history --case ${shown} NAME`);
