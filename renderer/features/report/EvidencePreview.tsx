import type { Evidence } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { VolumePlot } from '../charts/VolumePlot.tsx';
import { cellText } from '../console/cell-text.ts';

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
            {evidence.total_rows.toLocaleString('en-US')} rows
            {evidence.rows.length < evidence.total_rows ? `; the report shows the first ${evidence.rows.length}` : ''}.
          </p>
          <table className="evidence-rows">
            <thead>
              <tr>
                {evidence.columns.map((c) => (
                  <th key={c.name}>{c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {evidence.rows.slice(0, PREVIEW_ROWS).map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j}>{visibleText(cellText(v))}</td>
                  ))}
                </tr>
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
            {evidence.filter.from || evidence.filter.to
              ? `, ${evidence.filter.from ?? '…'} to ${evidence.filter.to ?? '…'} UTC`
              : ''}
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
            {visibleText(evidence.name)} v{evidence.from_version} → v{evidence.to_version}:{' '}
            {evidence.diff.changes.length} changes, {security.length} security-relevant; made by{' '}
            <code>{visibleText(evidence.changed_by.actor_arn ?? evidence.changed_by.user_name ?? '?')}</code> from{' '}
            <code>{visibleText(evidence.changed_by.source_ip ?? '?')}</code> at {evidence.changed_by.event_time}
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
              {e.event_time} <strong>{visibleText(e.event_name ?? '')}</strong> by{' '}
              <code>{visibleText(e.actor ?? '?')}</code> from <code>{visibleText(e.source_ip ?? '?')}</code>
              {e.error_code ? <span className="error"> {visibleText(e.error_code)}</span> : null}
            </li>
          ))}
        </ul>
      );
    case 'integrity': {
      const { run, file_verdicts: files, gap_spans: gaps } = evidence;
      const shown = (count: number, noun: string) =>
        `${count.toLocaleString('en-US')} ${noun}${count > PREVIEW_ROWS ? `; the report shows all, here the first ${PREVIEW_ROWS}` : ''}`;
      return (
        <div className="evidence">
          <p className="muted small">
            Verification run {run.run_id}, {run.ran_at} UTC, Trailscope {run.trailscope_version},{' '}
            {run.key_fingerprints.length === 0
              ? 'no public key (signatures not checked)'
              : `${run.key_fingerprints.length} public key(s)`}
          </p>
          {files.length > 0 && (
            <>
              <p className="muted small">{shown(files.length, 'file verdict(s)')}</p>
              <table className="evidence-rows" aria-label="Files">
                <thead>
                  <tr>
                    <th>Status</th>
                    <th>File</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {files.slice(0, PREVIEW_ROWS).map((f, i) => (
                    <tr key={i}>
                      <td>{f.status}</td>
                      <td title={visibleText(f.s3_object)}>{visibleText(f.s3_object)}</td>
                      <td title={visibleText(f.reason)}>{visibleText(f.reason)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {gaps.length > 0 && (
            <>
              <p className="muted small">{shown(gaps.length, 'gap(s)')}</p>
              <table className="evidence-rows" aria-label="Gaps">
                <thead>
                  <tr>
                    <th>Trail</th>
                    <th>From (UTC)</th>
                    <th>To (UTC)</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {gaps.slice(0, PREVIEW_ROWS).map((g, i) => (
                    <tr key={i}>
                      <td>{visibleText(g.trail)}</td>
                      <td>{g.from}</td>
                      <td>{g.to}</td>
                      <td title={visibleText(g.reason)}>{visibleText(g.reason)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      );
    }
  }
}
