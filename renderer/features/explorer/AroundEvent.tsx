import type { ActorCall } from '../../../shared/model/event.ts';
import type { ExploreFilter } from '../../../shared/model/explore.ts';
import { useApi } from '../../api/use-api.ts';
import { useNavigation } from '../../app/navigation.tsx';
import { MiddleFit } from '../../components/MiddleFit.tsx';
import { plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { shortSource } from './short-source.ts';

export const AROUND_HOURS = 6;
/** Calls listed here; the explorer, one click away, has them all. */
const LISTED = 200;

const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The explorer's filter for an actor's calls within AROUND_HOURS of a moment, both ends
 * included as the core's lookup has them (the explorer's `to` is exclusive).
 */
export function aroundFilter(actor: { access_key_id: string } | { identity_arn: string }, time: string): ExploreFilter {
  const at = Date.parse(time);
  const hours = AROUND_HOURS * 3_600_000;
  return {
    from: isoSecond(at - hours),
    to: isoSecond(at + hours + 1000),
    fields:
      'access_key_id' in actor ? { access_key_id: [actor.access_key_id] } : { identity_arn: [actor.identity_arn] },
  };
}

interface AroundEventProps {
  eventKey: string;
  time: string;
  accessKey: string | null;
  identityArn: string | null;
}

/**
 * What the same access key (or, without one, the same identity) did in the hours around this
 * event; each call opens in the explorer, narrowed to those hours and that actor.
 */
export function AroundEvent({ eventKey, time, accessKey, identityArn }: AroundEventProps) {
  const navigation = useNavigation();
  const format = useTimeFormat();
  const actor = accessKey ? { access_key_id: accessKey } : identityArn ? { identity_arn: identityArn } : null;
  const calls = useApi(
    'event:list-by-actor',
    actor
      ? {
          ...(accessKey ? { access_key_id: accessKey } : { actor_arn: identityArn ?? '' }),
          around: time,
          hours: AROUND_HOURS,
          limit: LISTED + 1,
        }
      : null,
  );
  if (!actor) return null;
  const narrowed = aroundFilter(actor, time);
  const open = (call: ActorCall) => navigation.explore(narrowed, call.event_key);
  const listed = calls.data?.slice(0, LISTED) ?? [];
  return (
    <section className="around-event" aria-label="Around this event" data-testid="around-event">
      <h3>
        {accessKey ? 'This access key' : 'This identity'} ±{AROUND_HOURS} h{' '}
        <button type="button" className="link small" onClick={() => navigation.explore(narrowed, eventKey)}>
          show in the explorer
        </button>
      </h3>
      {calls.error && (
        <p className="error small" role="alert">
          {calls.error}
        </p>
      )}
      {calls.data && (
        <>
          <table className="calls around-calls">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Call</th>
                <th scope="col">From</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {listed.map((call) => (
                <tr key={call.event_key} className={call.event_key === eventKey ? 'selected' : ''}>
                  <td className="nowrap mono">{format(call.event_time).replace(/ \S+$/, '')}</td>
                  <td>
                    <button
                      type="button"
                      className="link around-call"
                      title="Open in the explorer, among this actor's calls of these hours"
                      onClick={() => open(call)}
                    >
                      <MiddleFit text={`${shortSource(call.event_source) ?? ''}:${call.event_name ?? ''}`} />
                    </button>
                  </td>
                  <td className="nowrap mono">{call.source_ip ? <MiddleFit text={call.source_ip} /> : ''}</td>
                  <td className="error">{call.error_code ? <MiddleFit text={call.error_code} /> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {calls.data.length > LISTED && (
            <p className="muted small">The first {plural(LISTED, 'call', 'calls')}; the explorer has them all.</p>
          )}
        </>
      )}
    </section>
  );
}
