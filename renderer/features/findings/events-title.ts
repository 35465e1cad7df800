import type { EventSummary } from '../../../shared/model/finding.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count } from '../../components/numbers.ts';

const TITLE_CHARS = 300;
const NAMES = 3;

/**
 * A first title for a finding made of events, from what they are: "StopLogging by
 * arn:…:user/mallory from 203.0.113.66". A count of events says nothing of what was found.
 */
export function eventsTitle(events: Pick<EventSummary, 'event_name' | 'actor' | 'source_ip'>[]): string {
  const names = [...new Set(events.map((e) => e.event_name ?? 'unnamed event'))];
  const actors = new Set(events.map((e) => e.actor));
  const sources = new Set(events.map((e) => e.source_ip));
  const what =
    names.length <= NAMES
      ? names.join(', ')
      : `${names.slice(0, NAMES).join(', ')} and ${count(names.length - NAMES)} more`;
  const [actor] = actors;
  const [source] = sources;
  const who = actors.size === 1 && actor ? ` by ${middleClip(actor, 120)}` : '';
  const where = sources.size === 1 && source ? ` from ${middleClip(source, 60)}` : '';
  return middleClip(`${what}${who}${where}`, TITLE_CHARS);
}
