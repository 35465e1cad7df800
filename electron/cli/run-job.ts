import { TrailscopeError } from '../../shared/api/errors.ts';
import type { JobKind, JobProgress, JobValue, QueuedProgress } from '../../shared/model/job.ts';
import { watchJob } from '../api/watch-job.ts';
import type { CliCase } from './cli-case.ts';
import { progressBar, progressLine } from './progress-line.ts';

/** On a pipe or in a log, a progress line at most this often, unless the job moved to another step. */
const PLAIN_EVERY_MS = 5000;

/**
 * Starts a job with its request and follows it to its end through the progress events every
 * face gets, drawn as the terminal's progress line. Ctrl+C asks the job to stop
 * (`job:cancel`) and waits for it, so what it committed stays whole; a second Ctrl+C ends
 * the process at once.
 */
export async function runJob<K extends JobKind>(
  face: CliCase,
  kind: K,
  start: () => Promise<{ jobId: string }>,
  stopping: string,
): Promise<JobValue<K>> {
  const printer = progressPrinter();
  let jobId: string | null = null;
  const onSignal = () => {
    process.stderr.write(`\ntrailscope: ${stopping}\n`);
    if (jobId !== null) void face.request('job:cancel', { jobId });
  };
  process.once('SIGINT', onSignal);
  try {
    const outcome = await watchJob(face.onEvent, kind, {
      start,
      onProgress: printer.show,
      onStarted: (id) => (jobId = id),
    });
    printer.clear();
    if (!outcome.ok) throw new TrailscopeError(outcome.error.kind, outcome.error.message);
    return outcome.value;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

type Snapshot = JobProgress | QueuedProgress;

/** Redraws one line in place on a terminal; elsewhere writes a line when the step changes, or every few seconds. */
function progressPrinter(): { show(p: Snapshot): void; clear(): void } {
  if (process.stderr.isTTY) {
    return {
      show: (p) => process.stderr.write(`\r\x1b[K${progressBar(p, process.stderr.columns ?? 100)}`),
      clear: () => process.stderr.write('\r\x1b[K'),
    };
  }
  let last = 0;
  let lastStep = '';
  return {
    show(p) {
      const now = Date.now();
      const step = `${p.kind}:${'phase' in p ? p.phase : 'step' in p ? p.step : ''}`;
      if (step === lastStep && now - last < PLAIN_EVERY_MS) return;
      last = now;
      lastStep = step;
      process.stderr.write(`${progressLine(p)}\n`);
    },
    clear: () => undefined,
  };
}
