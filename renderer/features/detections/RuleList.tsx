import type { DetectionRule } from '../../../shared/model/detection.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { count, plural } from '../../components/numbers.ts';
import type { RuleListFilter } from './detections-place.ts';
import { RuleFilters } from './RuleFilters.tsx';
import { filterRules } from './rule-filter.ts';
import { SeverityBadge } from './SeverityBadge.tsx';

// A Sigma author's title can be any length; the pack's run to about 70 characters.
const TITLE_CHARS = 140;
// DuckDB's message says what went wrong first; the whole of it is in the title and the detail.
const FAILURE_CHARS = 90;
// The pack's rules name one to three techniques; a Sigma rule may tag thousands. The detail lists them all.
const ROW_TECHNIQUES = 4;

const cutEnd = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

interface RuleListProps {
  rules: DetectionRule[];
  filter: RuleListFilter;
  onFilter: (filter: RuleListFilter) => void;
  selected: string | null;
  onSelect: (ruleId: string) => void;
}

/** Every rule the case runs, the pack's and its own, narrowed and sorted; one opens in the detail. */
export function RuleList({ rules, filter, onFilter, selected, onSelect }: RuleListProps) {
  const shown = filterRules(rules, filter);
  return (
    <section className="panel rule-list" aria-labelledby="rule-list-title" data-testid="rule-list">
      <h2 id="rule-list-title">Rules</h2>
      <RuleFilters rules={rules} filter={filter} onFilter={onFilter} />
      <p className="list-total small" role="status" data-testid="rules-shown">
        {shown.length === rules.length
          ? plural(rules.length, 'rule', 'rules')
          : `${count(shown.length)} of ${plural(rules.length, 'rule', 'rules')}`}
      </p>
      {shown.length > 0 && (
        <table className="rules">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">Rule</th>
              <th scope="col">Family</th>
              <th scope="col">ATT&amp;CK</th>
              <th scope="col" className="number">
                Hits
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((rule) => (
              <RuleRow
                key={rule.detection.id}
                rule={rule}
                selected={selected === rule.detection.id}
                onSelect={onSelect}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RuleRow({
  rule,
  selected,
  onSelect,
}: {
  rule: DetectionRule;
  selected: boolean;
  onSelect: (ruleId: string) => void;
}) {
  const { detection } = rule;
  const title = visibleText(detection.title);
  return (
    <tr className={`rule-row ${selected ? 'selected' : ''}`} data-testid="rule-row" data-rule={detection.id}>
      <td>
        <SeverityBadge severity={detection.severity} />
      </td>
      <td className="rule-name">
        <button
          type="button"
          className="link rule-open"
          onClick={() => onSelect(detection.id)}
          title={title}
          aria-current={selected ? 'true' : undefined}
        >
          {middleClip(title, TITLE_CHARS)}
        </button>
        <code className="rule-id">{detection.id}</code>
      </td>
      <td className="small">{detection.family}</td>
      <td className="small rule-attack">
        {detection.attack.slice(0, ROW_TECHNIQUES).map((id) => (
          <span key={id} className="technique-tag">
            {id}
          </span>
        ))}
        {detection.attack.length > ROW_TECHNIQUES && (
          <span className="technique-tag muted">and {count(detection.attack.length - ROW_TECHNIQUES)} more</span>
        )}
      </td>
      <td className="number rule-hits" data-testid="rule-hits">
        <ResultText rule={rule} />
      </td>
    </tr>
  );
}

/** Hits, or why the rule failed, or that it never ran on this case. */
export function ResultText({ rule }: { rule: DetectionRule }) {
  const { result } = rule;
  if (result === null) return <span className="muted">not run</span>;
  if (result.error !== null)
    return (
      <span className="error rule-failed" title={visibleText(result.error)}>
        failed: {cutEnd(visibleText(result.error), FAILURE_CHARS)}
      </span>
    );
  return <>{count(result.hit_total)}</>;
}
