import type {
  PipelineActivity,
  PipelineAttempt,
  PipelineLineage,
  PipelineVersion,
} from '../../../shared/model/pipeline.ts';
import { plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { actorLine } from './actor-line.ts';

type Entry =
  | { kind: 'version'; time: string; version: PipelineVersion }
  | { kind: 'attempt'; time: string; attempt: PipelineAttempt }
  | { kind: 'activity'; time: string; calls: PipelineActivity[] }
  | { kind: 'missing'; time: string; text: string };

const SHOWN_CALLS = 4;

/** Versions, failed attempts and the calls between them, in time order; runs of calls folded. */
function entries(lineage: PipelineLineage): Entry[] {
  const list: Entry[] = [
    ...lineage.versions.map((version): Entry => ({ kind: 'version', time: version.event_time, version })),
    ...lineage.attempts.map((attempt): Entry => ({ kind: 'attempt', time: attempt.event_time, attempt })),
    ...lineage.activity.map((call): Entry => ({ kind: 'activity', time: call.event_time, calls: [call] })),
  ].sort((a, b) => a.time.localeCompare(b.time) || (a.kind === 'version' ? -1 : 1));
  const folded: Entry[] = [];
  for (const entry of list) {
    const last = folded.at(-1);
    if (entry.kind === 'activity' && last?.kind === 'activity') last.calls.push(...entry.calls);
    else folded.push(entry);
  }
  // A missing range sits where the versions around it are.
  for (const gap of lineage.gaps.filter((g) => g.kind === 'missing-versions' && g.from_version !== null)) {
    const next = folded.findIndex((e) => e.kind === 'version' && e.version.version > gap.to_version!);
    folded.splice(next < 0 ? folded.length : next, 0, { kind: 'missing', time: '', text: gap.message });
  }
  return folded;
}

function Call({ call }: { call: PipelineActivity }) {
  const time = useTimeFormat();
  const details = Object.entries(call.details)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return (
    <li className={`call ${call.error_code ? 'failed' : ''}`}>
      <span className="time">{time(call.event_time)}</span> <strong>{call.event_name}</strong> by {actorLine(call)}
      {call.error_code && <span className="error"> failed: {call.error_code}</span>}
      {details && <span className="muted small"> {details}</span>}
    </li>
  );
}

export interface TimelineProps {
  lineage: PipelineLineage;
  selected: number | null;
  onSelect: (version: PipelineVersion) => void;
  onCompareWithPrevious: (version: PipelineVersion) => void;
}

/** A lineage's life: every version with who made it, from where; failures and other calls in place; gaps as gaps. */
export function Timeline({ lineage, selected, onSelect, onCompareWithPrevious }: TimelineProps) {
  const time = useTimeFormat();
  const unplaced = lineage.gaps.filter((g) => g.kind !== 'missing-versions' || g.from_version === null);
  return (
    <div className="timeline" data-testid="timeline">
      {unplaced.length > 0 && (
        <ul className="gaps" aria-label="What these logs do not show">
          {unplaced.map((gap, i) => (
            <li key={i} className="gap">
              {gap.message}
            </li>
          ))}
        </ul>
      )}
      <ol className="entries">
        {entries(lineage).map((entry, i) => {
          if (entry.kind === 'missing')
            return (
              <li key={`m${i}`} className="gap missing" data-testid="timeline-gap">
                {entry.text}
              </li>
            );
          if (entry.kind === 'attempt') {
            const a = entry.attempt;
            return (
              <li key={a.event_key} className="attempt" data-testid="timeline-attempt">
                <span className="time">{time(a.event_time)}</span> <strong>{a.event_name} failed</strong> by{' '}
                {actorLine(a)}: {a.error_code}
                {a.error_message && <span className="muted small"> {a.error_message}</span>}
              </li>
            );
          }
          if (entry.kind === 'activity') {
            const shown = entry.calls.slice(0, SHOWN_CALLS);
            const rest = entry.calls.slice(SHOWN_CALLS);
            return (
              <li key={entry.calls[0]!.event_key} className="activity">
                <ul>
                  {shown.map((call) => (
                    <Call key={call.event_key} call={call} />
                  ))}
                </ul>
                {rest.length > 0 && (
                  <details>
                    <summary>{plural(rest.length, 'more call', 'more calls')}</summary>
                    <ul>
                      {rest.map((call) => (
                        <Call key={call.event_key} call={call} />
                      ))}
                    </ul>
                  </details>
                )}
              </li>
            );
          }
          const v = entry.version;
          return (
            <li
              key={v.event_key}
              className={`version ${selected === v.version ? 'selected' : ''}`}
              data-testid="timeline-version"
            >
              <button
                type="button"
                className="version-head"
                onClick={() => onSelect(v)}
                aria-pressed={selected === v.version}
              >
                <span className="version-number">
                  v{v.version}
                  {v.version_derived ? '*' : ''}
                </span>
                <span className="time">{time(v.event_time)}</span>
                <span>{v.event_name}</span>
              </button>
              <div className="version-body">
                <div>{actorLine(v)}</div>
                <div className="muted small">{v.actor_arn}</div>
                <div className="muted small">
                  agent {v.user_agent ?? '—'} · event {v.event_id ?? v.event_key}
                </div>
                {v.declaration_status !== 'complete' && (
                  <div className="gap">
                    declaration {v.declaration_status}: {v.declaration_note}
                  </div>
                )}
                {lineage.versions[0] !== v && (
                  <button type="button" className="link" onClick={() => onCompareWithPrevious(v)}>
                    What changed in v{v.version}
                  </button>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {lineage.deleted && (
        <p className="deleted">
          Deleted {time(lineage.deleted.event_time)} by {actorLine(lineage.deleted)}
        </p>
      )}
    </div>
  );
}
