import { attackTechnique } from '../../../shared/attack-techniques.ts';
import { type DetectionRule, type DetectionSeverity, detectionSeverities } from '../../../shared/model/detection.ts';
import type { RuleListFilter, RuleSort } from './detections-place.ts';
import { withHitsOn } from './rule-filter.ts';

interface RuleFiltersProps {
  rules: DetectionRule[];
  filter: RuleListFilter;
  onFilter: (filter: RuleListFilter) => void;
}

const SORTS: Record<RuleSort, string> = {
  severity: 'severity, then hits',
  hits: 'hits, then severity',
  title: 'title',
};

/** Text, severity, family, technique and "with hits only": the rule list's narrowing. */
export function RuleFilters({ rules, filter, onFilter }: RuleFiltersProps) {
  const families = [...new Set(rules.map((r) => r.detection.family))].sort();
  const set = (change: Partial<RuleListFilter>) => onFilter({ ...filter, ...change });
  const technique = filter.technique ? attackTechnique(filter.technique) : undefined;
  return (
    <div className="rule-filters">
      <label>
        Find{' '}
        <input
          type="search"
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          placeholder="id, title or technique"
          aria-label="Find rules by id, title or technique"
        />
      </label>
      <label>
        Severity{' '}
        <select
          value={filter.severity ?? ''}
          onChange={(e) => set({ severity: (e.target.value || null) as DetectionSeverity | null })}
        >
          <option value="">any</option>
          {[...detectionSeverities].reverse().map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Family{' '}
        <select value={filter.family ?? ''} onChange={(e) => set({ family: e.target.value || null })}>
          <option value="">every family</option>
          {families.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by{' '}
        <select value={filter.sort} onChange={(e) => set({ sort: e.target.value as RuleSort })}>
          {(Object.keys(SORTS) as RuleSort[]).map((s) => (
            <option key={s} value={s}>
              {SORTS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={withHitsOn(filter, rules)}
          onChange={(e) => set({ withHits: e.target.checked })}
        />{' '}
        With hits only
      </label>
      {filter.technique && (
        <span className="chip" data-testid="technique-chip" title={technique?.name}>
          <span className="muted">technique:</span> {filter.technique}
          {technique && ` ${technique.name}`}
          <button
            type="button"
            className="link"
            aria-label={`Remove filter: technique ${filter.technique}`}
            onClick={() => set({ technique: null })}
          >
            ×
          </button>
        </span>
      )}
    </div>
  );
}
