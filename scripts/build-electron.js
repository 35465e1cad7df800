#!/usr/bin/env node
// Bundles the Electron main process and the preload. The preload runs sandboxed, where it
// cannot load other files, so it must be one CommonJS file.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external: ['electron', '@duckdb/node-api', '@duckdb/node-bindings*'],
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.js', format: 'esm' });
await build({
  ...common,
  entryPoints: ['electron/preload/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
});
