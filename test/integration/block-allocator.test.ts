import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const EVIDENCE = 'test/fixtures/aws-docs';
const open: CaseStore[] = [];
afterAll(() => {
  for (const store of open) store.close();
});

async function openCase(name: string): Promise<CaseStore> {
  const store = await CaseStore.open(path.join(dir, `${name}.duckdb`), { create: true });
  open.push(store);
  return store;
}

function close(store: CaseStore): void {
  store.close();
  open.splice(open.indexOf(store), 1);
}

const blocks = (store: CaseStore) => store.read((db) => db.value("SELECT current_setting('block_allocator_memory')"));

describe('the block allocator', () => {
  it('is taken by the first case to ingest, and kept by it until it closes', async () => {
    const first = await openCase('first');
    expect(await blocks(first)).toBe('0 bytes');
    await ingest(first, [EVIDENCE]);
    expect(await blocks(first)).toBe('1.0 GiB');

    const second = await openCase('second');
    await ingest(second, [EVIDENCE]);
    expect(await blocks(second)).toBe('0 bytes');

    // As a face switches cases: the next is opened before the one in use is closed.
    const next = await openCase('next');
    close(first);
    await ingest(next, [EVIDENCE]);
    expect(await blocks(next)).toBe('1.0 GiB');
    await ingest(next, [EVIDENCE]);
    expect(await blocks(next)).toBe('1.0 GiB');
  });

  // Each instance that uses it maps most of the machine's free memory: with every case holding
  // one, the fourth made every spawn in the process fail with ENOMEM (a report's PDF among them).
  it('leaves a process that ingested into many cases able to start a child', async () => {
    for (let i = 0; i < 6; i++) await ingest(await openCase(`many-${i}`), [EVIDENCE]);
    const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    expect(child.error).toBeUndefined();
    expect(child.status).toBe(0);
  });
});
