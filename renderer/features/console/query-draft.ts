import { middleClip } from '../../components/middle-clip.ts';
import { plural } from '../../components/numbers.ts';
import type { FindingDraft } from '../findings/FindingForm.tsx';
import type { QueryOrigin } from './query-runner.ts';

// A finding's title holds 300 characters and its narrative 20,000.
const TITLE_CHARS = 300;
const NARRATIVE_CHARS = 20_000;
/** The console's own first comment says how to run a query, not what it finds. */
const HINT = /^Ctrl\+Enter runs\b/;

/**
 * The first draft of a finding made of a query: a hunt's or a saved query's own title,
 * severity, technique and description; for SQL written by hand, its first comment line if it
 * has one, else no title at all, for the analyst to write. The SQL's first line is no title:
 * "WITH uses AS (" says nothing of what was found.
 */
export function queryDraft(sql: string, rows: number | null, origin: QueryOrigin | null): FindingDraft {
  const found =
    rows === null
      ? 'The query returned rows (still being counted).'
      : `The query returned ${plural(rows, 'row', 'rows')}.`;
  if (origin)
    return {
      title: middleClip(origin.title, TITLE_CHARS),
      severity: origin.severity ?? 'medium',
      attack_technique: origin.attack?.[0] ?? '',
      narrative: `${origin.description ? `${origin.description}\n\n` : ''}${found}`.slice(0, NARRATIVE_CHARS),
    };
  const comment = firstComment(sql);
  return { title: comment ? middleClip(comment, TITLE_CHARS) : '', severity: 'medium', narrative: found };
}

function firstComment(sql: string): string | null {
  for (const line of sql.split('\n')) {
    const text = line.trim();
    if (!text) continue;
    if (!text.startsWith('--')) return null;
    const words = text.replace(/^-+\s*/, '').trim();
    if (words && !HINT.test(words)) return words;
  }
  return null;
}
