#!/usr/bin/env node
// Runs the CLI from the bundle `npm run build` writes while it is newer than every source, and
// otherwise from the TypeScript sources through tsx, so a clone works right after `npm install`
// and an edited source is never shadowed by a stale bundle.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isFresh } from '../scripts/source-freshness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'main.mjs');

async function loadCli() {
  if (isFresh(bundle, root, ['electron', 'shared'])) return import(pathToFileURL(bundle).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import('../electron/cli/main.ts');
}

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
