import type { IngestProgress } from '../../../shared/model/ingest.ts';

const THROTTLE_MS = 100;

/** Counts an ingest's progress and hands out whole snapshots, at most ten a second. */
export class ProgressMeter {
  private readonly startedAt = performance.now();
  private lastSent = 0;
  private state: Omit<IngestProgress, 'bytesTotal' | 'elapsedSeconds' | 'eventsPerSecond' | 'etaSeconds'> = {
    kind: 'ingest',
    phase: 'scanning',
    filesDone: 0,
    filesSeen: 0,
    bytesDone: 0,
    records: 0,
    eventsAdded: 0,
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

  committed(eventsAdded: number): void {
    this.state.eventsAdded += eventsAdded;
    this.emit(true);
  }

  phase(phase: IngestProgress['phase']): void {
    this.state.phase = phase;
    this.emit(true);
  }

  snapshot(): IngestProgress {
    const elapsedSeconds = (performance.now() - this.startedAt) / 1000;
    const fraction = this.bytesTotal > 0 ? this.state.bytesDone / this.bytesTotal : 0;
    return {
      ...this.state,
      bytesTotal: this.bytesTotal,
      elapsedSeconds,
      eventsPerSecond: elapsedSeconds > 0 ? this.state.records / elapsedSeconds : 0,
      etaSeconds: fraction > 0.02 && fraction < 1 ? (elapsedSeconds * (1 - fraction)) / fraction : null,
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
