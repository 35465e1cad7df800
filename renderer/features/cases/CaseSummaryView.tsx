import type { CaseSummary } from '../../../shared/api/contract.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

const list = (items: string[]) => (items.length ? items.join(', ') : 'none');

/** The case at a glance. Every value comes from the logs and is shown as text, never markup. */
export function CaseSummaryView({ summary, error }: { summary: CaseSummary | null; error: string | null }) {
  const time = useTimeFormat();
  if (error)
    return (
      <section className="panel error" role="alert">
        Could not read the case: {error}
      </section>
    );
  if (!summary) return <section className="panel">Opening the case…</section>;
  const rows: [string, string][] = [
    ['Events', summary.events.toLocaleString('en-US')],
    ['Sources', `${summary.sources.toLocaleString('en-US')} (${summary.errors} with errors)`],
    [
      'Time span',
      summary.first_event && summary.last_event
        ? `${time(summary.first_event)} – ${time(summary.last_event)}`
        : 'no events yet',
    ],
    ['Accounts', list(summary.accounts)],
    ['Regions', list(summary.regions)],
    ['Services', list(summary.event_sources)],
  ];
  return (
    <section className="panel" aria-labelledby="summary-title">
      <h2 id="summary-title">Case</h2>
      <dl className="summary" data-testid="case-summary">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-testid={`summary-${label.split(' ')[0]!.toLowerCase()}`}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
