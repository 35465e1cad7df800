import type { Detection, DetectionHit } from '../../../shared/model/detection.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count, plural } from '../../components/numbers.ts';
import type { FindingDraft } from '../findings/FindingForm.tsx';
import { contextText, EVERY_HIT } from './context-text.ts';

// A finding's title holds 300 characters and its narrative 20,000; an imported rule's title
// and a hit's columns are any length.
const TITLE_CHARS = 300;
const VALUE_CHARS = 200;
const NARRATIVE_CHARS = 20_000;

/** Who and what, in the rule's own columns: "event_name StopLogging; identity_arn arn:…". */
function contextLine(hit: DetectionHit): string {
  return Object.entries(hit.context)
    .filter(([name]) => !EVERY_HIT.has(name))
    .flatMap(([name, value]) => {
      const text = contextText(value);
      return text === null || text === '' ? [] : [`${name} ${middleClip(text, VALUE_CHARS)}`];
    })
    .join('; ');
}

/** How many events the hit rests on, and how many the finding can carry. */
export function restsOn(hit: DetectionHit): string {
  return hit.event_count > hit.event_keys.length
    ? `rests on ${count(hit.event_count)} events; the first ${count(hit.event_keys.length)} are attached`
    : `rests on ${plural(hit.event_count, 'event', 'events')}`;
}

/**
 * A hit as the analyst's first draft of a finding: the rule's title, severity and first
 * technique, its description, and a line saying what this hit is and what it rests on.
 */
export function hitDraft(detection: Detection, hit: DetectionHit): FindingDraft {
  const when = hit.first_time === hit.last_time ? hit.first_time : `${hit.first_time} to ${hit.last_time}`;
  const what = contextLine(hit);
  const line = `Hit ${count(hit.hit)} of ${detection.id}, ${when}${what ? `: ${what}` : ''}. It ${restsOn(hit)}.`;
  return {
    title: middleClip(detection.title, TITLE_CHARS),
    severity: detection.severity,
    attack_technique: detection.attack[0] ?? '',
    narrative: `${detection.description}\n\n${line}`.slice(0, NARRATIVE_CHARS),
  };
}
