import { type DetectionRule, type DetectionSeverity, detectionSeverities } from '../../../shared/model/detection.ts';
import { hitsOf } from './rule-filter.ts';

export interface SeverityCount {
  severity: DetectionSeverity;
  hits: number;
  rulesWithHits: number;
}

/** Hits and rules with hits per severity, most severe first. */
export function severityCounts(rules: DetectionRule[]): SeverityCount[] {
  return [...detectionSeverities].reverse().map((severity) => {
    const of = rules.filter((r) => r.detection.severity === severity && hitsOf(r) > 0);
    return { severity, hits: of.reduce((sum, r) => sum + hitsOf(r), 0), rulesWithHits: of.length };
  });
}
