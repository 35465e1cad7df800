import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { LakeManifest } from '../../electron/core/lake/lake-layout.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { footer, nestedSchema, parquetFile } from '../helpers/parquet-footers.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake may come from anyone, and DuckDB builds a Parquet file's schema by recursing once per
 * level: a file whose schema nests 100,000 groups ends the whole process on any read of it. So
 * Trailscope reads every listed file's footer itself before DuckDB reads any, and refuses the
 * open, naming the file. A file that slipped through would end this test's process.
 */
const dir = tempDir('trailscope-lake-footers-');
const lakeDir = path.join(dir, 'lake');

beforeAll(async () => {
  const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
});

const manifestOf = (lake: string) =>
  JSON.parse(fs.readFileSync(path.join(lake, 'MANIFEST.json'), 'utf8')) as LakeManifest;
const listed = (lake: string, table: string) =>
  Object.keys(manifestOf(lake).files)
    .filter((name) => name.startsWith(`${table}/`) && name.endsWith('.parquet'))
    .sort();

/** A copy of the lake with `count` of `table`'s listed files replaced by `bytes`, as listed. */
function lakeWith(name: string, table: string, bytes: Buffer, count = 1): { lake: string; replaced: string[] } {
  const lake = path.join(dir, name);
  fs.cpSync(lakeDir, lake, { recursive: true });
  const replaced = listed(lake, table).slice(0, count);
  for (const file of replaced) fs.writeFileSync(path.join(lake, file), bytes);
  return { lake, replaced };
}

const open = (lake: string) => CaseStore.open(sideCaseFor(lake), { create: true, lake });
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const DEEP = parquetFile(footer(nestedSchema(100_000)));

describe('a lake file whose footer DuckDB cannot read safely', () => {
  it.each([
    ['events', DEEP, 'its schema nests 100,001 levels deep'],
    ['sources', DEEP, 'its schema nests 100,001 levels deep'],
    ['event_sources', DEEP, 'its schema nests 100,001 levels deep'],
    ['pipeline_calls', parquetFile(footer(nestedSchema(40))), 'its schema nests 41 levels deep'],
    ['events', parquetFile(footer(nestedSchema(1)), 1 << 30), 'its footer claims 1,073,741,824 bytes'],
    [
      'events',
      parquetFile(Buffer.from('not a footer')),
      "its footer is not Parquet's (it holds a value of unknown type 14)",
    ],
    ['events', Buffer.from('PAR1 not Parquet at all PAR1'), 'its footer claims 543,976,545 bytes'],
    ['events', Buffer.alloc(0), 'it is too short to be a Parquet file'],
  ])('refuses a listed %s file (%#), naming it and why, and opens nothing', async (table, bytes, why) => {
    const { lake, replaced } = lakeWith(`bad-${table}-${why.replace(/\W+/g, '-')}`, table, bytes);
    const opening = open(lake);
    await expect(opening).rejects.toThrow(
      new RegExp(
        `lists a file no export writes, which DuckDB cannot read safely \\(${escaped(replaced[0]!)}: ${escaped(why)}`,
      ),
    );
    await expect(opening).rejects.toThrow(/nothing was read from it, and nothing was opened\.$/);
  });

  it('counts every such file and names the first three', async () => {
    const { lake, replaced } = lakeWith('bad-five', 'events', DEEP, 5);
    const opening = open(lake);
    await expect(opening).rejects.toThrow(/lists 5 files no export writes/);
    await expect(opening).rejects.toThrow(
      new RegExp(`${escaped(replaced[2]!)}: its schema nests 100,001 levels deep[^;]*; …\\)`),
    );
  });

  it('refuses a file swapped for such a one after a first open kept what it read', async () => {
    const { lake } = lakeWith('swapped', 'events', fs.readFileSync(path.join(lakeDir, listed(lakeDir, 'events')[0]!)));
    (await open(lake)).close();
    const first = listed(lake, 'events')[0]!;
    fs.writeFileSync(path.join(lake, first), DEEP);
    await expect(open(lake)).rejects.toThrow(new RegExp(`${escaped(first)}: its schema nests 100,001 levels deep`));
  });

  it('opens the lake as exported, and again', async () => {
    for (let i = 0; i < 2; i++) {
      const store = await open(lakeDir);
      try {
        expect(await store.read((db) => db.number('SELECT count(*) FROM events'))).toBe(413);
      } finally {
        store.close();
      }
    }
  });
});
