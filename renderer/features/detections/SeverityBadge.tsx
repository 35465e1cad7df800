import type { DetectionSeverity } from '../../../shared/model/detection.ts';

/** The severity as the findings show it, so a rule and the finding made of it look alike. */
export function SeverityBadge({ severity }: { severity: DetectionSeverity }) {
  return <span className={`severity-badge ${severity}`}>{severity}</span>;
}
