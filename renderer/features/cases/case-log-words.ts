import { counted } from '../../../shared/ingest-outcome.ts';
import type { CaseLogEntry } from '../../../shared/model/case-log.ts';
import type { JsonValue } from '../../../shared/model/json.ts';

/** What each logged action was, in words; an action not listed is shown by its name. */
const TITLES: Record<string, string> = {
  ingest: 'Evidence ingested',
  detect: 'Detections run',
  'report-exported': 'Report exported',
  'lake-exported': 'Parquet lake exported',
  'integrity-verified': 'Integrity verified',
  'public-keys-imported': 'Public keys imported',
  'public-key-forgotten': 'Public key forgotten',
  'finding-added': 'Finding added',
  'finding-edited': 'Finding edited',
  'finding-moved': 'Finding moved',
  'finding-deleted': 'Finding deleted',
  'query-exported': 'Query result exported',
  'query-saved': 'Query saved',
  'query-deleted': 'Saved query deleted',
  'case-details-saved': 'Case details saved',
  'import-sigma': 'Sigma rules imported',
  'remove-rule': 'Rule removed',
  'bookmark-added': 'Event bookmarked',
  'bookmark-removed': 'Bookmark removed',
  'tag-added': 'Tag added',
  'tag-removed': 'Tag removed',
  'note-added': 'Note added',
  'note-changed': 'Note changed',
  'note-removed': 'Note removed',
  'event-keys-escaped': 'Event keys rewritten by an upgrade',
};

export function entryTitle(action: string): string {
  return TITLES[action] ?? action.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase());
}

type Detail = Record<string, JsonValue>;

const isDetail = (value: JsonValue): value is Detail =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const num = (value: JsonValue | undefined) => (typeof value === 'number' ? value : Number(value ?? 0));
const text = (value: JsonValue | undefined) => (typeof value === 'string' ? value : '');

/** One sentence on what an entry did, for the actions whose detail says it best in numbers. */
export function entrySentence(entry: CaseLogEntry): string | null {
  const d = entry.detail;
  if (!isDetail(d)) return null;
  switch (entry.action) {
    case 'ingest': {
      const inputs = Array.isArray(d.inputs) ? d.inputs.map(String) : [];
      const more = inputs.length > 1 ? ` and ${counted(inputs.length - 1, 'more input', 'more inputs')}` : '';
      const parts = [
        `${counted(num(d.files), 'file', 'files')} read`,
        `${counted(num(d.events_added), 'event', 'events')} added`,
        `${counted(num(d.records), 'record', 'records')} loaded`,
      ];
      if (num(d.rejected) > 0) parts.push(`${counted(num(d.rejected), 'record', 'records')} rejected`);
      if (num(d.files_with_errors) > 0)
        parts.push(`${counted(num(d.files_with_errors), 'file', 'files')} with problems`);
      if (num(d.conflicts) > 0)
        parts.push(`${counted(num(d.conflicts), 'conflicting delivery', 'conflicting deliveries')}`);
      const ended = d.finished_at
        ? ''
        : ' It did not finish (stopped, killed or failed): the batches it committed are in the case.';
      return `From ${inputs[0] ?? 'no input'}${more}: ${parts.join(', ')}.${ended}`;
    }
    case 'detect':
      return `${counted(num(d.rules_run), 'rule', 'rules')} run (${text(d.trigger) === 'ingest' ? 'after an ingest' : 'on request'}), ${counted(num(d.hits), 'hit', 'hits')}${Array.isArray(d.failed) && d.failed.length > 0 ? `, ${counted(d.failed.length, 'rule', 'rules')} failed` : ''}.`;
    case 'report-exported':
      return `${text(d.name)} (${text(d.format).toUpperCase()}), ${counted(num(d.findings), 'finding', 'findings')}.`;
    case 'lake-exported':
      return `Export ${num(d.export)} into ${text(d.dir)}: ${counted(num(d.files_added), 'file', 'files')} added.`;
    case 'finding-added':
    case 'finding-deleted':
    case 'query-saved':
    case 'query-deleted':
      return d.title !== undefined ? `“${text(d.title)}”` : null;
    default:
      return null;
  }
}

/** The detail fields each sentence already says. */
const SAID: Record<string, readonly string[]> = {
  ingest: ['inputs', 'files', 'records', 'events_added', 'rejected', 'files_with_errors', 'conflicts'],
  detect: ['rules_run', 'trigger', 'hits', 'failed'],
  'report-exported': ['name', 'format', 'findings'],
  'lake-exported': ['export', 'dir', 'files_added'],
  'finding-added': ['title'],
  'finding-deleted': ['title'],
  'query-saved': ['title'],
  'query-deleted': ['title'],
};

/** A fact of an entry: its label, its value as text, and whether the value is a time. */
export interface Fact {
  label: string;
  value: string;
  time: boolean;
}

/** The detail's plain values the sentence does not say, for a glance; the whole detail is one click away. */
export function entryFacts(entry: CaseLogEntry): Fact[] {
  const d = entry.detail;
  if (!isDetail(d)) return [];
  const said = new Set(SAID[entry.action] ?? []);
  const facts: Fact[] = [];
  for (const [key, value] of Object.entries(d)) {
    if (value === null || typeof value === 'object' || said.has(key)) continue;
    const time = key.endsWith('_at') && typeof value === 'string' && !Number.isNaN(Date.parse(value));
    facts.push({ label: key.replaceAll('_', ' '), value: String(value), time });
  }
  return facts;
}
