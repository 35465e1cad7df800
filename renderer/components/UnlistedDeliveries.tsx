import type { EventRecord } from '../../shared/model/event.ts';
import { count, plural } from './numbers.ts';

/** What an event's record does not list of its deliveries, and where they all are. */
export function UnlistedDeliveries({ record }: { record: EventRecord }) {
  const unlisted = record.deliveries - record.delivered_in.length;
  if (unlisted <= 0) return null;
  return (
    <p className="muted small" data-testid="unlisted-deliveries">
      {plural(unlisted, 'more delivery', 'more deliveries')} of this event not listed here: all{' '}
      {count(record.deliveries)} are in the table <code>event_sources</code> (SQL console).
    </p>
  );
}
