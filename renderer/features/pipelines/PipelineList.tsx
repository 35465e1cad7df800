import { useMemo, useState } from 'react';
import type { PipelineSummary } from '../../../shared/model/pipeline.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

export const summaryKey = (p: PipelineSummary) => `${p.account}\u0000${p.region}\u0000${p.name}`;

/** Every pipeline of the case, searchable by name, account or region; a badge where a change matters. */
export function PipelineList({
  pipelines,
  selected,
  onSelect,
}: {
  pipelines: PipelineSummary[];
  selected: string | null;
  onSelect: (p: PipelineSummary) => void;
}) {
  const time = useTimeFormat();
  const [search, setSearch] = useState('');
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle
      ? pipelines.filter((p) => `${p.name} ${p.account} ${p.region}`.toLowerCase().includes(needle))
      : pipelines;
  }, [pipelines, search]);

  return (
    <nav className="panel pipeline-list" aria-label="Pipelines">
      <input
        type="search"
        placeholder="Search pipelines"
        aria-label="Search pipelines"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {shown.length === 0 && (
        <p className="muted">{pipelines.length ? 'No pipeline matches.' : 'No CodePipeline calls in this case.'}</p>
      )}
      <ul>
        {shown.map((p) => (
          <li key={`${summaryKey(p)}\u0000${p.lineage}`}>
            <button
              type="button"
              className={`pipeline-item ${selected === summaryKey(p) ? 'selected' : ''}`}
              onClick={() => onSelect(p)}
              data-testid="pipeline-item"
            >
              <span className="pipeline-name">{p.name}</span>
              {p.security_changes > 0 && (
                <span className="badge security" title="Security-relevant changes between versions">
                  {p.security_changes} security
                </span>
              )}
              {p.deleted && <span className="badge">deleted</span>}
              <span className="muted small">
                {p.account} · {p.region}
                {p.lineage > 1 ? ` · lineage ${p.lineage}` : ''}
              </span>
              <span className="muted small">
                {p.versions
                  ? `${p.versions} versions (v${p.first_version}–v${p.last_version})`
                  : 'no version in these logs'}{' '}
                · last {time(p.last_seen)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
