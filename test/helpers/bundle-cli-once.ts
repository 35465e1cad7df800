import { spawnSync } from 'node:child_process';

/**
 * Vitest's global setup: the tests spawn the CLI a few hundred times, so it runs from a bundle of
 * the current sources, as it does for a user after `npm run build`, instead of through tsx.
 */
export default function bundleCliOnce(): void {
  const run = spawnSync(process.execPath, ['scripts/bundle-cli.js'], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bundling the CLI failed: ${run.stderr}`);
}
