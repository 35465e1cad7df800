import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CaseSummary } from '../shared/api/contract.ts';
import type { ExploreFilter } from '../shared/model/explore.ts';
import { visibleText } from '../shared/visible-text.ts';
import { useApiClient } from './api/api-client-context.tsx';
import { useApi } from './api/use-api.ts';
import { JobsProvider } from './app/jobs.tsx';
import { type Navigation, NavigationContext } from './app/navigation.tsx';
import { useViewState, ViewStateProvider } from './app/view-state.tsx';
import { Preferences, usePreferences } from './components/Preferences.tsx';
import { ZoneContext } from './components/time-zone.ts';
import { ViewErrorBoundary } from './components/ViewErrorBoundary.tsx';
import { CaseSummaryView } from './features/cases/CaseSummaryView.tsx';
import { LakePanel } from './features/cases/LakePanel.tsx';
import { StartScreen } from './features/cases/StartScreen.tsx';
import { ChartsView } from './features/charts/ChartsView.tsx';
import { type ConsoleRequest, ConsoleView } from './features/console/ConsoleView.tsx';
import { DetectionsView } from './features/detections/DetectionsView.tsx';
import { type DetectionsPlace, firstPlace } from './features/detections/detections-place.ts';
import { ExplorerView } from './features/explorer/ExplorerView.tsx';
import { IngestPanel, useIngestRefresh } from './features/ingest/IngestPanel.tsx';
import { IntegrityView } from './features/integrity/IntegrityView.tsx';
import { PipelinesView } from './features/pipelines/PipelinesView.tsx';
import { ReportView } from './features/report/ReportView.tsx';
import { SourcesPanel } from './features/sources/SourcesPanel.tsx';
import { fromSources } from './filter/filter-edits.ts';

type View = 'start' | 'case' | 'console' | 'explorer' | 'charts' | 'pipelines' | 'integrity' | 'detections' | 'report';

const VIEW_LABELS: Record<View, string> = {
  start: 'Cases',
  case: 'Case',
  console: 'SQL',
  explorer: 'Explorer',
  charts: 'Charts',
  pipelines: 'Pipelines',
  integrity: 'Integrity',
  detections: 'Detections',
  report: 'Report',
};

export function App() {
  const client = useApiClient();
  const [view, setView] = useState<View>('case');
  const [ingestOnOpen, setIngestOnOpen] = useState<string[]>([]);
  // Bumped after each ingest, so views that read the case read it again.
  const [generation, setGeneration] = useState(0);
  // Bumped when a case is opened: the ingest panel waits for the new case's summary, so
  // that it starts (and shows) the job there, instead of showing the old one refreshed. The
  // views' kept state belongs to the case it was made on, so a new opening starts it afresh.
  const [openings, setOpenings] = useState(0);
  const preferences = usePreferences();
  const described = useApi('case:describe', {}, { version: openings });
  const summary = described.data;
  const noCase = described.errorKind === 'no-case';
  const { reload } = described;
  // A case file may come from anyone, named as they liked.
  const casePath = visibleText(summary?.lake ?? summary?.path ?? '');

  useEffect(() => {
    if (noCase) setView('start');
  }, [noCase]);
  const refresh = useCallback(() => {
    setGeneration((g) => g + 1);
    reload();
  }, [reload]);
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.name === 'app:show') setView(event.payload.view);
      }),
    [client],
  );

  const opened = (ingest: string[]) => {
    setIngestOnOpen(ingest);
    setView('case');
    setOpenings((n) => n + 1);
    setGeneration((g) => g + 1);
  };

  const tab = (id: View) => (
    <button
      key={id}
      type="button"
      className={`nav ${view === id ? 'current' : ''}`}
      aria-current={view === id ? 'page' : undefined}
      onClick={() => setView(id)}
    >
      {VIEW_LABELS[id]}
    </button>
  );

  return (
    <ZoneContext.Provider value={preferences.zone}>
      <div className="app">
        <header className="app-header">
          <h1>Trailscope</h1>
          <nav className="views" aria-label="Views">
            {(Object.keys(VIEW_LABELS) as View[]).map(tab)}
          </nav>
          {summary?.lake && (
            <span className="badge lake-badge" title="Events read from Parquet files; nothing in the lake is written">
              Parquet lake · read-only
            </span>
          )}
          <span className="case-path" title={casePath}>
            {casePath}
          </span>
          <Preferences {...preferences} />
        </header>
        {view === 'start' ? (
          <ViewErrorBoundary what="The Cases view">
            <StartScreen onOpened={opened} />
          </ViewErrorBoundary>
        ) : (
          <ViewStateProvider key={openings}>
            <JobsProvider>
              <CaseViews
                view={view}
                onView={setView}
                generation={generation}
                summary={summary}
                summaryError={noCase ? null : described.error}
                ingestOnOpen={ingestOnOpen}
                onIngestStarted={() => setIngestOnOpen([])}
                onIngestFinished={refresh}
                onIngestCommitted={reload}
              />
            </JobsProvider>
          </ViewStateProvider>
        )}
      </div>
    </ZoneContext.Provider>
  );
}

interface CaseViewsProps {
  view: Exclude<View, 'start'>;
  onView: (view: View) => void;
  generation: number;
  summary: CaseSummary | null;
  summaryError: string | null;
  ingestOnOpen: string[];
  onIngestStarted: () => void;
  onIngestFinished: () => void;
  /** A batch of an ingest under way was committed: the summary reads the case again. */
  onIngestCommitted: () => void;
}

/** The views of one opened case, with the state they keep between visits and the pivots between them. */
function CaseViews({ view, onView, generation, summary, ...props }: CaseViewsProps) {
  // Shared by the explorer and the charts: a range brushed on one is the range of the other.
  const [filter, setFilter] = useViewState<ExploreFilter>('explorer.filter', {});
  const [, setSelected] = useViewState<string | null>('explorer.selected', null);
  const [, setConsoleRequest] = useViewState<ConsoleRequest | null>('console.request', null);
  // Kept here so that coming back from a pivot to the explorer finds the same rule and filters.
  const [detectionsPlace, setDetectionsPlace] = useViewState<DetectionsPlace>('detections.place', firstPlace);
  useIngestRefresh(props.onIngestCommitted, props.onIngestFinished);

  const navigation = useMemo<Navigation>(
    () => ({
      explore: (narrowed, eventKey) => {
        setFilter(narrowed);
        setSelected(eventKey ?? null);
        onView('explorer');
      },
      query: (sql, run) => {
        setConsoleRequest({ sql, run, id: crypto.randomUUID() });
        onView('console');
      },
    }),
    [setFilter, setSelected, setConsoleRequest, onView],
  );

  return (
    <NavigationContext.Provider value={navigation}>
      <ViewErrorBoundary key={view} what={`The ${VIEW_LABELS[view]} view`} resetOn={generation}>
        {view === 'case' && (
          <main className="app-main">
            <CaseSummaryView summary={summary} error={props.summaryError} />
            {summary?.lake && <LakePanel lake={summary.lake} sideCase={summary.path} />}
            {summary && !summary.lake && (
              <IngestPanel key={summary.path} startWith={props.ingestOnOpen} onStarted={props.onIngestStarted} />
            )}
            {summary && <SourcesPanel total={summary.sources} errors={summary.errors} />}
          </main>
        )}
        {view === 'console' && (
          <main className="app-main wide">
            <ConsoleView key={generation} />
          </main>
        )}
        {view === 'explorer' && (
          <main className="app-main wide">
            <ExplorerView key={generation} filter={filter} onFilter={setFilter} />
          </main>
        )}
        {view === 'charts' && (
          <main className="app-main wide">
            <ChartsView key={generation} filter={filter} onFilter={setFilter} />
          </main>
        )}
        {view === 'pipelines' && (
          <main className="app-main wide">
            <PipelinesView key={generation} />
          </main>
        )}
        {view === 'integrity' && (
          <main className="app-main wide">
            <IntegrityView
              key={generation}
              lake={summary?.lake ?? null}
              onShowEvents={(sourceId) => navigation.explore(fromSources([sourceId]))}
            />
          </main>
        )}
        {view === 'detections' && (
          <main className="app-main wide">
            <DetectionsView
              key={generation}
              place={detectionsPlace}
              onPlace={setDetectionsPlace}
              onShowEvents={(narrowed) => navigation.explore(narrowed)}
            />
          </main>
        )}
        {view === 'report' && (
          <main className="app-main">
            <ReportView key={generation} />
          </main>
        )}
      </ViewErrorBoundary>
    </NavigationContext.Provider>
  );
}
