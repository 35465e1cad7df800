import type { ExploreFilter } from '../../../shared/model/explore.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { TimelineEntry, TimelineSource } from '../../../shared/model/report.ts';

/**
 * Plain-text pieces every report format shares: each returns unescaped text, which the
 * format then escapes its own way.
 */

/** Cells longer than this are cut in reports; the SQL in the finding gives the whole value. */
const CELL_LIMIT = 1000;

export const cellText = (value: JsonValue): string =>
  clip(value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** A value of a pipeline declaration, indented to be read. */
export const jsonText = (value: JsonValue): string =>
  clip(typeof value === 'string' ? value : JSON.stringify(value, null, 2));

const clip = (text: string) =>
  text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT)}… (${text.length - CELL_LIMIT} more characters)` : text;

export function filterText(filter: ExploreFilter): string {
  const parts = [`${filter.from ?? 'first event'} to ${filter.to ?? 'last event'} (UTC)`];
  for (const [field, values] of Object.entries(filter.fields ?? {})) {
    if (values && values.length > 0) parts.push(`${field} = ${values.map((v) => v ?? '(no value)').join(' or ')}`);
  }
  for (const [field, values] of Object.entries(filter.exclude ?? {})) {
    if (values && values.length > 0)
      parts.push(`${field} ${values.map((v) => `≠ ${v ?? '(no value)'}`).join(' and ')}`);
  }
  if (filter.text) parts.push(`the record holds "${filter.text}" (any case)`);
  if (filter.bookmarked) parts.push('bookmarked events only');
  if (filter.source_ids && filter.source_ids.length > 0)
    parts.push(
      `events delivered by source file${filter.source_ids.length === 1 ? '' : 's'} ${filter.source_ids.join(', ')} (sources.source_id)`,
    );
  if (filter.event_keys && filter.event_keys.length > 0) {
    const shown = filter.event_keys.slice(0, 5).join(', ');
    const more = filter.event_keys.length > 5 ? ` and ${filter.event_keys.length - 5} more` : '';
    parts.push(
      `the ${filter.event_keys.length === 1 ? 'event' : `${filter.event_keys.length} events`} listed: ${shown}${more}`,
    );
  }
  if (filter.detection)
    parts.push(
      `events of ${filter.detection.hit === undefined ? 'every hit' : `hit ${filter.detection.hit}`} of detection ${filter.detection.rule_id} (its latest run)`,
    );
  return parts.join('; ');
}

export function bytesText(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export const listText = (items: string[]) => (items.length ? items.join(', ') : '(none)');

export const rangeText = (first: string | null, last: string | null) =>
  first ? `${first} to ${last} (UTC)` : 'no events';

export const pluralText = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The folder every path lies in, with its trailing separator; '' when they share none. */
export function commonFolder(paths: string[]): string {
  if (paths.length === 0) return '';
  let prefix = paths[0]!;
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\'));
  return cut > 0 ? prefix.slice(0, cut + 1) : '';
}

const SOURCE_NAMES: Record<TimelineSource, string> = {
  analyst: 'the analyst (bookmarks, notes, tags)',
  finding: 'findings',
  detection: 'the latest detection results',
  pipeline: 'pipeline histories',
};

/** How many key events each source put on the timeline, in one sentence. */
export function timelineSourcesText(entries: TimelineEntry[]): string {
  const counts = (Object.keys(SOURCE_NAMES) as TimelineSource[])
    .map((source) => ({ source, events: entries.filter((e) => e.sources.includes(source)).length }))
    .filter((c) => c.events > 0)
    .map((c) => `${c.events} from ${SOURCE_NAMES[c.source]}`);
  const several = entries.some((e) => e.sources.length > 1) ? ' (an event may come from several)' : '';
  return `${pluralText(entries.length, 'key event')}: ${counts.join(', ')}${several}.`;
}
