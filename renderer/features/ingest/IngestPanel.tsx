import { type FormEvent, useEffect, useRef, useState } from 'react';
import { cancelledWords, commitWords, counted, ingestCounts } from '../../../shared/ingest-outcome.ts';
import type { IngestProgress, IngestSummary } from '../../../shared/model/ingest.ts';
import type { JobOutcome, QueuedProgress } from '../../../shared/model/job.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApiCall } from '../../api/use-api-call.ts';
import { useJob } from '../../api/use-job.ts';
import { useViewState } from '../../app/view-state.tsx';
import { count } from '../../components/numbers.ts';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { CONFLICT_MEANING } from '../explorer/ConflictBodies.tsx';

const seconds = (s: number | null) =>
  s === null ? 'estimating…' : s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
const number = (n: number) => Math.round(n).toLocaleString('en-US');
const megabytes = (bytes: number) => `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

/** Another ingest (from another tab, say) is writing the case: this one starts when it ends. */
function QueuedView({ progress, cancelling }: { progress: QueuedProgress; cancelling: boolean }) {
  const others = progress.position - 1;
  return (
    <p className="muted" data-testid="ingest-queued">
      {cancelling
        ? 'Cancelling…'
        : `Queued behind the ${progress.behindLabel}${others > 0 ? ` (and ${counted(others, 'more job', 'more jobs')} ahead)` : ''}: it starts when that ends. One ingest writes a case at a time.`}
    </p>
  );
}

/**
 * Two steps that overlap: files are read and staged in batches, and each full batch is
 * committed to the case while the next one fills. Committing takes most of the time, so the
 * bar is the records committed; reading has its own line, and once every file is read the
 * commits still to come are said.
 */
function ProgressView({
  progress,
  cancelling,
}: {
  progress: IngestProgress | QueuedProgress | null;
  cancelling: boolean;
}) {
  if (!progress) return <p className="muted">Starting…</p>;
  if (progress.kind === 'queued') return <QueuedView progress={progress} cancelling={cancelling} />;
  const readAll = progress.phase === 'committing';
  const readFraction = readAll ? 1 : progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 0;
  const commit = commitWords(progress);
  return (
    <div className="ingest-progress">
      <ProgressBar fraction={progress.fraction} label="Ingest progress: records committed" />
      <p data-testid="ingest-stats">
        {cancelling ? 'Stopping after the current file: committed batches stay, the open one is discarded. ' : ''}
        {readAll ? 'Committing' : 'Reading and committing'} · {number(progress.fraction * 100)}% ·{' '}
        {counted(progress.recordsCommitted, 'record', 'records')} committed in{' '}
        {counted(progress.batchesCommitted, 'batch', 'batches')} · {number(progress.eventsPerSecond)} records/s · ETA{' '}
        {seconds(progress.etaSeconds)} · {counted(progress.errors, 'error', 'errors')}
        {progress.conflicts > 0
          ? ` · ${counted(progress.conflicts, 'conflicting delivery', 'conflicting deliveries')}`
          : ''}
      </p>
      <div className="ingest-steps small">
        <progress
          className="progress read-progress"
          aria-label="Files read"
          max={100}
          value={Math.round(readFraction * 100)}
          data-testid="ingest-read-progress"
        />
        <p data-testid="ingest-reading">
          {readAll
            ? `Every file read: ${counted(progress.filesDone, 'file', 'files')}, ${counted(progress.records, 'record', 'records')}.`
            : `Reading: ${counted(progress.filesDone, 'file', 'files')} of ${number(progress.filesSeen)} found, ${megabytes(progress.bytesDone)} of ${megabytes(progress.bytesTotal)}, ${counted(progress.records, 'record', 'records')}.`}
        </p>
        <p data-testid="ingest-commit">
          {commit
            ? `Committing ${commit}.`
            : readAll
              ? 'Committing: waiting for the last batch.'
              : progress.batchesCommitted === 0
                ? 'Committing starts when the first batch is full.'
                : 'Committing: the next batch is filling.'}
          {progress.batchesTotal !== null
            ? ` ${counted(progress.batchesTotal - progress.batchesCommitted, 'batch', 'batches')} left.`
            : ''}
        </p>
      </div>
      {progress.currentPath && <p className="muted current-path">{visibleText(progress.currentPath)}</p>}
    </div>
  );
}

function OutcomeView({ outcome }: { outcome: JobOutcome<IngestSummary> }) {
  if (!outcome.ok && outcome.error.kind === 'cancelled') {
    return <p data-testid="ingest-outcome">Cancelled before it started: nothing was ingested.</p>;
  }
  if (!outcome.ok)
    return (
      <p className="error" role="alert">
        The ingest failed: {visibleText(outcome.error.message)}
      </p>
    );
  const s = outcome.value;
  return (
    <div data-testid="ingest-outcome">
      <p>
        {s.cancelled ? cancelledWords(s) : `${s.errors.length ? 'Done, with errors.' : 'Done.'} ${ingestCounts(s)}`} (
        {s.seconds.toFixed(1)} s).
      </p>
      {s.conflicts > 0 && (
        <p className="conflict-warning" role="note">
          {counted(s.conflicts, 'delivery', 'deliveries')} of an event already in the case came with a different body.{' '}
          {CONFLICT_MEANING} The case summary lists them, with both bodies.
        </p>
      )}
      {s.error_files > 0 && (
        <details open={s.error_files <= 5}>
          <summary>{counted(s.error_files, 'file', 'files')} with errors: the rest loaded</summary>
          <ul className="errors">
            {s.errors.map((e, i) => (
              <li key={i}>
                <code>{visibleText(e.path)}</code>: {visibleText(e.message)}
              </li>
            ))}
          </ul>
          {s.error_files > s.errors.length && (
            <p className="muted small">
              The first {count(s.errors.length)} are listed; every one is a row of the case's sources table.
            </p>
          )}
        </details>
      )}
    </div>
  );
}

/**
 * The case is read again as an ingest commits its batches and when it ends, whichever view
 * shows meanwhile: the job is followed above the views, and so is this.
 */
export function useIngestRefresh(onCommitted: () => void, onFinished: () => void) {
  const job = useJob('ingest', onFinished);
  const committed = job.progress?.kind === 'ingest' ? job.progress.batchesCommitted : 0;
  const heard = useRef(onCommitted);
  heard.current = onCommitted;
  useEffect(() => {
    if (committed > 0) heard.current();
  }, [committed]);
}

/** Ingest by path (any folder, file or archive on this machine) or, in the browser face, by upload. */
interface IngestPanelProps {
  /** Paths to ingest at once (a case just made from them), and the word that it began. */
  startWith?: string[];
  onStarted?: () => void;
}

export function IngestPanel({ startWith = [], onStarted }: IngestPanelProps) {
  const client = useApiClient();
  const job = useJob('ingest');
  const ingest = (paths: string[]) => job.start((api) => api.request('ingest:start', { paths }));
  const action = useApiCall();
  const [paths, setPaths] = useViewState('ingest.paths', startWith.join('\n'));
  const [missing, setMissing] = useState<string | null>(null);
  const problem = missing ?? action.error;

  const run = (work: () => Promise<unknown>) => {
    setMissing(null);
    action.run(work);
  };

  // A case made from archives on the start screen begins its ingest here, where progress shows.
  const started = useRef(false);
  useEffect(() => {
    if (started.current || startWith.length === 0) return;
    started.current = true;
    run(() => ingest(startWith));
    onStarted?.();
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = paths
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    if (list.length === 0) return setMissing('Give at least one folder, file or archive path.');
    run(() => ingest(list));
  };

  const uploadFiles = (files: FileList | null) => {
    if (!files?.length || !client.upload) return;
    const upload = client.upload;
    run(() => Promise.all([...files].map((file) => upload(file))).then(ingest));
  };

  return (
    <section className="panel" aria-labelledby="ingest-title">
      <h2 id="ingest-title">Ingest</h2>
      <form onSubmit={submit} className="ingest-form">
        <label htmlFor="ingest-paths">Folders, files or archives on this machine, one per line</label>
        <textarea
          id="ingest-paths"
          rows={3}
          value={paths}
          onChange={(e) => setPaths(e.target.value)}
          disabled={job.running}
          spellCheck={false}
          placeholder="/cases/acme/AWSLogs"
        />
        <div className="actions">
          <button type="submit" disabled={job.running}>
            Ingest
          </button>
          {job.running && (
            <button type="button" className="secondary" onClick={() => run(job.cancel)} disabled={job.cancelling}>
              Cancel
            </button>
          )}
          {client.upload && (
            <label className="upload">
              or upload archives
              <input
                type="file"
                multiple
                disabled={job.running}
                onChange={(e) => uploadFiles(e.target.files)}
                data-testid="ingest-upload"
              />
            </label>
          )}
        </div>
      </form>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {job.running && <ProgressView progress={job.progress} cancelling={job.cancelling} />}
      {job.outcome && <OutcomeView outcome={job.outcome} />}
    </section>
  );
}
