import { useState } from 'react';
import { loadState } from '../../../shared/model/case-overview.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { IdentifierText } from '../../components/IdentifierText.tsx';

const FIRST = 50;
const MOST = 1000;
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);

/** Rows marked by how their file loaded; a file that gave records despite a problem is not a failure. */
const ROW_CLASS: Record<ReturnType<typeof loadState>, string> = {
  loaded: '',
  'partly loaded': 'partial',
  'not loaded': 'failed',
  'duplicate file': '',
};

/**
 * Every file the case was built from: what it was read as, how many records it gave, its
 * SHA-256 as stored, and for a problem the reason. Paths come from the evidence and are text,
 * their invisible characters shown as codes: a member named `x\u202egz.json` read as `xnosj.zg`.
 */
export function SourcesPanel({ total, errors }: { total: number; errors: number }) {
  const [onlyErrors, setOnlyErrors] = useState(false);
  const [limit, setLimit] = useState(FIRST);
  // Read again when an ingest changed the number of sources.
  const { data: rows, error: problem } = useApi(
    'case:list-sources',
    { limit, ...(onlyErrors ? { status: 'error' as const } : {}) },
    { version: total },
  );

  const count = onlyErrors ? errors : total;
  return (
    <section className="panel" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      <label className="muted">
        <input type="checkbox" checked={onlyErrors} onChange={(e) => setOnlyErrors(e.target.checked)} /> only files with
        problems, partly loaded or not loaded ({errors.toLocaleString('en-US')})
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {rows && (
        <>
          {count > rows.length && (
            <p className="muted small">
              The first {rows.length.toLocaleString('en-US')} of {count.toLocaleString('en-US')}, newest ingest first;
              all of them are in the sources table.{' '}
              {limit < MOST && (
                <button type="button" className="link" onClick={() => setLimit(MOST)}>
                  Show up to {MOST.toLocaleString('en-US')}
                </button>
              )}
            </p>
          )}
          <table className="sources" data-testid="sources">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Read as</th>
                <th scope="col">Records</th>
                <th scope="col">SHA-256 as stored</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.source_id} className={ROW_CLASS[loadState(s)]}>
                  <td>
                    <code>{visibleText(s.member ? `${s.path}!/${s.member}` : s.path)}</code>
                    <div className="muted small">
                      {size(s.size_stored)}
                      {s.account_id ? ` · ${s.account_id} ${s.region ?? ''} ${s.log_date ?? ''}` : ''}
                    </div>
                  </td>
                  <td>
                    {s.kind} · {s.format}
                  </td>
                  <td>
                    {s.record_count.toLocaleString('en-US')}
                    {s.rejected_count ? (
                      <div className="muted small">{s.rejected_count.toLocaleString('en-US')} rejected</div>
                    ) : null}
                  </td>
                  <td>
                    <code className="hash">
                      {s.sha256_stored ? <IdentifierText value={s.sha256_stored} max={23} /> : '—'}
                    </code>
                  </td>
                  <td data-testid="source-status">
                    {loadState(s)}
                    {s.error && (
                      <div className={`small ${loadState(s) === 'not loaded' ? 'error' : 'warning'}`}>
                        {visibleText(s.error)}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
