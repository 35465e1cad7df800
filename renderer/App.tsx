import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../shared/api/contract.ts';
import type { ApiClient } from './api/client.ts';
import { CaseSummaryView } from './features/cases/CaseSummaryView.tsx';
import { IngestPanel } from './features/ingest/IngestPanel.tsx';

export function App({ client }: { client: ApiClient }) {
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    client.request('case:info', {}).then(
      (value) => {
        setSummary(value);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [client]);
  useEffect(refresh, [refresh]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Trailscope</h1>
        <span className="case-path" title={summary?.path}>{summary?.path ?? ''}</span>
      </header>
      <main className="app-main">
        <CaseSummaryView summary={summary} error={error} />
        <IngestPanel client={client} onFinished={refresh} />
        <p className="not-built" role="note">
          Not in this build yet: the SQL console, event explorer, charts and pipeline view. The CLI has them today:{' '}
          <code>trailscope query</code>, <code>trailscope pipelines</code>.
        </p>
      </main>
    </div>
  );
}
