import { visibleText } from '../../../shared/visible-text.ts';
import { type ApiCall, useApiCall } from '../../api/use-api-call.ts';
import type { useJob } from '../../api/use-job.ts';
import { plural } from '../../components/numbers.ts';
import { runFraction, runProgressText } from './run-progress.ts';
import type { DetectJobs } from './use-detect-jobs.ts';

export type DetectJob = ReturnType<typeof useJob<'detect'>>;

interface RunControlProps {
  job: DetectJob;
  starting: ApiCall;
  others: DetectJobs['running'];
  onRun: () => void;
}

/**
 * "Run all detections", and the run under way: this view's own, or one it did not start (the
 * run queued behind an ingest), either of which can be cancelled.
 */
export function RunControl({ job, starting, others, onRun }: RunControlProps) {
  const cancelling = useApiCall();
  const other = [...others.entries()].find(([jobId]) => jobId !== job.jobId);
  const busy = starting.busy || job.running || other !== undefined;
  const shown = job.running
    ? { progress: job.progress, cancelling: job.cancelling, cancel: () => void job.cancel() }
    : other
      ? {
          progress: other[1],
          cancelling: cancelling.busy,
          cancel: () => cancelling.run((client) => client.request('job:cancel', { jobId: other[0] })),
        }
      : null;
  const failure =
    starting.error ??
    cancelling.error ??
    (job.outcome && !job.outcome.ok && job.outcome.error.kind !== 'cancelled'
      ? visibleText(job.outcome.error.message)
      : null);

  return (
    <div className="detect-run">
      <div className="actions">
        <button type="button" onClick={onRun} disabled={busy}>
          Run all detections
        </button>
        {shown && (
          <>
            <progress
              className="progress detect-progress-bar"
              aria-label="Detection progress"
              max={100}
              value={Math.round(runFraction(shown.progress) * 100)}
            />
            <span role="status" data-testid="detect-progress">
              {runProgressText(shown.progress, shown.cancelling)}
            </span>
            <button type="button" className="secondary" onClick={shown.cancel} disabled={shown.cancelling}>
              Cancel
            </button>
          </>
        )}
        {!shown && job.outcome?.ok && (
          <span className="saved" role="status" data-testid="detect-outcome">
            Run {job.outcome.value.run.run_id} stored: {plural(job.outcome.value.run.rules_run, 'rule', 'rules')} run,{' '}
            {plural(job.outcome.value.hits, 'hit', 'hits')}
            {job.outcome.value.failed.length > 0 &&
              `; ${plural(job.outcome.value.failed.length, 'rule', 'rules')} failed (the list says why)`}
            .
          </span>
        )}
        {!shown && job.outcome && !job.outcome.ok && job.outcome.error.kind === 'cancelled' && (
          <span className="muted">Cancelled: the earlier results are kept.</span>
        )}
      </div>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}
