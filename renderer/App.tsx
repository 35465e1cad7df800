import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../shared/api/contract.ts';
import { ApiRequestError, type ApiClient } from './api/client.ts';
import { Preferences, usePreferences } from './components/Preferences.tsx';
import { ZoneContext } from './components/time-zone.ts';
import { ConsoleView } from './features/console/ConsoleView.tsx';
import { CaseSummaryView } from './features/cases/CaseSummaryView.tsx';
import { StartScreen } from './features/cases/StartScreen.tsx';
import { IngestPanel } from './features/ingest/IngestPanel.tsx';
import { PipelinesView } from './features/pipelines/PipelinesView.tsx';
import type { ExploreFilter } from '../shared/model/explore.ts';
import { ChartsView } from './features/charts/ChartsView.tsx';
import { ExplorerView } from './features/explorer/ExplorerView.tsx';
import { ReportView } from './features/report/ReportView.tsx';
import { SourcesPanel } from './features/sources/SourcesPanel.tsx';

type View = 'start' | 'case' | 'console' | 'explorer' | 'charts' | 'pipelines' | 'report';

export function App({ client }: { client: ApiClient }) {
  const [summary, setSummary] = useState<CaseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<View>('case');
  const [ingestOnOpen, setIngestOnOpen] = useState<string[]>([]);
  // Bumped after each ingest, so views that read the case read it again.
  const [generation, setGeneration] = useState(0);
  // Shared by the explorer and the charts: a range brushed on one is the range of the other.
  const [filter, setFilter] = useState<ExploreFilter>({});
  const preferences = usePreferences();

  const refresh = useCallback(() => {
    setGeneration((g) => g + 1);
    client.request('case:info', {}).then(
      (value) => {
        setSummary(value);
        setError(null);
      },
      (e: unknown) => {
        setSummary(null);
        if (e instanceof ApiRequestError && e.error.kind === 'no-case') setView('start');
        else setError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [client]);
  useEffect(refresh, [refresh]);
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.name === 'app:show') setView(event.payload.view);
      }),
    [client],
  );

  const opened = (ingest: string[]) => {
    // The ingest panel waits for the new case's summary, so that it starts (and shows) the job there.
    setSummary(null);
    setIngestOnOpen(ingest);
    setFilter({});
    setView('case');
    refresh();
  };

  const tab = (id: View, label: string) => (
    <button type="button" className={`nav ${view === id ? 'current' : ''}`} aria-current={view === id ? 'page' : undefined} onClick={() => setView(id)}>
      {label}
    </button>
  );

  return (
    <ZoneContext.Provider value={preferences.zone}>
      <div className="app">
        <header className="app-header">
          <h1>Trailscope</h1>
          <nav className="views" aria-label="Views">
            {tab('start', 'Cases')}
            {tab('case', 'Case')}
            {tab('console', 'SQL')}
            {tab('explorer', 'Explorer')}
            {tab('charts', 'Charts')}
            {tab('pipelines', 'Pipelines')}
            {tab('report', 'Report')}
          </nav>
          <span className="case-path" title={summary?.path}>{summary?.path ?? ''}</span>
          <Preferences {...preferences} />
        </header>
        {view === 'start' && <StartScreen client={client} onOpened={opened} />}
        {view === 'case' && (
          <main className="app-main">
            <CaseSummaryView summary={summary} error={error} />
            {summary && <IngestPanel key={summary.path} client={client} onFinished={refresh} startWith={ingestOnOpen} onStarted={() => setIngestOnOpen([])} />}
            {summary && <SourcesPanel client={client} total={summary.sources} errors={summary.errors} />}
            <p className="not-built" role="note">
              Not in this build yet: validation of CloudTrail digest files. Digests are recorded as sources, and reports say the logs' signatures were not checked.
            </p>
          </main>
        )}
        {view === 'console' && (
          <main className="app-main wide">
            <ConsoleView key={generation} client={client} />
          </main>
        )}
        {view === 'explorer' && (
          <main className="app-main wide">
            <ExplorerView key={generation} client={client} filter={filter} onFilter={setFilter} />
          </main>
        )}
        {view === 'charts' && (
          <main className="app-main wide">
            <ChartsView key={generation} client={client} filter={filter} onFilter={setFilter} />
          </main>
        )}
        {view === 'pipelines' && (
          <main className="app-main wide">
            <PipelinesView key={generation} client={client} />
          </main>
        )}
        {view === 'report' && (
          <main className="app-main">
            <ReportView key={generation} client={client} />
          </main>
        )}
      </div>
    </ZoneContext.Provider>
  );
}
