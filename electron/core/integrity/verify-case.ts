import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { VerifyOutcome, VerifyProgress } from '../../../shared/model/integrity.ts';
import type { CaseStore } from '../case/case-store.ts';
import { loadIntegrityInput } from './case-inputs.ts';
import { importPublicKeys } from './case-public-keys.ts';
import { readIntegrityRun } from './integrity-runs.ts';
import { storeRun } from './store-run.ts';
import { validate } from './validate.ts';

export interface VerifyOptions {
  /** `list-public-keys` output to store in the case first; `origin` names it (its file name). */
  keys?: { text: string; origin: string };
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
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
