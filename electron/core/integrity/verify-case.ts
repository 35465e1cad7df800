import v8 from 'node:v8';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { VerifyOutcome, VerifyProgress } from '../../../shared/model/integrity.ts';
import type { CaseStore } from '../case/case-store.ts';
import { countIntegrityInput, loadIntegrityInput } from './case-inputs.ts';
import { importPublicKeys } from './case-public-keys.ts';
import { readIntegrityRun } from './integrity-runs.ts';
import { storeRun } from './store-run.ts';
import { validate } from './validate.ts';

export interface VerifyOptions {
  /** `list-public-keys` output to store in the case first; `origin` names it (its file name). */
  keys?: { text: string; origin: string };
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  /** The heap validation may fill; V8's room left by default. Tests make it small. */
  heapBytes?: number;
}

/**
 * What validation holds at its peak for each log file and for each digest listing: 2.2 KB for a
 * pair of them, measured (docs/ARCHITECTURE.md, "Integrity"), and a tenth more for longer paths.
 */
const HEAP_BYTES_PER_INPUT = 1200;

/**
 * Validation holds the whole case in memory; past V8's heap the process would end, taking the app
 * with it. A case that large is refused first, with what to do.
 */
async function refuseBeyondHeap(store: CaseStore, heapBytes: number): Promise<void> {
  const { logFiles, listings } = await store.read((db) => countIntegrityInput(db));
  const needed = (logFiles + listings) * HEAP_BYTES_PER_INPUT;
  if (needed <= heapBytes) return;
  const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
  // Not 'invalid-input': the CLI reads that as its --keys file refused.
  throw new TrailscopeError(
    'too-large',
    `This case holds ${logFiles.toLocaleString('en-US')} log files and ${listings.toLocaleString('en-US')} digest listings: validating them at once needs about ${gb(needed)} of memory, more than the ${gb(heapBytes)} this process has left. Nothing was verified. Verify such evidence in cases of one account, region or month each.`,
  );
}

function heapLeft(): number {
  const { heap_size_limit, used_heap_size } = v8.getHeapStatistics();
  return Math.max(0, (heap_size_limit - used_heap_size) * 0.85);
}

const cancelled = () => new TrailscopeError('cancelled', 'Verification cancelled: no run was stored.');

/**
 * Verifies the case's digests and log files from the case alone, with every public key it
 * holds, and stores the run (the verdicts, the gaps, the trails, the keys offered) in one
 * analyst write with its case-log entry. A cancel is honoured between steps, up to the
 * write, which then completes: a run is stored whole or not at all.
 */
export async function verifyCase(store: CaseStore, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const started = performance.now();
  const progress = (step: VerifyProgress['step'], digests = 0, logFiles = 0) =>
    options.onProgress?.({
      kind: 'verify',
      step,
      digests,
      logFiles,
      elapsedSeconds: (performance.now() - started) / 1000,
    });
  const check = () => {
    if (options.signal?.aborted) throw cancelled();
  };

  check();
  await refuseBeyondHeap(store, options.heapBytes ?? heapLeft());
  const imported = options.keys ? await importPublicKeys(store, options.keys.text, options.keys.origin) : null;
  check();
  progress('reading');
  const read = await store.read((db) => loadIntegrityInput(db));
  check();
  progress('validating', read.counts.digests, read.counts.log_files);
  // Validation is synchronous; let the progress snapshot and a pending cancel through first.
  await new Promise((resolve) => setImmediate(resolve));
  check();
  const result = validate(read.input);
  for (const note of read.notes) result.summary.notes.push(note);
  check();
  progress('storing', read.counts.digests, read.counts.log_files);
  const runId = await store.writeAnalyst((db) => storeRun(db, read, result));
  const run = await store.read((db) => readIntegrityRun(db, runId));
  if (!run) throw new TrailscopeError('internal', `integrity run ${runId} was stored but cannot be read back`);
  return { run, result, keys_imported: imported };
}
