import { CaseStore } from '../electron/core/case/case-store.ts';
import { ingest } from '../electron/core/ingest/ingest.ts';

// Runs in its own process so that its peak RSS is the ingest's alone.
const [caseFile, ...inputs] = process.argv.slice(2);
const started = performance.now();
const store = await CaseStore.open(caseFile!, { create: true });
const summary = await ingest(store, inputs);
store.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    summary: { ...summary, errors: summary.errors.length },
  }),
);
