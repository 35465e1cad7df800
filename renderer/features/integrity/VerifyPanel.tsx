import type { VerifyDone, VerifyProgress } from '../../../shared/model/integrity.ts';
import type { JobOutcome, QueuedProgress } from '../../../shared/model/job.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useJob } from '../../api/use-job.ts';
import { count, plural } from '../../components/numbers.ts';

const STEPS: Record<VerifyProgress['step'], string> = {
  reading: 'Reading the digests and log files from the case',
  validating: 'Checking hashes, signatures and the chain',
  storing: 'Storing the run',
};

function progressText(progress: VerifyProgress | QueuedProgress | null, cancelling: boolean): string {
  if (cancelling) return 'Cancelling…';
  if (!progress) return 'Starting…';
  if (progress.kind === 'queued')
    return `Waiting behind the ${progress.behindLabel}: a verification reads the case once that is written.`;
  const judged =
    progress.step === 'validating' && progress.digests + progress.logFiles > 0
      ? `: ${count(progress.judged)} judged`
      : '';
  const read =
    progress.step === 'reading'
      ? ''
      : ` (${plural(progress.digests, 'digest', 'digests')}, ${plural(progress.logFiles, 'log file', 'log files')}${judged})`;
  return `${STEPS[progress.step]}${read}… ${Math.floor(progress.elapsedSeconds)} s`;
}

interface VerifyPanelProps {
  verifiedBefore: boolean;
  /** Sources ingested after the latest run, which it does not cover. */
  sourcesSince: number;
  onVerified: () => void;
}

/** Runs a verification as a job, with every key the case holds, and follows it to its end. */
export function VerifyPanel({ verifiedBefore, sourcesSince, onVerified }: VerifyPanelProps) {
  const starting = useApiCall();
  const job = useJob('verify', (outcome: JobOutcome<VerifyDone>) => {
    if (outcome.ok) onVerified();
  });
  const failure =
    starting.error ??
    (job.outcome && !job.outcome.ok && job.outcome.error.kind !== 'cancelled'
      ? visibleText(job.outcome.error.message)
      : null);

  return (
    <div className="verify-panel">
      <div className="actions">
        <button
          type="button"
          disabled={starting.busy || job.running}
          onClick={() => starting.run(() => job.start((client) => client.request('integrity:verify', {})))}
        >
          {verifiedBefore ? 'Verify again' : 'Verify'}
        </button>
        {job.running && (
          <>
            <span role="status" data-testid="verify-progress">
              {progressText(job.progress, job.cancelling)}
            </span>
            <button type="button" className="secondary" onClick={() => void job.cancel()} disabled={job.cancelling}>
              Cancel
            </button>
          </>
        )}
        {!job.running && job.outcome?.ok && (
          <span className="saved" role="status">
            Run {job.outcome.value.run.run_id} stored:{' '}
            {plural(job.outcome.value.run.inputs.digests, 'digest', 'digests')} and{' '}
            {plural(job.outcome.value.run.inputs.log_files, 'log file', 'log files')} checked.
          </span>
        )}
        {!job.running && job.outcome && !job.outcome.ok && job.outcome.error.kind === 'cancelled' && (
          <span className="muted">Cancelled: no run was stored.</span>
        )}
      </div>
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {verifiedBefore && sourcesSince > 0 && !job.running && (
        <p className="caveat" role="note" data-testid="sources-since">
          Sources ingested since this run: {count(sourcesSince)}. They are not covered by it: verify again.
        </p>
      )}
    </div>
  );
}
