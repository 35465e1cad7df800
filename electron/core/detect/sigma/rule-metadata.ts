import type { DetectionSeverity } from '../../../../shared/model/detection.ts';
import type { SigmaRule } from './sigma-document.ts';

const SLUG_LENGTH = 60;

/**
 * `sigma-` and a kebab slug of the title, at most 60 characters, made unique among `taken` (the
 * ids of the file's earlier rules) with a counter, since two rules of a file may share a title.
 */
export function detectionId(title: string, taken: ReadonlySet<string>): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'rule';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const id = `sigma-${slug.slice(0, SLUG_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** Sigma's informational level has no place in the pack's scale; it is the lowest. */
export function severityOf(level: SigmaRule['level']): DetectionSeverity {
  if (level === null) return 'medium';
  return level === 'informational' ? 'low' : level;
}

/** ATT&CK technique ids from `attack.t1078.004` tags; tactic and group tags name no technique. */
export function attackIds(tags: readonly string[]): string[] {
  const ids = tags.flatMap((tag) => {
    const match = /^attack\.t(\d{4})(?:\.(\d{3}))?$/i.exec(tag.trim());
    return match ? [`T${match[1]}${match[2] ? `.${match[2]}` : ''}`] : [];
  });
  return [...new Set(ids)];
}

export function falsePositivesText(falsepositives: readonly string[]): string {
  const stated = falsepositives.map((f) => f.trim()).filter((f) => f !== '');
  if (stated.length === 0) return "Not stated by the rule's author.";
  const sentence = stated.join('; ');
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** The author's description, and where the rule came from, so an analyst can find its source. */
export function descriptionOf(rule: SigmaRule, sourceName: string): string {
  const what = rule.description ?? `Sigma rule "${rule.title}"; its author gave no description.`;
  const from = [`from ${sourceName}`, rule.id && `Sigma id ${rule.id}`, rule.status && `status ${rule.status}`];
  return `${what} (Imported ${from.filter(Boolean).join(', ')}.)`;
}
