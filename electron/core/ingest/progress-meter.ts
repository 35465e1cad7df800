import type { CommitStep, IngestProgress } from '../../../shared/model/ingest.ts';

const THROTTLE_MS = 100;

type Counted = Omit<
  IngestProgress,
  'bytesTotal' | 'elapsedSeconds' | 'eventsPerSecond' | 'etaSeconds' | 'fraction' | 'batchesTotal'
>;

/** What one committed batch brought, as the meter and the summary count it. */
export interface BatchCommitted {
  files: number;
  records: number;
  eventsAdded: number;
  conflicts: number;
}

/**
 * Counts an ingest's progress and hands out whole snapshots, at most ten a second. How far
 * the ingest is, and its ETA, come from commits: DuckDB's work is most of an ingest (files are
 * read while it commits the batch before), and a run whose files are all read may have half
 * its time still ahead.
 */
export class ProgressMeter {
  private readonly startedAt = performance.now();
  private lastSent = 0;
  private firstCommitAt: number | null = null;
  private batchesTotal: number | null = null;
  /** The estimate of the records to come moves as files are read; the fraction shown never goes back. */
  private fractionShown = 0;
  private state: Counted = {
    kind: 'ingest',
    phase: 'scanning',
    filesDone: 0,
    filesSeen: 0,
    bytesDone: 0,
    records: 0,
    recordsCommitted: 0,
    eventsAdded: 0,
    batchesCommitted: 0,
    committing: null,
    conflicts: 0,
    errors: 0,
    currentPath: null,
  };

  constructor(
    private readonly bytesTotal: number,
    private readonly listener?: (progress: IngestProgress) => void,
  ) {}

  current(path: string, diskBytes: number): void {
    this.state.currentPath = path;
    this.state.filesSeen++;
    this.state.bytesDone += diskBytes;
    this.emit(false);
  }

  fileDone(failed: boolean): void {
    this.state.filesDone++;
    if (failed) this.state.errors++;
    this.emit(false);
  }

  /** An error that is not a file's own: an archive cut short, say. */
  failed(): void {
    this.state.errors++;
    this.emit(false);
  }

  staged(records: number): void {
    this.state.records += records;
  }

  /** Every file is read: the commits of `batchesTotal` batches in all are what is left. */
  readAll(batchesTotal: number): void {
    this.batchesTotal = batchesTotal;
    this.state.currentPath = null;
    this.phase('committing');
  }

  /** Batch number `batch` (from 1), of `records` records, starts its commit. */
  commitStarted(batch: number, records: number): void {
    this.firstCommitAt ??= performance.now();
    this.state.committing = { batch, records, step: 'events' };
    this.emit(true);
  }

  commitStep(step: CommitStep): void {
    if (!this.state.committing) return;
    this.state.committing = { ...this.state.committing, step };
    this.emit(true);
  }

  committed(batch: BatchCommitted): void {
    this.state.recordsCommitted += batch.records;
    this.state.eventsAdded += batch.eventsAdded;
    this.state.conflicts += batch.conflicts;
    this.state.batchesCommitted++;
    this.state.committing = null;
    this.emit(true);
  }

  /** A commit that did not happen (cancelled): it is not under way any more. */
  commitDropped(): void {
    this.state.committing = null;
  }

  phase(phase: IngestProgress['phase']): void {
    this.state.phase = phase;
    this.emit(true);
  }

  snapshot(): IngestProgress {
    const now = performance.now();
    const elapsedSeconds = (now - this.startedAt) / 1000;
    const { records, recordsCommitted, bytesDone } = this.state;
    const readFraction = this.bytesTotal > 0 ? bytesDone / this.bytesTotal : 0;
    // Until every file is read, the records to come are guessed from the bytes still unread.
    const expected = this.batchesTotal !== null ? records : readFraction > 0 ? records / readFraction : 0;
    const done = this.state.phase === 'done';
    const estimate = expected > 0 ? Math.min(1, recordsCommitted / expected) : 0;
    this.fractionShown = done ? 1 : Math.max(this.fractionShown, estimate);
    const fraction = this.fractionShown;
    const commitSeconds = this.firstCommitAt === null ? 0 : (now - this.firstCommitAt) / 1000;
    const rate = recordsCommitted > 0 && commitSeconds > 0 ? recordsCommitted / commitSeconds : 0;
    return {
      ...this.state,
      bytesTotal: this.bytesTotal,
      batchesTotal: this.batchesTotal,
      fraction,
      elapsedSeconds,
      eventsPerSecond: elapsedSeconds > 0 ? records / elapsedSeconds : 0,
      etaSeconds: !done && rate > 0 && expected >= recordsCommitted ? (expected - recordsCommitted) / rate : null,
    };
  }

  private emit(force: boolean): void {
    if (!this.listener) return;
    const now = performance.now();
    if (!force && now - this.lastSent < THROTTLE_MS) return;
    this.lastSent = now;
    this.listener(this.snapshot());
  }
}
