import { useState } from 'react';
import type { QueuedProgress, ReportProgress } from '../../../shared/model/job.ts';
import { type ReportExport, type ReportFormat, reportFormats } from '../../../shared/model/report.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApiCall } from '../../api/use-api-call.ts';
import { useJob } from '../../api/use-job.ts';
import { plural } from '../../components/numbers.ts';

const FORMAT_NAMES: Record<ReportFormat, string> = { html: 'HTML', pdf: 'PDF', md: 'Markdown', json: 'JSON' };
const PHASES: Record<ReportProgress['phase'], string> = {
  gathering: 'Gathering the case',
  rendering: 'Rendering',
  printing: 'Printing the PDF',
};

function progressText(progress: ReportProgress | QueuedProgress | null, cancelling: boolean): string {
  if (cancelling) return 'Cancelling…';
  if (!progress) return 'Starting…';
  if (progress.kind === 'queued') return `Waiting behind the ${progress.behindLabel}…`;
  return `${PHASES[progress.phase]}… ${Math.floor(progress.elapsedSeconds)} s`;
}

/** One file written: its name (and a link where the face can download), size and SHA-256. */
function ExportRow({
  label,
  file,
  downloadUrl,
  attached = false,
}: {
  label: string;
  file: { path: string; name: string; bytes: number; sha256: string };
  downloadUrl: ((path: string) => string) | null;
  attached?: boolean;
}) {
  return (
    <tr className={attached ? 'attached' : undefined}>
      <td>{label}</td>
      <td>
        <code title={file.path}>{file.name}</code>
        {downloadUrl && (
          <>
            {' '}
            <a href={downloadUrl(file.path)} download={file.name}>
              Download
            </a>
          </>
        )}
      </td>
      <td>{plural(file.bytes, 'byte', 'bytes')}</td>
      <td>
        <code className="hash">{file.sha256}</code>
      </td>
    </tr>
  );
}

/** Writes the report in each format beside the case, as a job; each file's SHA-256 goes to the case log. */
export function ReportExports() {
  const { downloadUrl } = useApiClient();
  const starting = useApiCall();
  const [title, setTitle] = useState('');
  const [format, setFormat] = useState<ReportFormat | null>(null);
  const [written, setWritten] = useState<ReportExport[]>([]);
  const job = useJob('report', (outcome) => {
    if (outcome.ok) setWritten((list) => [outcome.value, ...list]);
  });
  const busy = starting.busy || job.running ? format : null;
  const failure =
    starting.error ??
    (job.outcome && !job.outcome.ok && job.outcome.error.kind !== 'cancelled'
      ? visibleText(job.outcome.error.message)
      : null);

  const write = (chosen: ReportFormat) => {
    setFormat(chosen);
    starting.run(() =>
      job.start((client) => client.request('report:export', { format: chosen, ...(title.trim() ? { title } : {}) })),
    );
  };

  return (
    <div className="report-exports">
      <label>
        Report title{' '}
        <input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={300}
          placeholder="the case name, when empty"
        />
      </label>
      <div className="actions">
        {reportFormats.map((format) => (
          <button key={format} type="button" disabled={busy !== null} onClick={() => write(format)}>
            {busy === format ? `Writing ${FORMAT_NAMES[format]}…` : `Export ${FORMAT_NAMES[format]}`}
          </button>
        ))}
      </div>
      {job.running && (
        <p className="report-progress" role="status" data-testid="report-progress">
          {progressText(job.progress, job.cancelling)}{' '}
          <button type="button" className="secondary" onClick={() => void job.cancel()} disabled={job.cancelling}>
            Cancel
          </button>
        </p>
      )}
      {job.outcome && !job.outcome.ok && job.outcome.error.kind === 'cancelled' && (
        <p className="muted">Cancelled: no report was written.</p>
      )}
      {failure && (
        <p className="error" role="alert">
          {failure}
        </p>
      )}
      {written.length > 0 && (
        <table className="exports" data-testid="report-exports">
          <thead>
            <tr>
              <th>Format</th>
              <th>File</th>
              <th>Size</th>
              <th>SHA-256 (in the case log)</th>
            </tr>
          </thead>
          <tbody>
            {written.flatMap((w) => [
              <ExportRow key={w.path} label={FORMAT_NAMES[w.format]} file={w} downloadUrl={downloadUrl} />,
              <ExportRow
                key={w.manifest_csv.path}
                label="its manifest, CSV"
                file={w.manifest_csv}
                downloadUrl={downloadUrl}
                attached
              />,
            ])}
          </tbody>
        </table>
      )}
    </div>
  );
}
