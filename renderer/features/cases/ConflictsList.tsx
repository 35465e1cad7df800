import { useState } from 'react';
import { counted } from '../../../shared/ingest-outcome.ts';
import { useApi } from '../../api/use-api.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { CONFLICT_MEANING, ConflictCompare } from '../explorer/ConflictBodies.tsx';

const SHOWN = 20;

/** The events whose deliveries disagree, each with its bodies one click away. */
export function ConflictsList({ version }: { version: string }) {
  const list = useApi('case:list-conflicts', { limit: SHOWN }, { version });
  const navigation = useNavigation();
  const time = useTimeFormat();
  const [comparing, setComparing] = useState<string | null>(null);
  if (list.error)
    return (
      <p className="error" role="alert">
        Could not list the conflicts: {list.error}
      </p>
    );
  if (!list.data) return null;
  const { events, total } = list.data;
  return (
    <div className="conflicts" data-testid="conflicts">
      <p className="conflict-warning" role="note">
        <strong>
          {counted(total, 'event was', 'events were')} delivered with different bodies under one event key.
        </strong>{' '}
        {CONFLICT_MEANING}
      </p>
      <table className="conflict-list small">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Event key</th>
            <th scope="col">Bodies</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.event_key}>
              <td className="nowrap">{time(e.event_time)}</td>
              <td>
                <IdentifierText value={e.event_name ?? '—'} max={40} />
                <div className="muted">
                  <IdentifierText value={e.event_source ?? ''} max={40} />
                </div>
              </td>
              <td>
                <IdentifierText value={e.event_key} max={60} />
              </td>
              <td>{e.bodies}</td>
              <td>
                <button type="button" className="link" onClick={() => setComparing(e.event_key)}>
                  compare the bodies
                </button>
                <button type="button" className="link" onClick={() => navigation.explore({}, e.event_key)}>
                  open the event
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > events.length && (
        <p className="muted small">
          The first {events.length} of {total.toLocaleString('en-US')}, earliest first:{' '}
          <button
            type="button"
            className="link"
            onClick={() =>
              navigation.query(
                'SELECT c.event_key, e.event_time, e.event_name, c.source_id, c.record_index, c.sha256, c.kept_sha256\nFROM event_conflicts c JOIN events e USING (event_key)\nORDER BY e.event_time, c.event_key',
                true,
              )
            }
          >
            all of them in SQL
          </button>
        </p>
      )}
      {comparing && <ConflictCompare eventKey={comparing} onClose={() => setComparing(null)} />}
    </div>
  );
}
