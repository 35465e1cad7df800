/** `2024-01-02T03:04:05Z` as typed and shown: no zone, since the inputs are in UTC and say so. */
export const shown = (iso: string | undefined) => iso?.replace('T', ' ').replace(/(\.\d+)?Z$/, '') ?? '';

const TYPED = /^(\d{4}-\d\d-\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?Z?$/;

/**
 * A typed UTC time as ISO: undefined when empty, null when it is no time (2024-02-30 included).
 * Typed text rather than the browser's date picker, which shows the analyst's locale and a
 * 12-hour clock: a forensic range should read exactly like the log's times.
 */
export function parseUtc(text: string): string | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = TYPED.exec(trimmed);
  if (!match) return null;
  const iso = `${match[1]}T${match[2] ?? '00'}:${match[3] ?? '00'}:${match[4] ?? '00'}Z`;
  const time = Date.parse(iso);
  return Number.isNaN(time) || new Date(time).toISOString().replace('.000Z', 'Z') !== iso ? null : iso;
}
