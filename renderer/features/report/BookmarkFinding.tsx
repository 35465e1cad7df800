import { useState } from 'react';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { eventsTitle } from '../findings/events-title.ts';
import { FindingForm } from '../findings/FindingForm.tsx';
import { EventSummaryText } from './EventSummaryText.tsx';

/** An event name as listed: a forged one can be megabytes long. */
const NAME_CHARS = 64;

/** Bookmarked events, some or all of which become one finding. */
export function BookmarkFinding({ onSaved }: { onSaved: () => void }) {
  const { data: events, error: problem } = useApi('event:list-bookmarked', {});
  // Those the analyst left out; every bookmarked event is in the finding until then.
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const chosen = new Set(events?.map((e) => e.event_key).filter((key) => !left.has(key)));

  if (problem)
    return (
      <p className="error" role="alert">
        {problem}
      </p>
    );
  if (!events) return <p className="muted">Loading bookmarks…</p>;
  if (events.length === 0)
    return (
      <p className="muted">No bookmarked events yet: bookmark events in the Explorer to make a finding of them.</p>
    );

  const toggle = (key: string) => {
    const next = new Set(left);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setLeft(next);
  };

  return (
    <div className="bookmark-finding">
      <ul className="bookmark-list">
        {events.map((e) => (
          <li key={e.event_key}>
            <label>
              <input type="checkbox" checked={chosen.has(e.event_key)} onChange={() => toggle(e.event_key)} />{' '}
              <EventSummaryText event={e} nameChars={NAME_CHARS} />
              {e.note && <span className="muted"> — {visibleText(e.note)}</span>}
            </label>
          </li>
        ))}
      </ul>
      {chosen.size > 0 && (
        <FindingForm
          label={`Make a finding of ${chosen.size} bookmarked event${chosen.size === 1 ? '' : 's'}`}
          evidence={() => ({
            kind: 'events',
            event_keys: events.filter((e) => chosen.has(e.event_key)).map((e) => e.event_key),
          })}
          draft={() => ({
            title: eventsTitle(events.filter((e) => chosen.has(e.event_key))),
            severity: 'medium',
          })}
          onSaved={onSaved}
        />
      )}
    </div>
  );
}
