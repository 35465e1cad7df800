import type { PipelineHistory, PipelineVersion } from '../../../shared/model/pipeline.ts';
import { useApi } from '../../api/use-api.ts';
import { useViewState } from '../../app/view-state.tsx';
import { plural } from '../../components/numbers.ts';
import { AddFinding } from './AddFinding.tsx';
import { ChangeList } from './ChangeList.tsx';
import { JsonSideBySide } from './JsonSideBySide.tsx';
import { NumberChoice } from './NumberChoice.tsx';
import { PipelineGraph } from './PipelineGraph.tsx';
import { Timeline } from './Timeline.tsx';
import { VersionTools } from './VersionTools.tsx';

interface Pair {
  from: number;
  to: number;
}

/** Where the analyst is in one pipeline's history: kept per pipeline, so coming back finds it. */
interface DetailPlace {
  lineage: number;
  /** The chosen version's record; the latest version when null. */
  version: string | null;
  pair: Pair | null;
  raw: boolean;
}

/** One pipeline: its timeline on the left; on the right the chosen version, or the comparison of two. */
export function PipelineDetail({ history, initialLineage }: { history: PipelineHistory; initialLineage: number }) {
  const [place, setPlace] = useViewState<DetailPlace>(
    `pipelines.detail.${history.account}\u0000${history.region}\u0000${history.name}\u0000${initialLineage}`,
    { lineage: initialLineage, version: null, pair: null, raw: false },
  );
  const lineage = history.lineages.find((l) => l.lineage === place.lineage) ?? history.lineages.at(-1)!;
  const selected = lineage.versions.find((v) => v.event_key === place.version) ?? lineage.versions.at(-1) ?? null;
  const { pair, raw } = place;
  const setPair = (next: Pair | null) => setPlace((p) => ({ ...p, pair: next }));
  const setRaw = (next: boolean) => setPlace((p) => ({ ...p, raw: next }));
  const compared = useApi(
    'pipeline:diff',
    pair && {
      name: history.name,
      account: history.account,
      region: history.region,
      lineage: lineage.lineage,
      from: pair.from,
      to: pair.to,
    },
  );
  const diff = compared.data;
  const problem = compared.error;

  const numbers = [...new Set(lineage.versions.map((v) => v.version))];
  const deleted = new Set(history.lineages.filter((l) => l.deleted_at).map((l) => l.lineage));
  const version = (n: number) => lineage.versions.filter((v) => v.version === n).at(-1)!;
  // The version before it whose declaration the logs hold: one without a declaration cannot be compared.
  const compareWithPrevious = (v: PipelineVersion) => {
    const from =
      lineage.changes.find((c) => c.event_key === v.event_key)?.from_version ??
      numbers.filter((n) => n < v.version).at(-1);
    if (from !== undefined) setPair({ from, to: v.version });
  };

  return (
    <div className="pipeline-detail">
      <header className="detail-head">
        <h2>{history.name}</h2>
        <span className="muted">
          account {history.account} · {history.region} · {plural(numbers.length, 'version', 'versions')}
        </span>
        {history.lineages.length > 1 && (
          <label>
            Lineage{' '}
            <NumberChoice
              what="lineage"
              numbers={history.lineages.map((l) => l.lineage)}
              value={lineage.lineage}
              text={(n) => `${n}${deleted.has(n) ? ' (deleted)' : ''}`}
              onChoose={(n) => setPlace({ lineage: n, version: null, pair: null, raw })}
            />
          </label>
        )}
      </header>
      <div className="detail-body">
        <Timeline
          key={lineage.lineage}
          lineage={lineage}
          selected={pair ? null : (selected?.version ?? null)}
          onSelect={(v) => setPlace((p) => ({ ...p, version: v.event_key, pair: null }))}
          onCompareWithPrevious={compareWithPrevious}
        />
        <div className="detail-main">
          {numbers.length > 1 && (
            <form className="compare" onSubmit={(e) => e.preventDefault()}>
              Compare
              <NumberChoice
                label="From version"
                placeholder="from…"
                what="version"
                numbers={numbers}
                value={pair?.from ?? null}
                text={(n) => `v${n}`}
                onChoose={(n) => setPair({ from: n, to: pair?.to ?? numbers.at(-1)! })}
              />
              with
              <NumberChoice
                label="To version"
                placeholder="to…"
                what="version"
                numbers={numbers}
                value={pair?.to ?? null}
                text={(n) => `v${n}`}
                onChoose={(n) => setPair({ from: pair?.from ?? numbers[0]!, to: n })}
              />
              {pair && (
                <button type="button" className="secondary" onClick={() => setPair(null)}>
                  Close comparison
                </button>
              )}
            </form>
          )}
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          {pair && diff && (
            <section aria-label={`Changes from v${pair.from} to v${pair.to}`} data-testid="comparison">
              <h3>
                v{pair.from} → v{pair.to}: {plural(diff.changes.length, 'change', 'changes')},{' '}
                {diff.changes.filter((c) => c.security).length} security-relevant
              </h3>
              {diff.caveats.map((c) => (
                <p key={c} className="gap">
                  {c}
                </p>
              ))}
              <AddFinding key={`${pair.from}-${pair.to}`} diff={diff} />
              <div className="tabs" role="tablist">
                <button type="button" role="tab" aria-selected={!raw} onClick={() => setRaw(false)}>
                  Changes
                </button>
                <button type="button" role="tab" aria-selected={raw} onClick={() => setRaw(true)}>
                  Raw JSON
                </button>
              </div>
              {raw ? (
                <JsonSideBySide
                  before={version(pair.from).declaration ?? {}}
                  after={version(pair.to).declaration ?? {}}
                  labels={[`v${pair.from}`, `v${pair.to}`]}
                />
              ) : (
                <>
                  {version(pair.to).declaration && (
                    <PipelineGraph declaration={version(pair.to).declaration!} changes={diff.changes} />
                  )}
                  <ChangeList changes={diff.changes} />
                </>
              )}
            </section>
          )}
          {!pair && selected && (
            <section aria-label={`Version ${selected.version}`} data-testid="version-view">
              <h3>v{selected.version}</h3>
              {selected.declaration ? (
                <PipelineGraph declaration={selected.declaration} />
              ) : (
                <p className="gap">{selected.declaration_note}</p>
              )}
              <VersionTools key={selected.event_key} history={history} lineage={lineage.lineage} version={selected} />
            </section>
          )}
          {!pair && !selected && (
            <p className="muted">
              No version of this pipeline is in these logs; the timeline shows the calls that are.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
