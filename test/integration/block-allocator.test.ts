import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const open: CaseStore[] = [];
afterAll(() => {
  for (const store of open) store.close();
});

async function openCase(name: string, lake?: string): Promise<CaseStore> {
  const file = lake ? sideCaseFor(lake) : path.join(dir, `${name}.duckdb`);
  const store = await CaseStore.open(file, { create: true, ...(lake ? { lake } : {}) });
  open.push(store);
  return store;
}

const blocks = (store: CaseStore) => store.read((db) => db.value("SELECT current_setting('block_allocator_memory')"));

function close(store: CaseStore): void {
  store.close();
  open.splice(open.indexOf(store), 1);
}

describe('the block allocator', () => {
  it('is held by one open case at a time: the first opened while none holds it', async () => {
    const first = await openCase('first');
    const second = await openCase('second');
    expect(await blocks(first)).toBe('1.0 GiB');
    expect(await blocks(second)).toBe('0 bytes');
    close(first);
    expect(await blocks(await openCase('third'))).toBe('1.0 GiB');
  });

  it('is never taken by a lake’s side case, even when no case holds it', async () => {
    for (const store of [...open]) close(store);
    const source = await openCase('source');
    await ingest(source, ['samples/demo-archive']);
    const lakeDir = path.join(dir, 'lake');
    await exportLake(source, { dir: lakeDir, since: null, until: null });
    close(source);
    expect(await blocks(await openCase('side', lakeDir))).toBe('0 bytes');
  });

  // Each instance that uses it maps most of the machine's free memory: with every case holding
  // one, the fourth made every spawn in the process fail with ENOMEM (a report's PDF among them).
  it('leaves a process holding many cases able to start a child', async () => {
    for (let i = 0; i < 6; i++) await openCase(`many-${i}`);
    const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
  });
});
