import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh folder removed after the test file finishes. */
export function tempDir(prefix = 'trailscope-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const fixture = (...parts: string[]) => path.resolve('test/fixtures', ...parts);
