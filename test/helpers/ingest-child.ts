import { CaseStore } from '../../electron/core/case/case-store.ts';
import { type IngestOptions, ingest } from '../../electron/core/ingest/ingest.ts';

// One ingest in a process of its own, with the options given as JSON, so that its peak RSS
// is the ingest's alone: prints the summary and that peak.
const [caseFile, options, ...inputs] = process.argv.slice(2);
const store = await CaseStore.open(caseFile!, { create: true });
const summary = await ingest(store, inputs, JSON.parse(options!) as IngestOptions);
store.close();
process.stdout.write(JSON.stringify({ summary, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
