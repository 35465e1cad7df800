import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();

/** `trailscope serve` in a child, as a user runs it: its one line, then it is stopped. */
async function serveLine(...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['bin/trailscope.js', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRAILSCOPE_CONFIG_DIR: dir },
  });
  try {
    return await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before printing: ${out}`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

describe('trailscope serve --port', () => {
  it('takes 0 as "any free port" and prints the port it was given', async () => {
    const line = await serveLine('--case', path.join(dir, 'any.duckdb'), '--port', '0');
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(line)?.[1]);
    expect(line).toMatch(/^Trailscope is serving any\.duckdb at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });

  it('refuses what is not a port number, in one line, with exit status 2', () => {
    for (const bad of ['-1', '65536', 'abc', '1e3']) {
      const run = trailscope('serve', '--case', path.join(dir, 'bad.duckdb'), `--port=${bad}`);
      expect(run.code, bad).toBe(2);
      expect(run.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(run.stderr, bad).toContain('--port must be a port number (0 for any free one)');
    }
  });
});
