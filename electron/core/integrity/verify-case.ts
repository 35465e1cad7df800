import v8 from 'node:v8';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { IntegrityInputCounts, VerifyDone, VerifyProgress } from '../../../shared/model/integrity.ts';
import type { CaseStore } from '../case/case-store.ts';
import { inReadOnlyTransaction } from '../query/read-only-transaction.ts';
import { DigestFactsTable, type DigestPlaces, digestsByTrail, placeDigests } from './case-digests.ts';
import { loadCaseInput } from './case-inputs.ts';
import { keyGroupsOf, makeKeyRows } from './case-log-files.ts';
import { importPublicKeys } from './case-public-keys.ts';
import { readIntegrityRun } from './integrity-runs.ts';
import { integritySummary } from './integrity-summary.ts';
import { SidecarLinker } from './sidecar-links.ts';
import { StagedVerdicts, storeRun } from './store-run.ts';
import { DigestValidation } from './validate.ts';

export interface VerifyOptions {
  /** `list-public-keys` output to store in the case first; `origin` names it (its file name). */
  keys?: { text: string; origin: string };
  signal?: AbortSignal;
  onProgress?: (progress: VerifyProgress) => void;
  /** The heap validation may fill; V8's room left by default. Tests make it small. */
  heapBytes?: number;
}

/**
 * What verification holds at its peak for each digest of the trail it judges: 8.2 KB over a
 * trail of 35,040 (docs/ARCHITECTURE.md, "Integrity"), and a tenth more. Other trails' digests
 * and the log files are read a page at a time and weigh nothing that grows with the case.
 */
const HEAP_BYTES_PER_DIGEST = 9000;

/** Rows of log files and listings judged and stored at a time. */
const ROWS_PER_PAGE = 10_000;

/** Digests read at a time. */
const DIGESTS_PER_PAGE = 5_000;

/** Buckets of log files and listings that make pages of about ROWS_PER_PAGE rows. */
const bucketsFor = (counts: IntegrityInputCounts) =>
  Math.max(1, Math.ceil((counts.log_files + counts.listings) / ROWS_PER_PAGE));

/**
 * A trail's chain is judged in memory; past V8's heap the process would end, taking the app
 * with it. A trail of that many digests (CloudTrail writes one an hour: forged, or decades) is
 * refused first, with what to do.
 */
function refuseBeyondHeap({ trails }: DigestPlaces, heapBytes: number): void {
  const [trail, digests] = trails.reduce((most, t) => (t[1] > most[1] ? t : most), ['', 0]);
  const needed = digests * HEAP_BYTES_PER_DIGEST;
  if (needed <= heapBytes) return;
  const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
  // Not 'invalid-input': the CLI reads that as its --keys file refused.
  throw new TrailscopeError(
    'too-large',
    `One trail of this case holds ${digests.toLocaleString('en-US')} digest files (${trail.replaceAll('|', ' ').trim()}): validating its chain needs about ${gb(needed)} of memory, more than the ${gb(heapBytes)} this process has left. Nothing was verified. Verify such evidence in cases of one year each.`,
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
  const imported = options.keys ? await importPublicKeys(store, options.keys.text, options.keys.origin) : null;
  check();
  progress('reading');
  const runId = await store.read(async (reader) => {
    const { db } = reader;
    // Files judged, digests then log files; the digests told at most once a page (a case may hold 200,000 trails).
    let judged = 0;
    let told = 0;
    // One snapshot for everything read: the digests, a trail at a time, judged within it.
    const snapshot = await inReadOnlyTransaction(db, async () => {
      const read = await loadCaseInput(reader);
      const linker = new SidecarLinker(read.sidecars);
      const places = await placeDigests(db, linker, DIGESTS_PER_PAGE);
      refuseBeyondHeap(places, options.heapBytes ?? heapLeft());
      read.counts.signatures = places.signatures;
      check();
      const { counts } = read;
      progress('validating', counts.digests, counts.log_files);
      const validation = new DigestValidation(read.keyInputs);
      const staged = await StagedVerdicts.open(db);
      const facts = await DigestFactsTable.open(db);
      for await (const { identity, entries } of digestsByTrail(db, DIGESTS_PER_PAGE)) {
        check();
        staged.add(identity ? validation.trail(identity, entries) : validation.unplaced(entries));
        facts.add(entries);
        judged += entries.length;
        if (judged - told < DIGESTS_PER_PAGE) continue;
        told = judged;
        progress('validating', counts.digests, counts.log_files, judged);
      }
      facts.close();
      await makeKeyRows(db, bucketsFor(counts));
      for (const note of read.notes) validation.note(note);
      for (const s of linker.unlinked())
        validation.note(
          `Head-object output ${s.location} belongs to no digest in the case (by its name, or its ETag and size), so its signature was not used.`,
        );
      return { read, validation, staged };
    });
    const { read, validation, staged } = snapshot;
    const { counts } = read;
    const judge = validation.logJudge();
    for await (const groups of keyGroupsOf(db, bucketsFor(counts), ROWS_PER_PAGE)) {
      check();
      for (const group of groups) {
        staged.add(judge.judge(group));
        judged += group.logs.length;
      }
      progress('validating', counts.digests, counts.log_files, judged);
    }
    check();
    progress('storing', counts.digests, counts.log_files, judged);
    const summary = integritySummary(staged.counts, validation);
    const { gaps, trails } = validation;
    return store.writeAnalyst((on) => storeRun(on, staged, read, { gaps, trails, summary }), db);
  });
  const run = await store.read((db) => readIntegrityRun(db, runId));
  if (!run) throw new TrailscopeError('internal', `integrity run ${runId} was stored but cannot be read back`);
  return { run, keys_imported: imported };
}
