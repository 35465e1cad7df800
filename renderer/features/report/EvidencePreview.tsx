import { ERROR_COLOR } from '../../../shared/chart-palette.ts';
import type { Volume } from '../../../shared/model/explore.ts';
import type { Evidence } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { clipApart } from '../../components/clip-apart.ts';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { count, plural } from '../../components/numbers.ts';
import { colorOf, seriesLabel, VolumePlot } from '../charts/VolumePlot.tsx';
import { cellText } from '../console/cell-text.ts';
import { EventSummaryText } from './EventSummaryText.tsx';

const PREVIEW_ROWS = 8;
/** A cell of a preview row: an ARN of the usual length shows whole, longer values lose their middle. */
const CELL_CHARS = 64;
/** An S3 key of the usual length (org trail layout, long file name) shows whole. */
const FILE_CHARS = 160;
const LEGEND_CHARS = 48;

/** What each colour of a chart finding stands for, as the report's legend says it. */
function ChartLegend({ volume }: { volume: Volume }) {
  const labels = volume.series.map(seriesLabel);
  const shown = clipApart(labels, LEGEND_CHARS);
  return (
    <ul className="legend evidence-legend" aria-label="Legend">
      {volume.series.map((s, i) => (
        <li key={i}>
          <span className="swatch" style={{ background: colorOf(s, i) }} />
          <IdentifierText value={labels[i]!} shown={shown[i]} />
        </li>
      ))}
      <li>
        <span className="swatch" style={{ background: ERROR_COLOR }} />
        errors
      </li>
    </ul>
  );
}

/** What a finding rests on, as the report will show it, in brief. */
export function EvidencePreview({ evidence }: { evidence: Evidence }) {
  switch (evidence.kind) {
    case 'query':
      return (
        <div className="evidence">
          <pre className="evidence-sql">{evidence.sql}</pre>
          <p className="muted small">
            {plural(evidence.total_rows, 'row', 'rows')}
            {evidence.rows.length < evidence.total_rows
              ? `; the report shows the first ${count(evidence.rows.length)}`
              : ''}
            {evidence.rows.length > PREVIEW_ROWS ? `; here the first ${PREVIEW_ROWS}` : ''}.
          </p>
          <div className="evidence-scroll">
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
                      <td key={j}>
                        {v === null ? (
                          <span className="muted">NULL</span>
                        ) : (
                          <IdentifierText value={cellText(v)} max={CELL_CHARS} />
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      );
    case 'volume-chart':
      return (
        <div className="evidence">
          <p className="muted small">
            {plural(evidence.volume.total, 'event', 'events')} stacked by {evidence.stack_by}
            {evidence.filter.from || evidence.filter.to
              ? `, ${evidence.filter.from ?? '…'} to ${evidence.filter.to ?? '…'} UTC`
              : ''}
            {Object.values(evidence.filter.fields ?? {}).some((v) => v && v.length) ? ', filtered' : ''}
          </p>
          {evidence.volume.buckets.length > 0 && (
            <div className="evidence-chart">
              <VolumePlot volume={evidence.volume} />
            </div>
          )}
          <ChartLegend volume={evidence.volume} />
        </div>
      );
    case 'pipeline-diff': {
      const security = evidence.diff.changes.filter((c) => c.security);
      return (
        <div className="evidence">
          <p className="small">
            {visibleText(evidence.name)} v{evidence.from_version} → v{evidence.to_version}:{' '}
            {plural(evidence.diff.changes.length, 'change', 'changes')}, {security.length} security-relevant; made by{' '}
            <code>
              <IdentifierText value={evidence.changed_by.actor_arn ?? evidence.changed_by.user_name ?? '?'} />
            </code>{' '}
            from <code>{visibleText(evidence.changed_by.source_ip ?? '?')}</code> at {evidence.changed_by.event_time}
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
      // A detection's hit gives its finding up to 1,000 events; the report lists them all.
      return (
        <ul className="evidence small">
          {evidence.events.slice(0, PREVIEW_ROWS).map((e) => (
            <li key={e.event_key}>
              <EventSummaryText event={e} nameChars={CELL_CHARS} />
              {e.error_code ? <span className="error"> {visibleText(e.error_code)}</span> : null}
            </li>
          ))}
          {evidence.events.length > PREVIEW_ROWS && (
            <li className="muted">
              {plural(evidence.events.length, 'event', 'events')}; the report shows all, here the first {PREVIEW_ROWS}
            </li>
          )}
        </ul>
      );
    case 'integrity': {
      const { run, file_verdicts: files, gap_spans: gaps } = evidence;
      const shown = (n: number, one: string, many: string) =>
        `${plural(n, one, many)}${n > PREVIEW_ROWS ? `; the report shows all, here the first ${PREVIEW_ROWS}` : ''}`;
      return (
        <div className="evidence">
          <p className="muted small">
            Verification run {run.run_id}, {run.ran_at} UTC, Trailscope {run.trailscope_version},{' '}
            {run.key_fingerprints.length === 0
              ? 'no public key (signatures not checked)'
              : plural(run.key_fingerprints.length, 'public key', 'public keys')}
          </p>
          {files.length > 0 && (
            <>
              <p className="muted small">{shown(files.length, 'file verdict', 'file verdicts')}</p>
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
                      <td>
                        <IdentifierText value={f.s3_object} max={FILE_CHARS} />
                      </td>
                      <td title={visibleText(f.reason)}>{visibleText(f.reason)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {gaps.length > 0 && (
            <>
              <p className="muted small">{shown(gaps.length, 'gap', 'gaps')}</p>
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
