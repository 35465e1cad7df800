import v8 from 'node:v8';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { IntegrityInputCounts, VerifyDone, VerifyProgress } from '../../../shared/model/integrity.ts';
import type { CaseStore } from '../case/case-store.ts';
import { inReadOnlyTransaction } from '../query/read-only-transaction.ts';
import { countDigests, loadDigestInput } from './case-inputs.ts';
import { keyGroupsOf, makeKeyRows } from './case-log-files.ts';
import { importPublicKeys } from './case-public-keys.ts';
import { readIntegrityRun } from './integrity-runs.ts';
import { integritySummary } from './integrity-summary.ts';
import { StagedVerdicts, storeRun } from './store-run.ts';
import { validateDigests } from './validate.ts';

export interface VerifyOptions {
  /** `list-public-keys` output to store in the case first; `origin` names it (its file name). */
  keys?: { text: string; origin: string };
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  /** The heap validation may fill; V8's room left by default. Tests make it small. */
  heapBytes?: number;
}

/**
 * What verification holds at its peak for each digest, which stay in memory while the log files
 * are judged: 5.8 KB, measured (docs/ARCHITECTURE.md, "Integrity"), and a tenth more. Log files
 * are judged a page at a time and weigh nothing that grows with the case.
 */
const HEAP_BYTES_PER_DIGEST = 6500;

/** Rows of log files and listings judged and stored at a time. */
const ROWS_PER_PAGE = 10_000;

/** Buckets of log files and listings that make pages of about ROWS_PER_PAGE rows. */
const bucketsFor = (counts: IntegrityInputCounts) =>
  Math.max(1, Math.ceil((counts.log_files + counts.listings) / ROWS_PER_PAGE));

/**
 * Validation holds every digest in memory; past V8's heap the process would end, taking the
 * app with it. A case with that many is refused first, with what to do.
 */
async function refuseBeyondHeap(store: CaseStore, heapBytes: number): Promise<void> {
  const digests = await store.read((db) => countDigests(db));
  const needed = digests * HEAP_BYTES_PER_DIGEST;
  if (needed <= heapBytes) return;
  const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
  // Not 'invalid-input': the CLI reads that as its --keys file refused.
  throw new TrailscopeError(
    'too-large',
    `This case holds ${digests.toLocaleString('en-US')} digest files: validating them at once needs about ${gb(needed)} of memory, more than the ${gb(heapBytes)} this process has left. Nothing was verified. Verify such evidence in cases of one account, region or year each.`,
  );
}

function heapLeft(): number {
  const { heap_size_limit, used_heap_size } = v8.getHeapStatistics();
  return Math.max(0, (heap_size_limit - used_heap_size) * 0.85);
}

const cancelled = () => new TrailscopeError('cancelled', 'Verification cancelled: no run was stored.');

/**
 * Verifies the case's digests and log files from the case alone, with every public key it
 * holds, and stores the run (the verdicts, the gaps, the trails, the keys offered) with its
 * case-log entry in one analyst write. On a connection of its own: what it reads, in one
 * read-only snapshot; the digests, judged in memory; the log files, met with their listings by
 * DuckDB and judged a page at a time, their verdicts staged in a temp table; then the analyst
 * write, which is all that notes, findings and console queries wait for. A cancel is honoured
 * up to that write: a run is stored whole or not at all.
 */
export async function verifyCase(store: CaseStore, options: VerifyOptions = {}): Promise<VerifyDone> {
  const started = performance.now();
  const progress = (step: VerifyProgress['step'], digests = 0, logFiles = 0, judged = 0) =>
    options.onProgress?.({
      kind: 'verify',
      step,
      digests,
      logFiles,
      judged,
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
  const runId = await store.read(async (reader) => {
    const { db } = reader;
    const read = await inReadOnlyTransaction(db, async () => {
      const read = await loadDigestInput(reader);
      await makeKeyRows(db, bucketsFor(read.counts));
      return read;
    });
    check();
    const { counts } = read;
    progress('validating', counts.digests, counts.log_files);
    // Validation is synchronous; let the progress snapshot and a pending cancel through first.
    await new Promise((resolve) => setImmediate(resolve));
    check();
    const digests = validateDigests(read.digests, read.keyInputs);
    const staged = await StagedVerdicts.open(db);
    staged.add(digests.files);
    let judged = 0;
    for await (const groups of keyGroupsOf(db, bucketsFor(counts), ROWS_PER_PAGE)) {
      check();
      for (const group of groups) {
        staged.add(digests.judge.judge(group));
        judged += group.logs.length;
      }
      progress('validating', counts.digests, counts.log_files, judged);
    }
    check();
    progress('storing', counts.digests, counts.log_files, judged);
    const { gaps, trails, notes, keyring, tally } = digests;
    for (const note of read.notes) notes.push(note);
    const summary = integritySummary(staged.counts, gaps, trails, notes, keyring, tally);
    return store.writeAnalyst((on) => storeRun(on, staged, read, { gaps, trails, summary }), db);
  });
  const run = await store.read((db) => readIntegrityRun(db, runId));
  if (!run) throw new TrailscopeError('internal', `integrity run ${runId} was stored but cannot be read back`);
  return { run, keys_imported: imported };
}
