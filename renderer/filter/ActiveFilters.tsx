import { type ExploreFilter, type FilterField, pivotFields } from '../../shared/model/explore.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { DetectionChip } from './DetectionChip.tsx';
import { fieldLabel, NO_VALUE } from './field-label.ts';
import { SourceChip } from './SourceChip.tsx';

const CHIP_CHARS = 48;

interface ActiveFiltersProps {
  filter: ExploreFilter;
  onRemove: (field: FilterField, value: string | null) => void;
  onShowAll: () => void;
  onRemoveSources: () => void;
  onRemoveDetection: () => void;
  onClear: () => void;
}

/** What the list is narrowed to, each choice removable on its own. */
export function ActiveFilters({
  filter,
  onRemove,
  onShowAll,
  onRemoveSources,
  onRemoveDetection,
  onClear,
}: ActiveFiltersProps) {
  const chosen = pivotFields.flatMap((field) => (filter.fields?.[field] ?? []).map((value) => ({ field, value })));
  const sourceIds = filter.source_ids ?? [];
  const { detection } = filter;
  if (chosen.length === 0 && !filter.bookmarked && sourceIds.length === 0 && !detection) return null;
  return (
    <ul className="active-filters" aria-label="Active filters">
      {detection && <DetectionChip ruleId={detection.rule_id} hit={detection.hit} onRemove={onRemoveDetection} />}
      {sourceIds.length > 0 && <SourceChip sourceIds={sourceIds} onRemove={onRemoveSources} />}
      {filter.bookmarked && (
        <li className="chip">
          Bookmarked only
          <button type="button" className="link" aria-label="Show every event, bookmarked or not" onClick={onShowAll}>
            ×
          </button>
        </li>
      )}
      {chosen.map(({ field, value }) => {
        const text = value === null ? NO_VALUE : visibleText(value);
        return (
          <li key={`${field}\u0000${value ?? '\u0000'}`} className="chip" title={text}>
            <span className="muted">{fieldLabel(field)}:</span>{' '}
            {text.length > CHIP_CHARS ? `${text.slice(0, CHIP_CHARS)}…` : text}
            <button
              type="button"
              className="link"
              aria-label={`Remove filter ${fieldLabel(field)} ${text}`}
              onClick={() => onRemove(field, value)}
            >
              ×
            </button>
          </li>
        );
      })}
      <li>
        <button type="button" className="link small" onClick={onClear}>
          Clear filters
        </button>
      </li>
    </ul>
  );
}
