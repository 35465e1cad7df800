import { useState } from 'react';
import type { ExportFormat, QueryExport, QuerySort } from '../../../shared/model/query.ts';
import type { ApiClient } from '../../api/client.ts';

const FORMATS: ExportFormat[] = ['csv', 'json', 'parquet'];

/** The whole result, not the rows in view, written beside the case and logged with its hash. */
export function ExportButtons({ client, queryId, sort }: { client: ApiClient; queryId: string; sort: QuerySort | null }) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<QueryExport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const write = (format: ExportFormat) => {
    setBusy(true);
    setProblem(null);
    client.request('query:export', { query_id: queryId, format, ...(sort ? { sort } : {}) }).then(
      (exported) => {
        setDone(exported);
        setBusy(false);
      },
      (e: unknown) => {
        setProblem(e instanceof Error ? e.message : String(e));
        setBusy(false);
      },
    );
  };

  return (
    <span className="export-buttons">
      <span className="muted">Export</span>
      {FORMATS.map((format) => (
        <button key={format} type="button" className="secondary" disabled={busy} onClick={() => write(format)}>
          {format.toUpperCase()}
        </button>
      ))}
      {done && (
        <span className="small" data-testid="export-done" title={`SHA-256 ${done.sha256}`}>
          {done.rows.toLocaleString('en-US')} rows to <code>{done.path}</code>
          {client.downloadUrl && (
            <>
              {' '}
              <a href={client.downloadUrl(done.path)} download>Download</a>
            </>
          )}
        </span>
      )}
      {problem && <span className="error small" role="alert">{problem}</span>}
    </span>
  );
}
