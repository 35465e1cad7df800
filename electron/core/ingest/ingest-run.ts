import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { classify, type Identity, type Outcome, type SourceFields } from './classify.ts';
import { commitBatch } from './commit-batch.ts';
import { recordCount } from './formats/recognition.ts';
import type { KeySet } from './key-set.ts';
import type { IngestLimits } from './limits.ts';
import { type Loaded, load } from './load.ts';
import type { ProgressMeter } from './progress-meter.ts';
import { ReadAheadBudget } from './read-ahead-budget.ts';
import { s3KeyOf } from './s3-key.ts';
import type { SourceRegistry } from './source-registry.ts';
import { type StagedSource, StagingBatch } from './staging.ts';
import { walkNested } from './walk.ts';

const TURN_EVERY_MS = 5;

export interface RunContext {
  db: DuckDBConnection;
  /** This run's own folder of staging files. */
  stagingDir: string;
  ingestId: number;
  registry: SourceRegistry;
  keys: KeySet;
  meter: ProgressMeter;
  limits: IngestLimits;
  /** Records staged before a batch is committed, once the ramp has reached it. */
  batchBytes: number;
  /** The first batch's size; each next one doubles it, up to `batchBytes`. */
  firstBatchBytes: number;
  signal?: AbortSignal;
}

/** What committed batches hold (after a cancel, what was kept), or what a cancel discarded. */
export interface BatchTally {
  batches: number;
  files: number;
  records: number;
}

/**
 * One ingest's staging and commits: each item is classified, staged into the open batch, and
 * a full batch is committed while the next one stages. A cancel stops after the item in
 * hand, interrupts a commit under way (DuckDB rolls that batch back whole) and discards the
 * open batch, so a second run adds exactly what is missing; the batches committed before it
 * stay, and `kept` and `discarded` say what each side holds.
 *
 * Batches start small and double (16, 32, 64… MiB, up to `batchBytes`): DuckDB starts work
 * within a second instead of after the first 256 MiB are staged, the case shows events early
 * on, and a cancel keeps what was committed by then. Large batches still do most of the work,
 * where they cost DuckDB least.
 */
export class IngestRun {
  private sequence = 0;
  private batch: StagingBatch;
  private commitInFlight: Promise<void> = Promise.resolve();
  unchanged = 0;
  recordsLinked = 0;
  readonly kept: BatchTally = { batches: 0, files: 0, records: 0 };
  readonly discarded: BatchTally = { batches: 0, files: 0, records: 0 };

  constructor(private readonly run: RunContext) {
    this.batch = this.newBatch();
  }

  private get cancelled(): boolean {
    return this.run.signal?.aborted ?? false;
  }

  async stageAll(items: AsyncIterable<Loaded>): Promise<void> {
    let turn = performance.now();
    for await (const item of items) {
      if (this.cancelled) break;
      await this.take(item);
      // Small files are read and inflated without waiting on I/O, so this loop may run on
      // promises alone for seconds; the commit under way hears each of its statements end only
      // on a turn of the event loop, and so does a cancel (DuckDB sat idle 25 of 59 s over
      // the org-trail bench before this).
      if (performance.now() - turn > TURN_EVERY_MS) {
        await nextTurn();
        turn = performance.now();
      }
    }
  }

  /** Commits the last batch (nothing, when cancelled) once the one before it is in. */
  async finish(): Promise<void> {
    const last = this.batch;
    if (!this.cancelled) this.run.meter.readAll(this.sequence - (last.isEmpty ? 1 : 0));
    await this.commitInFlight;
    // Nothing is left to stage: the last commit gets every core.
    await this.run.db.run('RESET threads');
    if (this.cancelled || last.isEmpty) {
      last.finish();
      if (this.cancelled && !last.isEmpty) this.tally(this.discarded, last);
      last.remove();
    } else {
      await this.commit(last);
    }
  }

  /** After a failure: lets a commit under way end before the caller cleans up. */
  async settle(): Promise<void> {
    await this.commitInFlight.catch(() => undefined);
  }

  private async take(item: Loaded): Promise<void> {
    this.run.meter.current(item.member ?? item.path, item.diskBytes);
    const outcome = classify(item, this.run.registry);
    await this.apply(outcome);
    if (this.batch.stagedBytes >= this.batchLimit()) await this.startCommit();
  }

  private batchLimit(): number {
    const { batchBytes, firstBatchBytes } = this.run;
    return Math.min(batchBytes, firstBatchBytes * 2 ** Math.min(this.batch.sequence, 30));
  }

  /** A file whose row (and records) the open batch now carries. */
  private fileDone(failed: boolean, records = 0): void {
    this.batch.files++;
    this.batch.records += records;
    this.run.meter.fileDone(failed);
  }

  private async apply(outcome: Outcome): Promise<void> {
    const { meter, registry } = this.run;
    switch (outcome.kind) {
      case 'skipped':
        return;
      case 'unchanged':
        this.unchanged++;
        meter.fileDone(false);
        return;
      case 'unreadable': {
        const id = registry.register(outcome.identity, { kind: 'other', format: 'unknown' }, false);
        this.stage(id, outcome.identity, { ...outcome.fields, status: 'error', error: joined(outcome.problems) });
        this.fileDone(true);
        return;
      }
      case 'duplicate-file': {
        const id = registry.register(outcome.identity, outcome.original, false);
        this.stage(id, outcome.identity, {
          ...outcome.fields,
          status: 'duplicate-file',
          duplicate_of: outcome.original.sourceId,
        });
        this.fileDone(false);
        return;
      }
      case 'archive':
        return this.archive(outcome);
      case 'records':
        return this.records(outcome);
    }
  }

  /**
   * An archive's row. One opened here is numbered before its members, as it comes before
   * them, but staged after them, so that a cut or damage found on the way is on its row.
   */
  private async archive(outcome: Extract<Outcome, { kind: 'archive' }>): Promise<void> {
    const id = this.run.registry.register(outcome.identity, { kind: 'other', format: 'archive' }, false);
    const problems = [...outcome.problems];
    if (outcome.open) {
      const { content, container, depth } = outcome.open;
      const members = walkNested({ ...outcome.identity, depth }, content, container, this.run.limits);
      // Members of an archive already in memory are read one at a time, in hand; a cancel
      // stops between them (the open batch, this row with it, is discarded).
      while (!this.cancelled) {
        const next = await members.next();
        if (next.done) {
          if (next.value) problems.push(next.value);
          break;
        }
        await this.take(await load(next.value, ReadAheadBudget.unbounded(), this.run.limits));
      }
      await members.return(null);
    }
    const error = joined(problems);
    this.stage(id, outcome.identity, { ...outcome.fields, status: error ? 'error' : 'ok', error });
    if (error) this.run.meter.failed();
  }

  private records(outcome: Extract<Outcome, { kind: 'records' }>): void {
    const { extracted } = outcome;
    const id = this.run.registry.next();
    const refused = extracted ? this.batch.addRecords(id, extracted.records) : [];
    const refusedTotal = this.batch.refusedTotal(id);
    const staged = extracted ? recordCount(extracted.records) - refusedTotal : 0;
    const rejected = [...(extracted?.rejected ?? []), ...refused];
    const rejectedTotal = (extracted?.rejectedTotal ?? 0) + refusedTotal;
    this.batch.addRejections(id, rejected);
    this.run.meter.staged(staged);
    const problems = [...outcome.problems];
    const first = rejected[0];
    if (rejectedTotal > 0)
      problems.push(
        `${rejectedTotal} record(s) not loaded${first ? `, first record ${first.index}: ${first.reason}` : ''}`,
      );
    const error = joined(problems);
    const { kind = 'other', format = 'unknown' } = outcome.fields;
    this.run.registry.register(outcome.identity, { kind, format }, error === null, id);
    if (outcome.integrity) this.batch.integrity.add(id, outcome.integrity);
    // Completed in place, not spread into a new object: the fields are this outcome's own, and
    // over the org trail's 110,920 files the spread was 1 s of the JS thread (`--cpu-prof`).
    const { fields } = outcome;
    fields.record_count = staged;
    fields.rejected_count = rejectedTotal;
    fields.status = error ? 'error' : 'ok';
    fields.error = error;
    this.stage(id, outcome.identity, fields);
    this.fileDone(error !== null, staged);
  }

  private stage(sourceId: number, identity: Identity, fields: SourceFields): void {
    this.batch.addSource(sourceRow(sourceId, this.run.ingestId, identity, fields));
  }

  /** One commit at a time: staging waits for the one before, so closed batches never pile up. */
  private async startCommit(): Promise<void> {
    await this.commitInFlight;
    const closing = this.batch;
    this.batch = this.newBatch();
    this.commitInFlight = this.commit(closing);
    this.commitInFlight.catch(() => undefined);
  }

  private async commit(closing: StagingBatch): Promise<void> {
    closing.finish();
    const { meter } = this.run;
    try {
      if (this.cancelled) {
        this.tally(this.discarded, closing);
        return;
      }
      meter.commitStarted(closing.sequence + 1, closing.records);
      const result = await commitBatch(this.run.db, closing, (step) => {
        if (this.cancelled) throw new Error('ingest cancelled');
        meter.commitStep(step);
      });
      this.tally(this.kept, closing);
      this.recordsLinked += result.recordsLinked;
      meter.committed({ ...result, files: closing.files, records: closing.records });
    } catch (error) {
      if (!this.cancelled) throw error;
      // Interrupted by the cancel: DuckDB rolled the whole batch back.
      this.tally(this.discarded, closing);
      meter.commitDropped();
    } finally {
      closing.remove();
    }
  }

  private tally(into: BatchTally, batch: StagingBatch): void {
    into.batches++;
    into.files += batch.files;
    into.records += batch.records;
  }

  private newBatch(): StagingBatch {
    return new StagingBatch(this.run.stagingDir, this.sequence++, this.run.keys);
  }
}

function joined(problems: readonly string[]): string | null {
  return problems.length > 0 ? problems.join('; ') : null;
}

function sourceRow(sourceId: number, ingestId: number, identity: Identity, fields: SourceFields): StagedSource {
  return {
    source_id: sourceId,
    path: identity.path,
    member: identity.member,
    kind: 'other',
    format: 'unknown',
    size_stored: 0,
    size_content: null,
    sha256_stored: identity.sha256Stored,
    sha256_content: null,
    s3_key: s3KeyOf(identity.member ?? identity.path),
    sha256_first_member: null,
    bytes_after_first_member: null,
    org_id: null,
    account_id: null,
    region: null,
    log_date: null,
    record_count: 0,
    rejected_count: 0,
    status: 'ok',
    error: null,
    duplicate_of: null,
    ingest_id: ingestId,
    ...fields,
  };
}
