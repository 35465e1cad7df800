import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFresh } from '../../scripts/source-freshness.js';
import { tempDir } from '../helpers/temp.ts';

/** bin/trailscope.js runs the CLI bundle only while this says it is fresh; otherwise the sources, through tsx. */
describe('whether a bundle is newer than its sources', () => {
  const root = tempDir();
  const source = path.join(root, 'electron', 'cli', 'main.ts');
  const bundle = path.join(root, 'dist', 'cli', 'main.mjs');
  fs.mkdirSync(path.dirname(source), { recursive: true });
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

  it('is not, when there is no bundle', () => {
    fs.writeFileSync(source, '');
    expect(isFresh(bundle, root, ['electron'])).toBe(false);
  });

  it('is, when built after the last source changed', () => {
    fs.writeFileSync(bundle, '');
    at(source, 1_000);
    at(bundle, 2_000);
    expect(isFresh(bundle, root, ['electron'])).toBe(true);
  });

  it('is not, once any source, however deep, changed after it', () => {
    const deep = path.join(root, 'electron', 'core', 'lake', 'open-lake.ts');
    fs.mkdirSync(path.dirname(deep), { recursive: true });
    fs.writeFileSync(deep, '');
    at(deep, 3_000);
    expect(isFresh(bundle, root, ['electron'])).toBe(false);
  });
});
