import { type ChildProcess, spawn } from 'node:child_process';

/**
 * Starts `trailscope serve` as a user would and reads the URL from its one line of output. Its
 * recent-cases list goes into `configDir`, not into the user's own config.
 */
export async function serve(args: string[], configDir: string): Promise<{ url: string; child: ChildProcess }> {
  const env = { ...process.env, TRAILSCOPE_CONFIG_DIR: configDir };
  const child = spawn(process.execPath, ['bin/trailscope.js', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`trailscope serve exited ${code}: ${out}`)));
  });
  return { url, child };
}
