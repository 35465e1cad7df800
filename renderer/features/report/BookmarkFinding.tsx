import { useEffect, useState } from 'react';
import type { EventSummary } from '../../../shared/model/finding.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import type { ApiClient } from '../../api/client.ts';
import { FindingForm } from '../findings/FindingForm.tsx';
import { errorText } from '../pipelines/format.ts';

/** Bookmarked events, some or all of which become one finding. */
export function BookmarkFinding({ client, onSaved }: { client: ApiClient; onSaved: () => void }) {
  const [events, setEvents] = useState<EventSummary[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client.request('events:bookmarked', {}).then(
      (found) => {
        setEvents(found);
        setChosen(new Set(found.map((e) => e.event_key)));
      },
      (e: unknown) => setProblem(errorText(e)),
    );
  }, [client]);

  if (problem) return <p className="error" role="alert">{problem}</p>;
  if (!events) return <p className="muted">Loading bookmarks…</p>;
  if (events.length === 0) return <p className="muted">No bookmarked events yet: bookmark events in the Explorer to make a finding of them.</p>;

  const toggle = (key: string) => {
    const next = new Set(chosen);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setChosen(next);
  };

  return (
    <div className="bookmark-finding">
      <ul className="bookmark-list">
        {events.map((e) => (
          <li key={e.event_key}>
            <label>
              <input type="checkbox" checked={chosen.has(e.event_key)} onChange={() => toggle(e.event_key)} /> {e.event_time}{' '}
              <strong>{visibleText(e.event_name ?? '')}</strong> by <code>{visibleText(e.actor ?? '?')}</code> from <code>{visibleText(e.source_ip ?? '?')}</code>
              {e.note && <span className="muted"> — {visibleText(e.note)}</span>}
            </label>
          </li>
        ))}
      </ul>
      {chosen.size > 0 && (
        <FindingForm
          client={client}
          label={`Make a finding of ${chosen.size} bookmarked event${chosen.size === 1 ? '' : 's'}`}
          evidence={() => ({ kind: 'events', event_keys: events.filter((e) => chosen.has(e.event_key)).map((e) => e.event_key) })}
          draft={() => ({ title: `${chosen.size} bookmarked event${chosen.size === 1 ? '' : 's'}`, severity: 'medium' })}
          onSaved={onSaved}
        />
      )}
    </div>
  );
}
