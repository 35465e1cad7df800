import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';

// Ingests with tiny batches and reports each commit, so a test can kill it mid-way.
const [caseFile, input] = process.argv.slice(2);
const store = await CaseStore.open(caseFile!, { create: true });
await ingest(store, [input!], {
  batchBytes: 64 * 1024,
  onProgress: (p) => {
    if (p.eventsAdded > 0) process.stdout.write(`committed ${p.eventsAdded}\n`);
  },
});
store.close();
