import { useState } from 'react';
import { type ReportExport, type ReportFormat, reportFormats } from '../../../shared/model/report.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApiCall } from '../../api/use-api-call.ts';

const FORMAT_NAMES: Record<ReportFormat, string> = { html: 'HTML', pdf: 'PDF', md: 'Markdown', json: 'JSON' };

/** Writes the report in each format beside the case; each file's SHA-256 goes to the case log. */
export function ReportExports() {
  const { downloadUrl } = useApiClient();
  const exporting = useApiCall();
  const [title, setTitle] = useState('');
  const [format, setFormat] = useState<ReportFormat | null>(null);
  const [written, setWritten] = useState<ReportExport[]>([]);
  const busy = exporting.busy ? format : null;

  const write = (chosen: ReportFormat) => {
    setFormat(chosen);
    exporting.run(
      (client) => client.request('report:export', { format: chosen, ...(title.trim() ? { title } : {}) }),
      (exported) => setWritten((list) => [exported, ...list]),
    );
  };

  return (
    <div className="report-exports">
      <label>
        Report title <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} placeholder="the case name, when empty" />
      </label>
      <div className="actions">
        {reportFormats.map((format) => (
          <button key={format} type="button" disabled={busy !== null} onClick={() => write(format)}>
            {busy === format ? `Writing ${FORMAT_NAMES[format]}…` : `Export ${FORMAT_NAMES[format]}`}
          </button>
        ))}
      </div>
      {exporting.error && <p className="error" role="alert">{exporting.error}</p>}
      {written.length > 0 && (
        <table className="exports" data-testid="report-exports">
          <thead>
            <tr><th>Format</th><th>File</th><th>Size</th><th>SHA-256 (in the case log)</th></tr>
          </thead>
          <tbody>
            {written.map((w) => (
              <tr key={w.path}>
                <td>{FORMAT_NAMES[w.format]}</td>
                <td>
                  <code title={w.path}>{w.name}</code>
                  {downloadUrl && (
                    <>
                      {' '}
                      <a href={downloadUrl(w.path)} download={w.name}>Download</a>
                    </>
                  )}
                </td>
                <td>{w.bytes.toLocaleString('en-US')} bytes</td>
                <td><code className="hash">{w.sha256}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
