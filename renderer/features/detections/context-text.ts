import type { JsonValue } from '../../../shared/model/json.ts';
import { visibleText } from '../../../shared/visible-text.ts';

/** A rule column's value as one line of text, its invisible characters shown; null stays null. */
export function contextText(value: JsonValue): string | null {
  if (value === null) return null;
  return visibleText(typeof value === 'string' ? value : JSON.stringify(value));
}

/**
 * Columns every hit has (its first event's time and key): what the hit is about is in the
 * others. The table still shows them all; a one-line summary leaves them out.
 */
export const EVERY_HIT = new Set(['event_time', 'event_key']);
