import { useMemo, useState } from 'react';
import type { PipelineSummary } from '../../../shared/model/pipeline.ts';
import { useViewState } from '../../app/view-state.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { count, plural } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { type PipelineSort, pipelineSorts, SORT_NAMES, shownPipelines } from './pipeline-order.ts';

export const summaryKey = (p: PipelineSummary) => `${p.account}\u0000${p.region}\u0000${p.name}`;

/** A pipeline name in the list: CodePipeline allows 100 characters, which the list's width holds in two lines. */
const NAME_CHARS = 100;
/** Pipelines drawn at first, and more at each ask: forged records can name 50,000, which took 12 s to draw. */
const PAGE = 200;

/**
 * Every pipeline of the case, searchable by name, account or region, sorted by security
 * changes, last change or name, with those never changed in the logs hidden on request; a
 * badge where a change matters. The choices outlive the view.
 */
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
  const [search, setSearch] = useViewState('pipelines.search', '');
  const [sort, setSort] = useViewState<PipelineSort>('pipelines.sort', 'security');
  const [withVersions, setWithVersions] = useViewState('pipelines.withVersions', false);
  const shown = useMemo(
    () => shownPipelines(pipelines, { sort, withVersions, search }),
    [pipelines, sort, withVersions, search],
  );
  const [drawn, setDrawn] = useState(PAGE);
  const unchanged = pipelines.filter((p) => p.versions === 0).length;

  return (
    <nav className="panel pipeline-list" aria-label="Pipelines">
      <input
        type="search"
        placeholder="Search pipelines"
        aria-label="Search pipelines"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="list-controls">
        <label>
          Sort by{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as PipelineSort)}>
            {pipelineSorts.map((s) => (
              <option key={s} value={s}>
                {SORT_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
        <label title="Hide pipelines the logs show only being run, approved or tagged">
          <input type="checkbox" checked={withVersions} onChange={(e) => setWithVersions(e.target.checked)} /> Only with
          a version in the logs{unchanged > 0 ? ` (hides ${count(unchanged)})` : ''}
        </label>
      </div>
      {pipelines.length > 0 && (
        <p className="muted small" data-testid="pipeline-count">
          {shown.length === pipelines.length
            ? plural(pipelines.length, 'pipeline', 'pipelines')
            : `${count(shown.length)} of ${plural(pipelines.length, 'pipeline', 'pipelines')}`}
        </p>
      )}
      {shown.length === 0 && (
        <p className="muted">{pipelines.length ? 'No pipeline matches.' : 'No CodePipeline calls in this case.'}</p>
      )}
      <ul>
        {shown.slice(0, drawn).map((p) => (
          <li key={`${summaryKey(p)}\u0000${p.lineage}`}>
            <button
              type="button"
              className={`pipeline-item ${selected === summaryKey(p) ? 'selected' : ''}`}
              onClick={() => onSelect(p)}
              data-testid="pipeline-item"
            >
              <span className="pipeline-name">
                <IdentifierText value={p.name} max={NAME_CHARS} />
              </span>
              {p.security_changes > 0 && (
                <span className="badge security" title="Security-relevant changes between versions">
                  {count(p.security_changes)} security
                </span>
              )}
              {p.deleted && <span className="badge">deleted</span>}
              <span className="muted small">
                {p.account} · {p.region}
                {p.lineage > 1 ? ` · lineage ${p.lineage}` : ''}
              </span>
              <span className="muted small">
                {p.versions
                  ? `${plural(p.versions, 'version', 'versions')} (${p.first_version === p.last_version ? `v${p.first_version}` : `v${p.first_version}–v${p.last_version}`})`
                  : 'no version in these logs'}
              </span>
              <span className="muted small">
                {p.last_changed ? `changed ${time(p.last_changed)}` : `last seen ${time(p.last_seen)}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <ShowMore hidden={shown.length - drawn} step={PAGE} what="pipelines" onShow={() => setDrawn((n) => n + PAGE)} />
    </nav>
  );
}
