import { spawnSync } from 'node:child_process';
import path from 'node:path';

const bin = path.resolve('bin/trailscope.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would, from the repository root. */
export function trailscope(...args: string[]): CliRun {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function trailscopeJson<T>(...args: string[]): T {
  const run = trailscope(...args);
  if (run.code !== 0) throw new Error(`trailscope ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
