#!/usr/bin/env node
// `npm start` must work on a fresh clone, so this file is plain JavaScript that runs before
// any dependency is installed: it installs, builds, makes the demo case, then opens the app:
// the Electron window where its binary exists, the browser face where it cannot be had.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestChange } from './source-freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoArchive = path.join(root, 'samples', 'demo-archive');
const demoCase = path.join(root, 'samples', 'demo.trailscope.duckdb');
const builtPage = path.join(root, 'dist', 'renderer', 'index.html');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0 && !options.mayFail) {
    console.error(`trailscope start: "${[command, ...args].join(' ')}" failed; fix that and run npm start again.`);
    process.exit(result.status ?? 1);
  }
  return result.status === 0;
}

const trailscope = (...args) => run(process.execPath, [path.join(root, 'bin', 'trailscope.js'), ...args]);

/** The Electron binary, without triggering the download `require('electron')` would start. */
function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8'));
  return fs.existsSync(binary) ? binary : null;
}

if (!fs.existsSync(path.join(root, 'node_modules', '@duckdb', 'node-api'))) {
  console.log('trailscope start: installing dependencies (first run)…');
  run(npm, ['install', '--no-audit', '--no-fund']);
}

const sources = ['renderer', 'shared', 'electron/main', 'electron/preload'];
if (!fs.existsSync(builtPage) || fs.statSync(builtPage).mtimeMs < newestChange(root, sources)) {
  console.log('trailscope start: building the UI…');
  run(npm, ['run', 'build', '--silent']);
}

const given = process.argv[2];
const caseFile = given ? path.resolve(given) : demoCase;
if (!given && !fs.existsSync(demoCase)) {
  console.log('trailscope start: building the demo case from samples/demo-archive…');
  trailscope('ingest', '--case', demoCase, demoArchive);
}

let electron = electronBinary();
if (!electron) {
  run(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    stdio: 'ignore',
    mayFail: true,
  });
  electron = electronBinary();
}
if (electron) {
  run(electron, [root, caseFile]);
} else {
  console.log(
    "trailscope start: Electron's binary is not installed and could not be downloaded here; opening the browser face instead.",
  );
  trailscope('serve', '--case', caseFile);
}
