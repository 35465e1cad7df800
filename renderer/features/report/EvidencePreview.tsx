import type { Evidence } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { cellText } from '../console/cell-text.ts';
import { VolumePlot } from '../charts/VolumePlot.tsx';

const PREVIEW_ROWS = 8;
const ignore = () => undefined;

/** What a finding rests on, as the report will show it, in brief. */
export function EvidencePreview({ evidence }: { evidence: Evidence }) {
  switch (evidence.kind) {
    case 'query':
      return (
        <div className="evidence">
          <pre className="evidence-sql">{evidence.sql}</pre>
          <p className="muted small">
            {evidence.total_rows.toLocaleString('en-US')} rows{evidence.rows.length < evidence.total_rows ? `; the report shows the first ${evidence.rows.length}` : ''}.
          </p>
          <table className="evidence-rows">
            <thead>
              <tr>{evidence.columns.map((c) => <th key={c.name}>{c.name}</th>)}</tr>
            </thead>
            <tbody>
              {evidence.rows.slice(0, PREVIEW_ROWS).map((row, i) => (
                <tr key={i}>{row.map((v, j) => <td key={j}>{visibleText(cellText(v))}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'volume-chart':
      return (
        <div className="evidence">
          <p className="muted small">
            {evidence.volume.total.toLocaleString('en-US')} events stacked by {evidence.stack_by}
            {evidence.filter.from || evidence.filter.to ? `, ${evidence.filter.from ?? '…'} to ${evidence.filter.to ?? '…'} UTC` : ''}
            {Object.values(evidence.filter.fields ?? {}).some((v) => v && v.length) ? ', filtered' : ''}
          </p>
          <div className="evidence-chart">
            <VolumePlot volume={evidence.volume} onPress={ignore} onHover={ignore} />
          </div>
        </div>
      );
    case 'pipeline-diff': {
      const security = evidence.diff.changes.filter((c) => c.security);
      return (
        <div className="evidence">
          <p className="small">
            {visibleText(evidence.name)} v{evidence.from_version} → v{evidence.to_version}: {evidence.diff.changes.length} changes, {security.length} security-relevant; made by{' '}
            <code>{visibleText(evidence.changed_by.actor_arn ?? evidence.changed_by.user_name ?? '?')}</code> from <code>{visibleText(evidence.changed_by.source_ip ?? '?')}</code> at {evidence.changed_by.event_time}
          </p>
          <ul className="small">
            {security.map((c) => (
              <li key={c.path}>
                <code>{visibleText(c.path)}</code> {c.kind}: {c.reason}
              </li>
            ))}
          </ul>
        </div>
      );
    }
    case 'events':
      return (
        <ul className="evidence small">
          {evidence.events.map((e) => (
            <li key={e.event_key}>
              {e.event_time} <strong>{visibleText(e.event_name ?? '')}</strong> by <code>{visibleText(e.actor ?? '?')}</code> from <code>{visibleText(e.source_ip ?? '?')}</code>
              {e.error_code ? <span className="error"> {visibleText(e.error_code)}</span> : null}
            </li>
          ))}
        </ul>
      );
  }
}
