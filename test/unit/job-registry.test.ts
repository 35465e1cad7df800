import { describe, expect, it } from 'vitest';
import { JobRegistry } from '../../electron/core/jobs/job-registry.ts';
import type { IngestSummary } from '../../shared/model/ingest.ts';
import type { JobFinishedEvent, JobProgressEvent } from '../../shared/model/job.ts';
import type { ReportExport } from '../../shared/model/report.ts';

const SUMMARY: IngestSummary = {
  files: 1,
  unchanged: 0,
  records: 1,
  events_added: 1,
  duplicates: 0,
  rejected: 0,
  conflicts: 0,
  batches: 1,
  discarded: null,
  errors: [],
  error_files: 0,
  cancelled: false,
  seconds: 0,
};
const EXPORTED: ReportExport = {
  path: '/c.duckdb.exports/r.md',
  name: 'r.md',
  format: 'md',
  bytes: 1,
  sha256: 'a'.repeat(64),
  manifest_csv: { path: '/c.duckdb.exports/r-sources.csv', name: 'r-sources.csv', bytes: 1, sha256: 'b'.repeat(64) },
};

/** Work that runs until the test lets it end, and says whether it was started and asked to stop. */
function gate<T>(value: T) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const seen = { started: false, aborted: false };
  const work = async (signal: AbortSignal) => {
    seen.started = true;
    signal.addEventListener('abort', () => {
      seen.aborted = true;
      open();
    });
    await opened;
    return value;
  };
  return { work, open, seen };
}

function registry() {
  const progress: JobProgressEvent[] = [];
  const finished: JobFinishedEvent[] = [];
  const jobs = new JobRegistry({ progress: (e) => progress.push(e), finished: (e) => finished.push(e) });
  const ended = (jobId: string) =>
    new Promise<JobFinishedEvent>((resolve) => {
      const check = () => {
        const event = finished.find((e) => e.jobId === jobId);
        if (event) resolve(event);
        else setTimeout(check, 1);
      };
      check();
    });
  return { jobs, progress, finished, ended };
}

describe('jobs', () => {
  it('run two ingests one after the other, the second saying behind which it waits', async () => {
    const { jobs, progress, ended } = registry();
    const [a, b] = [gate(SUMMARY), gate(SUMMARY)];
    const first = jobs.start('ingest', 'ingest of /a', a.work);
    const second = jobs.start('ingest', 'ingest of /b', b.work);
    expect([a.seen.started, b.seen.started]).toEqual([true, false]);
    expect(progress).toEqual([
      {
        jobId: second,
        kind: 'ingest',
        progress: { kind: 'queued', behind: first, behindLabel: 'ingest of /a', position: 1 },
      },
    ]);
    a.open();
    await ended(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(b.seen.started).toBe(true);
    b.open();
    expect(await ended(second)).toEqual({ jobId: second, kind: 'ingest', outcome: { ok: true, value: SUMMARY } });
  });

  it('start a report at once beside a running ingest, and queue a second report behind the first', async () => {
    const { jobs, progress, ended } = registry();
    const ingesting = gate(SUMMARY);
    const [first, second] = [gate(EXPORTED), gate(EXPORTED)];
    const ingest = jobs.start('ingest', 'ingest of /a', ingesting.work);
    const report = jobs.start('report', 'report in MD', first.work);
    const nextReport = jobs.start('report', 'report in PDF', second.work);
    expect([ingesting.seen.started, first.seen.started, second.seen.started]).toEqual([true, true, false]);
    expect(progress).toEqual([
      {
        jobId: nextReport,
        kind: 'report',
        progress: { kind: 'queued', behind: report, behindLabel: 'report in MD', position: 1 },
      },
    ]);
    first.open();
    expect(await ended(report)).toEqual({ jobId: report, kind: 'report', outcome: { ok: true, value: EXPORTED } });
    second.open();
    await ended(nextReport);
    ingesting.open();
    await ended(ingest);
  });

  it('tell a job its progress with its kind, and a failure with its error kind', async () => {
    const { jobs, progress, ended } = registry();
    const id = jobs.start('report', 'report in PDF', async (_signal, onProgress) => {
      onProgress({ kind: 'report', format: 'pdf', phase: 'gathering', elapsedSeconds: 0 });
      throw new Error('Chromium did not print the PDF');
    });
    expect(progress).toEqual([
      { jobId: id, kind: 'report', progress: { kind: 'report', format: 'pdf', phase: 'gathering', elapsedSeconds: 0 } },
    ]);
    expect(await ended(id)).toEqual({
      jobId: id,
      kind: 'report',
      outcome: { ok: false, error: { kind: 'internal', message: 'Chromium did not print the PDF' } },
    });
  });

  it('cancel a queued job before it starts, and stop all, queued ones never starting', async () => {
    const { jobs, ended } = registry();
    const [a, b, c] = [gate(SUMMARY), gate(SUMMARY), gate(SUMMARY)];
    jobs.start('ingest', 'ingest of /a', a.work);
    const queued = jobs.start('ingest', 'ingest of /b', b.work);
    jobs.start('ingest', 'ingest of /c', c.work);
    expect(jobs.cancel(queued)).toBe(true);
    expect(await ended(queued)).toMatchObject({ outcome: { ok: false, error: { kind: 'cancelled' } } });
    await jobs.stopAll();
    expect([a.seen.aborted, b.seen.started, c.seen.started]).toEqual([true, false, false]);
    expect(jobs.cancel(queued)).toBe(false);
  });
});
