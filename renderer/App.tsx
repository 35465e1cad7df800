import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../shared/api/contract.ts';
import type { ApiClient } from './api/client.ts';
import { CaseSummaryView } from './features/cases/CaseSummaryView.tsx';
import { IngestPanel } from './features/ingest/IngestPanel.tsx';
import { PipelinesView } from './features/pipelines/PipelinesView.tsx';
import { SourcesPanel } from './features/sources/SourcesPanel.tsx';

type View = 'case' | 'pipelines';

export function App({ client }: { client: ApiClient }) {
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>('case');
  // Bumped after each ingest, so views that read the case read it again.
  const [generation, setGeneration] = useState(0);

  const refresh = useCallback(() => {
    setGeneration((g) => g + 1);
    client.request('case:info', {}).then(
      (value) => {
        setSummary(value);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [client]);
  useEffect(refresh, [refresh]);

  const tab = (id: View, label: string) => (
    <button type="button" className={`nav ${view === id ? 'current' : ''}`} aria-current={view === id ? 'page' : undefined} onClick={() => setView(id)}>
      {label}
    </button>
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1>Trailscope</h1>
        <nav className="views" aria-label="Views">
          {tab('case', 'Case')}
          {tab('pipelines', 'Pipelines')}
        </nav>
        <span className="case-path" title={summary?.path}>{summary?.path ?? ''}</span>
      </header>
      {view === 'case' && (
        <main className="app-main">
          <CaseSummaryView summary={summary} error={error} />
          <IngestPanel client={client} onFinished={refresh} />
          {summary && <SourcesPanel client={client} total={summary.sources} errors={summary.errors} />}
          <p className="not-built" role="note">
            Not in this build yet: the SQL console, event explorer and charts. The CLI has queries today: <code>trailscope query</code>.
          </p>
        </main>
      )}
      {view === 'pipelines' && (
        <main className="app-main wide">
          <PipelinesView key={generation} client={client} />
        </main>
      )}
    </div>
  );
}
