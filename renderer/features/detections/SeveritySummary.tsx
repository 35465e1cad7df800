import type { DetectionRule, DetectionSeverity } from '../../../shared/model/detection.ts';
import { count, plural } from '../../components/numbers.ts';
import { hitsOf } from './rule-filter.ts';
import { SeverityBadge } from './SeverityBadge.tsx';
import { severityCounts } from './severity-counts.ts';

interface SeveritySummaryProps {
  rules: DetectionRule[];
  chosen: DetectionSeverity | null;
  onChoose: (severity: DetectionSeverity | null) => void;
}

/** Hits and rules with hits per severity; a severity, pressed, narrows the rule list to it. */
export function SeveritySummary({ rules, chosen, onChoose }: SeveritySummaryProps) {
  const ran = rules.filter((r) => r.result !== null);
  const failed = ran.filter((r) => r.result?.error !== null).length;
  const withHits = rules.filter((r) => hitsOf(r) > 0).length;
  const hits = rules.reduce((sum, r) => sum + hitsOf(r), 0);
  return (
    <section className="panel" aria-labelledby="detections-summary" data-testid="detections-summary">
      <h2 id="detections-summary">Hits by severity</h2>
      <ul className="severity-counts">
        {severityCounts(rules).map((c) => (
          <li key={c.severity}>
            <button
              type="button"
              className={`severity-count ${c.severity} ${c.hits > 0 ? 'with-hits' : ''}`}
              aria-pressed={chosen === c.severity}
              onClick={() => onChoose(chosen === c.severity ? null : c.severity)}
              data-testid={`severity-${c.severity}`}
            >
              <SeverityBadge severity={c.severity} /> <span className="severity-hits">{count(c.hits)}</span>{' '}
              <span className="small">
                {c.hits === 1 ? 'hit' : 'hits'}, {plural(c.rulesWithHits, 'rule', 'rules')}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p className="small muted" data-testid="detections-totals">
        {plural(hits, 'hit', 'hits')} from {count(withHits)} of {plural(rules.length, 'rule', 'rules')}
        {failed > 0 && `; ${plural(failed, 'rule', 'rules')} failed`}
        {rules.length > ran.length && `; ${plural(rules.length - ran.length, 'rule', 'rules')} not run yet`}.
      </p>
    </section>
  );
}
