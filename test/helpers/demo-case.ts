import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';

/** The bundled demo incident ingested into a fresh case in `dir`, open for the whole test file. */
export function demoCase(dir: string): () => CaseStore {
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open(path.join(dir, 'demo.duckdb'), { create: true });
    await ingest(store, ['samples/demo-archive']);
  });
  afterAll(() => store.close());
  return () => store;
}
