import { useMemo, useState } from 'react';
import { firstIndex } from '../../../shared/first-index.ts';
import type {
  PipelineActivity,
  PipelineAttempt,
  PipelineGap,
  PipelineLineage,
  PipelineVersion,
  VersionChange,
} from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { plural } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { ActorPivots } from './ActorPivots.tsx';

type Entry =
  | { kind: 'version'; time: string; version: PipelineVersion }
  | { kind: 'attempt'; time: string; attempt: PipelineAttempt }
  | { kind: 'activity'; time: string; calls: PipelineActivity[] }
  | { kind: 'missing'; time: string; text: string };

const SHOWN_CALLS = 4;
/**
 * Entries drawn at first, and more at each ask: a forged history can hold tens of thousands of
 * versions, and 10,000 took 3.4 s to draw in Chromium. The benchmark's pipeline of 500 versions
 * is drawn whole.
 */
const PAGE = 500;
const ARN_CHARS = 80;
/** A user agent is attacker-chosen text of any length; the rest is a click away. */
const AGENT_CHARS = 120;

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
  return withMissingRanges(folded, lineage.gaps);
}

/**
 * Each missing range placed before the first version numbered above it, after the other ranges
 * placed there. That version is found by bisecting the highest number seen so far: a scan per
 * range took 8 s for 10,000 ranges, and a forged history can hold more.
 */
function withMissingRanges(folded: Entry[], gaps: PipelineGap[]): Entry[] {
  const highest: number[] = [];
  for (const entry of folded)
    highest.push(Math.max(highest.at(-1) ?? -Infinity, entry.kind === 'version' ? entry.version.version : -Infinity));
  const placed = new Map<number, Entry[]>();
  for (const gap of gaps) {
    if (gap.kind !== 'missing-versions' || gap.from_version === null) continue;
    const at = firstAbove(highest, gap.to_version!);
    const missing: Entry = { kind: 'missing', time: '', text: gap.message };
    const before = placed.get(at);
    if (before) before.push(missing);
    else placed.set(at, [missing]);
  }
  const result: Entry[] = [];
  for (let i = 0; i <= folded.length; i++) {
    for (const missing of placed.get(i) ?? []) result.push(missing);
    if (i < folded.length) result.push(folded[i]!);
  }
  return result;
}

/** The first index whose number is above `n` in numbers that never decrease; their count when none is. */
function firstAbove(numbers: number[], n: number): number {
  return firstIndex(numbers.length, (i) => numbers[i]! > n);
}

function Call({ call }: { call: PipelineActivity }) {
  const time = useTimeFormat();
  const details = Object.entries(call.details)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return (
    <li className={`call ${call.error_code ? 'failed' : ''}`}>
      <span className="time">{time(call.event_time)}</span> <strong>{call.event_name}</strong> by{' '}
      <ActorPivots call={call} />
      {call.error_code && <span className="error"> failed: {visibleText(call.error_code)}</span>}
      {details && <span className="muted small"> {visibleText(details)}</span>}
    </li>
  );
}

/** A version's security-relevant changes, each with why it matters. */
function SecurityChanges({ change }: { change: VersionChange }) {
  return (
    <ul className="security-changes" aria-label={`Security-relevant changes in v${change.version}`}>
      {change.security.map((c, i) => (
        <li key={i}>
          <code>{visibleText(c.path)}</code>
          {c.reason && <> {c.reason}</>}
        </li>
      ))}
    </ul>
  );
}

export interface TimelineProps {
  lineage: PipelineLineage;
  selected: number | null;
  onSelect: (version: PipelineVersion) => void;
  onCompareWithPrevious: (version: PipelineVersion) => void;
}

/**
 * A lineage's life: every version with who made it, from where, and the security-relevant
 * changes it brought; failures and other calls in place; gaps as gaps. Each actor's principal,
 * key and address lead to the explorer.
 */
export function Timeline({ lineage, selected, onSelect, onCompareWithPrevious }: TimelineProps) {
  const time = useTimeFormat();
  const all = useMemo(() => entries(lineage), [lineage]);
  // The latest entries, or from the chosen version on: it was drawn when the analyst chose it.
  const [first, setFirst] = useState(() => {
    const chosen = all.findIndex((e) => e.kind === 'version' && e.version.version === selected);
    return Math.max(0, Math.min(all.length - PAGE, chosen < 0 ? all.length : chosen));
  });
  const [gapsShown, setGapsShown] = useState(PAGE);
  const changes = new Map(lineage.changes.map((c) => [c.event_key, c]));
  const unplaced = lineage.gaps.filter((g) => g.kind !== 'missing-versions' || g.from_version === null);
  return (
    <div className="timeline" data-testid="timeline">
      {unplaced.length > 0 && (
        <ul className="gaps" aria-label="What these logs do not show">
          {unplaced.slice(0, gapsShown).map((gap, i) => (
            <li key={i} className="gap">
              {visibleText(gap.message)}
            </li>
          ))}
        </ul>
      )}
      <ShowMore
        hidden={unplaced.length - gapsShown}
        step={PAGE}
        what="notes"
        onShow={() => setGapsShown((n) => n + PAGE)}
      />
      <ShowMore
        hidden={first}
        step={PAGE}
        what="earlier entries"
        onShow={() => setFirst((n) => Math.max(0, n - PAGE))}
      />
      <ol className="entries">
        {all.slice(first).map((entry, i) => {
          if (entry.kind === 'missing')
            return (
              <li key={`m${first + i}`} className="gap missing" data-testid="timeline-gap">
                {visibleText(entry.text)}
              </li>
            );
          if (entry.kind === 'attempt') {
            const a = entry.attempt;
            return (
              <li key={a.event_key} className="attempt" data-testid="timeline-attempt">
                <span className="time">{time(a.event_time)}</span> <strong>{a.event_name} failed</strong> by{' '}
                <ActorPivots call={a} />: {visibleText(a.error_code)}
                {a.error_message && <span className="muted small"> {visibleText(a.error_message)}</span>}
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
          const change = changes.get(v.event_key);
          const security = change?.security.length ?? 0;
          return (
            <li
              key={v.event_key}
              className={`version ${selected === v.version ? 'selected' : ''} ${security ? 'security' : ''}`}
              data-testid="timeline-version"
              data-security={security}
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
                {security > 0 && (
                  <span
                    className="badge security"
                    title={`Security-relevant changes from v${change!.from_version}: ${change!.security.map((c) => c.reason ?? c.path).join('; ')}`}
                  >
                    ⚠ {plural(security, 'security change', 'security changes')}
                  </span>
                )}
              </button>
              <div className="version-body">
                <div>
                  <ActorPivots call={v} />
                </div>
                {v.actor_arn && (
                  <div className="muted small">
                    <IdentifierText value={v.actor_arn} max={ARN_CHARS} />
                  </div>
                )}
                <div className="muted small">
                  agent <ClippedText text={v.user_agent ?? '—'} max={AGENT_CHARS} /> · event{' '}
                  <IdentifierText value={v.event_id ?? v.event_key} />
                </div>
                {v.declaration_status !== 'complete' && (
                  <div className="gap">
                    declaration {v.declaration_status}: {v.declaration_note}
                  </div>
                )}
                {/* Under the chosen version only: a long history has hundreds, and the badge's title names them too. */}
                {change && security > 0 && selected === v.version && <SecurityChanges change={change} />}
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
          Deleted {time(lineage.deleted.event_time)} by <ActorPivots call={lineage.deleted} />
        </p>
      )}
    </div>
  );
}
