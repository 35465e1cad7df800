import { useEffect } from 'react';
import type { DetectionHit, DetectionRule } from '../../../shared/model/detection.ts';
import { useApi } from '../../api/use-api.ts';
import { count, plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { ContextValue } from './ContextValue.tsx';
import { HitFinding } from './HitFinding.tsx';
import { restsOn } from './hit-finding.ts';

export const HITS_PAGE = 100;

interface HitTableProps {
  rule: DetectionRule;
  /** Changes when a run ends, so the stored hits are read again. */
  version: number;
  offset: number;
  onOffset: (offset: number) => void;
  onShowEvents: (hit: number) => void;
}

/** The rule's stored hits, oldest first, a page at a time, each with its events and its columns. */
export function HitTable({ rule, version, offset, onOffset, onShowEvents }: HitTableProps) {
  const { detection, result } = rule;
  const { data, error, loading } = useApi(
    'detect:list-hits',
    { rule_id: detection.id, offset, limit: HITS_PAGE },
    { version, keepPrevious: true },
  );
  // A run since the page was chosen may have left the rule fewer hits than the page starts at.
  const beyond = data !== null && offset > 0 && offset >= data.total;
  useEffect(() => {
    if (beyond) onOffset(0);
  }, [beyond, onOffset]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!data) return <p className="muted">Reading the hits…</p>;
  const hitTotal = result?.hit_total ?? data.total;
  const last = Math.min(offset + data.hits.length, data.total);
  return (
    <div className="hit-table" data-testid="hit-table">
      <div className="actions hit-pager">
        <span role="status" data-testid="hits-shown">
          {data.total === 0 ? 'No hit is stored.' : `Hits ${count(offset + 1)}–${count(last)} of ${count(data.total)}`}
          {hitTotal > data.total && `; the rule found ${count(hitTotal)}, and the oldest ${count(data.total)} are kept`}
          {loading && ' (reading…)'}
        </span>
        {data.total > HITS_PAGE && (
          <>
            <button
              type="button"
              className="secondary small"
              disabled={offset === 0}
              onClick={() => onOffset(Math.max(0, offset - HITS_PAGE))}
            >
              Previous
            </button>
            <button
              type="button"
              className="secondary small"
              disabled={last >= data.total}
              onClick={() => onOffset(offset + HITS_PAGE)}
            >
              Next
            </button>
          </>
        )}
      </div>
      {data.hits.length > 0 && (
        <table className="hits">
          <thead>
            <tr>
              <th scope="col">Hit</th>
              <th scope="col">When</th>
              <th scope="col" className="number">
                Events
              </th>
              <th scope="col">What the rule returned</th>
            </tr>
          </thead>
          {data.hits.map((hit) => (
            <HitRows key={hit.hit} rule={rule} hit={hit} onShowEvents={onShowEvents} />
          ))}
        </table>
      )}
    </div>
  );
}

function HitRows({
  rule,
  hit,
  onShowEvents,
}: {
  rule: DetectionRule;
  hit: DetectionHit;
  onShowEvents: (hit: number) => void;
}) {
  const time = useTimeFormat();
  return (
    <tbody className="hit" data-testid="hit">
      <tr>
        <th scope="row" className="number">
          {count(hit.hit)}
        </th>
        <td className="hit-when">
          <span>{time(hit.first_time)}</span>
          {hit.last_time !== hit.first_time && (
            <>
              {' '}
              → <span>{time(hit.last_time)}</span>
            </>
          )}
        </td>
        <td className="number" title={`This hit ${restsOn(hit)}.`}>
          {count(hit.event_count)}
        </td>
        <td>
          <dl className="hit-context">
            {Object.entries(hit.context).map(([name, value]) => (
              <div key={name}>
                <dt>{name}</dt>
                <dd>
                  <ContextValue value={value} />
                </dd>
              </div>
            ))}
          </dl>
        </td>
      </tr>
      <tr className="hit-actions-row">
        <td />
        <td colSpan={3}>
          <div className="actions hit-actions">
            <button type="button" className="secondary" onClick={() => onShowEvents(hit.hit)}>
              Show events
            </button>
            <HitFinding detection={rule.detection} hit={hit} />
            {hit.event_count > hit.event_keys.length && (
              <span className="muted small">
                The case keeps the first {plural(hit.event_keys.length, 'event', 'events')} of {count(hit.event_count)}:
                the explorer shows them, and a finding carries them.
              </span>
            )}
          </div>
        </td>
      </tr>
    </tbody>
  );
}
