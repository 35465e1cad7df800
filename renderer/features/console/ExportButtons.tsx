import { useState } from 'react';
import type { ExportFormat, QueryExport, QuerySort } from '../../../shared/model/query.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApiCall } from '../../api/use-api-call.ts';
import { plural } from '../../components/numbers.ts';

const FORMATS: ExportFormat[] = ['csv', 'json', 'parquet'];

/** The whole result, not the rows in view, written beside the case and logged with its hash. */
export function ExportButtons({ queryId, sort }: { queryId: string; sort: QuerySort | null }) {
  const { downloadUrl } = useApiClient();
  const exporting = useApiCall();
  const [done, setDone] = useState<QueryExport | null>(null);

  const write = (format: ExportFormat) =>
    exporting.run(
      (client) => client.request('query:export', { query_id: queryId, format, ...(sort ? { sort } : {}) }),
      setDone,
    );

  return (
    <span className="export-buttons">
      <span className="muted">Export</span>
      {FORMATS.map((format) => (
        <button
          key={format}
          type="button"
          className="secondary"
          disabled={exporting.busy}
          onClick={() => write(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      {done && (
        <span className="small" data-testid="export-done" title={`SHA-256 ${done.sha256}`}>
          {plural(done.rows, 'row', 'rows')} to <code className="export-path">{done.path}</code>
          {downloadUrl && (
            <>
              {' '}
              <a href={downloadUrl(done.path)} download>
                Download
              </a>
            </>
          )}
        </span>
      )}
      {exporting.error && (
        <span className="error small" role="alert">
          {exporting.error}
        </span>
      )}
    </span>
  );
}
