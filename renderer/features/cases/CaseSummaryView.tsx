import type { CaseSummary } from '../../../shared/api/contract.ts';
import { counted } from '../../../shared/ingest-outcome.ts';
import type { CaseOverview, RankedField } from '../../../shared/model/case-overview.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { useViewState } from '../../app/view-state.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { CaseLogView } from './CaseLogView.tsx';
import { ConflictsList } from './ConflictsList.tsx';
import { RankedList } from './RankedList.tsx';

type Tab = 'summary' | 'log';

const REJECTED_SQL = `SELECT s.path || coalesce('!/' || s.member, '') AS file, r.record_index, r.reason, r.record
FROM rejected_records r JOIN sources s USING (source_id)
ORDER BY r.source_id, r.record_index`;

/** The lists, in the order an analyst reads a case: whose, where, what, who, what failed. */
const LISTS: { field: RankedField; title: string; chars: number; wide?: boolean }[] = [
  { field: 'recipient_account_id', title: 'Accounts', chars: 30 },
  { field: 'aws_region', title: 'Regions', chars: 30 },
  { field: 'event_source', title: 'Services', chars: 30 },
  { field: 'event_name', title: 'Event names', chars: 30 },
  { field: 'error_code', title: 'Error codes', chars: 30 },
  { field: 'principal', title: 'Principals', chars: 76, wide: true },
];

/** How the case's files loaded, in words: "575, all loaded" or "575: 570 loaded, 3 partly loaded, 2 not loaded". */
function filesWords(total: number, files: CaseOverview['files'] | undefined): string {
  const all = total.toLocaleString('en-US');
  if (!files) return all;
  if (files.loaded === total) return `${all}, all loaded`;
  const parts = [
    files.loaded > 0 ? `${files.loaded.toLocaleString('en-US')} loaded` : null,
    files.partly_loaded > 0 ? `${files.partly_loaded.toLocaleString('en-US')} partly loaded` : null,
    files.not_loaded > 0 ? `${files.not_loaded.toLocaleString('en-US')} not loaded` : null,
    files.duplicates > 0 ? counted(files.duplicates, 'duplicate file', 'duplicate files') : null,
  ];
  return `${all}: ${parts.filter(Boolean).join(', ')}`;
}

function Overview({ summary, overview }: { summary: CaseSummary; overview: CaseOverview | null }) {
  const time = useTimeFormat();
  const navigation = useNavigation();
  const version = `${summary.events}:${summary.sources}`;
  const rows: [string, string, string][] = [
    ['events', 'Events', summary.events.toLocaleString('en-US')],
    ['sources', 'Files', filesWords(summary.sources, overview?.files)],
    [
      'time',
      'Time span',
      summary.first_event && summary.last_event
        ? `${time(summary.first_event)} – ${time(summary.last_event)}`
        : 'no events yet',
    ],
  ];
  if (overview) {
    rows.push([
      'failed',
      'Failed calls',
      counted(overview.failed_calls, 'event with an error code', 'events with an error code'),
    ]);
    rows.push([
      'rejected',
      'Rejected records',
      overview.rejected.records === 0
        ? 'none'
        : `${counted(overview.rejected.records, 'record', 'records')} in ${counted(overview.rejected.files, 'file', 'files')}`,
    ]);
    rows.push([
      'conflicts',
      'Conflicting deliveries',
      overview.conflicts.events === 0
        ? 'none'
        : `${counted(overview.conflicts.events, 'event', 'events')}, ${counted(overview.conflicts.deliveries, 'differing delivery', 'differing deliveries')}`,
    ]);
  }
  return (
    <>
      <dl className="summary" data-testid="case-summary">
        {rows.map(([id, label, value]) => (
          <div key={id} className={id === 'conflicts' && overview?.conflicts.events ? 'alarm' : ''}>
            <dt>{label}</dt>
            <dd data-testid={`summary-${id}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {overview && overview.conflicts.events > 0 && <ConflictsList version={version} />}
      {overview && overview.rejected.records > 0 && (
        <div className="rejected" data-testid="rejected-reasons">
          <h3>Why records were rejected</h3>
          <ol className="reasons small">
            {overview.rejected.reasons.map((r) => (
              <li key={r.value}>
                <span className="reason-count">{r.count.toLocaleString('en-US')}</span> {visibleText(r.value)}
              </li>
            ))}
          </ol>
          <button type="button" className="link small" onClick={() => navigation.query(REJECTED_SQL, true)}>
            every rejected record, with its file and text, in SQL
          </button>
        </div>
      )}
      {overview && (
        <div className="ranked-grid">
          {LISTS.map(({ field, title, chars, wide }) => (
            <RankedList
              key={field}
              id={field}
              title={title}
              ranked={overview.ranked[field]}
              chars={chars}
              className={wide ? 'wide' : ''}
              onPivot={(value) => navigation.explore({ fields: { [field]: [value] } })}
              onQuery={(sql) => navigation.query(sql, true)}
              zeroNote={
                field === 'recipient_account_id' ? 'Named by the files’ S3 keys; no event of this account' : undefined
              }
            />
          ))}
        </div>
      )}
    </>
  );
}

/** The case at a glance, and its chain of custody. Every value comes from the logs and is shown as text, never markup. */
export function CaseSummaryView({ summary, error }: { summary: CaseSummary | null; error: string | null }) {
  const [tab, setTab] = useViewState<Tab>('case.tab', 'summary');
  // Read again whenever the case grows: after each batch an ingest commits, too.
  const version = summary ? `${summary.events}:${summary.sources}` : '';
  const overview = useApi('case:overview', summary ? {} : null, { version, keepPrevious: true });
  if (error)
    return (
      <section className="panel error" role="alert">
        Could not read the case: {error}
      </section>
    );
  if (!summary) return <section className="panel">Opening the case…</section>;
  const tabButton = (id: Tab, label: string) => (
    <button type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
      {label}
    </button>
  );
  const entries = overview.data?.log_entries;
  return (
    <section className="panel case-summary" aria-labelledby="summary-title">
      <header className="case-head">
        <h2 id="summary-title">Case</h2>
        <div role="tablist" aria-label="Case views" className="tabs">
          {tabButton('summary', 'Summary')}
          {tabButton(
            'log',
            `Chain of custody${entries !== undefined ? ` (${counted(entries, 'entry', 'entries')})` : ''}`,
          )}
        </div>
      </header>
      {overview.error && (
        <p className="error" role="alert">
          Could not read the case overview: {overview.error}
        </p>
      )}
      {tab === 'summary' ? <Overview summary={summary} overview={overview.data} /> : <CaseLogView version={version} />}
    </section>
  );
}
