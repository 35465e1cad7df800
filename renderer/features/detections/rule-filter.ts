import { attackTechnique } from '../../../shared/attack-techniques.ts';
import { type DetectionRule, type DetectionSeverity, detectionSeverities } from '../../../shared/model/detection.ts';
import type { RuleListFilter, RuleSort } from './detections-place.ts';

/** A rule's hits in its latest result; a rule never run or failed has none. */
export const hitsOf = (rule: DetectionRule) => rule.result?.hit_total ?? 0;

/** Most severe first: the scale is stored least severe first. */
export const severityRank = (severity: DetectionSeverity) =>
  detectionSeverities.length - detectionSeverities.indexOf(severity);

/** With hits only is on by default when there is anything to see. */
export const withHitsOn = (filter: RuleListFilter, rules: DetectionRule[]) =>
  filter.withHits ?? rules.some((r) => hitsOf(r) > 0);

function matchesText(rule: DetectionRule, text: string): boolean {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const { detection } = rule;
  const haystack = [
    detection.id,
    detection.title,
    ...detection.attack,
    ...detection.attack.map((id) => attackTechnique(id)?.name ?? ''),
  ]
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

const compare: Record<RuleSort, (a: DetectionRule, b: DetectionRule) => number> = {
  severity: (a, b) =>
    severityRank(a.detection.severity) - severityRank(b.detection.severity) ||
    hitsOf(b) - hitsOf(a) ||
    a.detection.title.localeCompare(b.detection.title),
  hits: (a, b) =>
    hitsOf(b) - hitsOf(a) ||
    severityRank(a.detection.severity) - severityRank(b.detection.severity) ||
    a.detection.title.localeCompare(b.detection.title),
  title: (a, b) => a.detection.title.localeCompare(b.detection.title) || a.detection.id.localeCompare(b.detection.id),
};

/** The rules the list shows, in its order. */
export function filterRules(rules: DetectionRule[], filter: RuleListFilter): DetectionRule[] {
  const withHits = withHitsOn(filter, rules);
  return rules
    .filter(
      (rule) =>
        (!withHits || hitsOf(rule) > 0) &&
        (filter.severity === null || rule.detection.severity === filter.severity) &&
        (filter.family === null || rule.detection.family === filter.family) &&
        (filter.technique === null || rule.detection.attack.some((id) => id.toUpperCase() === filter.technique)) &&
        matchesText(rule, filter.text),
    )
    .sort(compare[filter.sort]);
}
