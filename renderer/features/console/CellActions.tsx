import { type ExploreFilter, MAX_EVENT_KEYS } from '../../../shared/model/explore.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiClient } from '../../api/api-client-context.tsx';
import { useApi } from '../../api/use-api.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count } from '../../components/numbers.ts';
import { fieldLabel, NO_VALUE } from '../../filter/field-label.ts';
import { fromEventKeys, pivotTo } from '../../filter/filter-edits.ts';
import type { CellLink } from './cell-text.ts';

type Explore = (filter: ExploreFilter, eventKey?: string) => void;

/** A cell's value named in a label or tooltip: a text cell may hold 64 KiB of an attacker's text. */
const named = (value: string) => middleClip(visibleText(value), 120);

/**
 * The small button at the start of an `event_key` or `event_id` cell: the event, open in the
 * explorer. An id that several accounts received leaves the choice to the cell bar below.
 */
export function OpenEventButton({ link, onExplore }: { link: CellLink; onExplore: Explore }) {
  const client = useApiClient();
  if (link.kind === 'pivot' || link.kind === 'event-keys') return null;
  const open = () => {
    if (link.kind === 'event-key') return onExplore({}, link.eventKey);
    void client.request('query:events-by-id', { event_id: link.eventId }).then(
      (events) => {
        if (events.length === 1) onExplore({}, events[0]!.event_key);
      },
      () => undefined,
    );
  };
  return (
    <button
      type="button"
      className="cell-open"
      title="Open this event in the explorer"
      aria-label={`Open event ${named(link.kind === 'event-key' ? link.eventKey : link.eventId)}`}
      onClick={open}
    >
      ↗
    </button>
  );
}

/** What the selected cell leads to: its event, or every event with its value, in the explorer. */
export function CellActions({ link, onExplore }: { link: CellLink | null; onExplore: Explore }) {
  if (!link) return null;
  if (link.kind === 'event-key')
    return (
      <button type="button" className="link" onClick={() => onExplore({}, link.eventKey)}>
        Open event in the explorer
      </button>
    );
  if (link.kind === 'event-id') return <EventsOfId eventId={link.eventId} onExplore={onExplore} />;
  if (link.kind === 'event-keys') {
    const { eventKeys } = link;
    if (eventKeys.length > MAX_EVENT_KEYS)
      return (
        <span className="muted">
          {count(eventKeys.length)} event keys: more than the explorer lists at once; narrow them in SQL.
        </span>
      );
    return (
      <button type="button" className="link" onClick={() => onExplore(fromEventKeys(eventKeys))}>
        Show {eventKeys.length === 1 ? 'this event' : `these ${count(eventKeys.length)} events`} in the explorer
      </button>
    );
  }
  const { field, value } = link;
  return (
    <button
      type="button"
      className="link"
      title={`The explorer narrowed to ${fieldLabel(field)} = ${value === null ? NO_VALUE : named(value)}, over the whole case`}
      onClick={() => onExplore(pivotTo(field, value))}
    >
      Show events with this {fieldLabel(field)}
    </button>
  );
}

function EventsOfId({ eventId, onExplore }: { eventId: string; onExplore: Explore }) {
  const { data: events, error } = useApi('query:events-by-id', { event_id: eventId });
  if (error) return <span className="error">{error}</span>;
  if (!events) return <span className="muted">Looking for the event…</span>;
  if (events.length === 0) return <span className="muted">No event with this id in the case.</span>;
  if (events.length === 1)
    return (
      <button type="button" className="link" onClick={() => onExplore({}, events[0]!.event_key)}>
        Open event in the explorer
      </button>
    );
  return (
    <span className="events-of-id">
      <span className="muted">Open the event received by account</span>
      {events.map((event) => (
        <button
          type="button"
          key={event.event_key}
          className="link"
          title={`${named(event.event_name ?? 'event')} at ${event.event_time}`}
          onClick={() => onExplore({}, event.event_key)}
        >
          {event.recipient_account_id === null ? NO_VALUE : named(event.recipient_account_id)}
        </button>
      ))}
    </span>
  );
}
