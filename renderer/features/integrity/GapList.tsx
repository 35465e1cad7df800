import { useState } from 'react';
import type { IntegrityGap } from '../../../shared/model/integrity.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { plural } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { IntegrityFinding } from './IntegrityFinding.tsx';
import { NotAllListed } from './NotAllListed.tsx';

/** Gaps listed at first: a trail missing every other digest for a year has thousands. */
const LISTED = 100;
const MORE_LISTED = 500;

const hoursOf = (g: IntegrityGap) => Math.max(1, Math.round((Date.parse(g.to) - Date.parse(g.from)) / 3_600_000));

/**
 * Time ranges of a trail that no digest in the case covers, each with why: the gaps the run
 * carries (its first RUN_LISTED) of `total`.
 */
export function GapList({ runId, gaps, total = gaps.length }: { runId: number; gaps: IntegrityGap[]; total?: number }) {
  const time = useTimeFormat();
  const [listed, setListed] = useState(LISTED);
  return (
    <section className="panel" aria-labelledby="integrity-gaps" data-testid="integrity-gaps">
      <h2 id="integrity-gaps">Gaps in the digest chains</h2>
      {gaps.length === 0 && <p>No gap: every digest chain in the case is continuous.</p>}
      {gaps.length > 0 && (
        <ol className="problems" aria-label="Gaps">
          {gaps.slice(0, listed).map((g) => (
            <li
              key={`${g.account} ${g.region} ${g.trail} ${g.home_region} ${g.from}`}
              className="problem problem-missing"
              data-testid="gap"
            >
              <div className="problem-head">
                <strong>{visibleText(g.trail)}</strong>
                <span className="muted small">
                  account {g.account} · {g.region} · home region {g.home_region}
                </span>
                <span className="time">
                  {time(g.from)} to {time(g.to)}
                </span>
                <span className="muted small">{plural(hoursOf(g), 'hour', 'hours')}</span>
              </div>
              <p className="problem-reason">{visibleText(g.reason)}</p>
              <div className="actions problem-actions">
                <IntegrityFinding runId={runId} problem={{ gap: g }} />
              </div>
            </li>
          ))}
        </ol>
      )}
      <ShowMore
        hidden={gaps.length - listed}
        step={MORE_LISTED}
        what="gaps"
        onShow={() => setListed((n) => n + MORE_LISTED)}
      />
      <NotAllListed what="gaps" listed={gaps.length} total={total} />
    </section>
  );
}
