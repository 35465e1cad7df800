import { type ExploreFilter, type FilterField, pivotFields } from '../../shared/model/explore.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { MiddleFit } from '../components/MiddleFit.tsx';
import { plural } from '../components/numbers.ts';
import { DetectionChip } from './DetectionChip.tsx';
import { fieldLabel, NO_VALUE } from './field-label.ts';
import { SourceChip } from './SourceChip.tsx';

interface ActiveFiltersProps {
  filter: ExploreFilter;
  onRemove: (field: FilterField, value: string | null) => void;
  onRemoveExcluded: (field: FilterField, value: string | null) => void;
  onRemoveText: () => void;
  onShowAll: () => void;
  onRemoveSources: () => void;
  onRemoveDetection: () => void;
  onRemoveEventKeys: () => void;
  onClear: () => void;
}

/** One value chosen ("Principal: …") or excluded ("Principal ≠ …"), removable on its own. */
function ValueChip({
  field,
  value,
  excluded,
  onRemove,
}: {
  field: FilterField;
  value: string | null;
  excluded: boolean;
  onRemove: () => void;
}) {
  const text = value === null ? NO_VALUE : visibleText(value);
  return (
    <li className={`chip ${excluded ? 'excluded-chip' : ''}`} data-testid={excluded ? 'excluded-chip' : 'chosen-chip'}>
      <span className="muted chip-field">
        {fieldLabel(field)}
        {excluded ? ' ≠' : ':'}
      </span>{' '}
      {value === null ? <span className="no-value">{NO_VALUE}</span> : <MiddleFit text={value} />}
      <button
        type="button"
        className="link"
        aria-label={`Remove filter ${fieldLabel(field)} ${excluded ? '≠ ' : ''}${text}`}
        onClick={onRemove}
      >
        ×
      </button>
    </li>
  );
}

/** What the list is narrowed to, each choice removable on its own. */
export function ActiveFilters({
  filter,
  onRemove,
  onRemoveExcluded,
  onRemoveText,
  onShowAll,
  onRemoveSources,
  onRemoveDetection,
  onRemoveEventKeys,
  onClear,
}: ActiveFiltersProps) {
  const marked = (choices: ExploreFilter['fields']) =>
    pivotFields.flatMap((field) => (choices?.[field] ?? []).map((value) => ({ field, value })));
  const chosen = marked(filter.fields);
  const excluded = marked(filter.exclude);
  const sourceIds = filter.source_ids ?? [];
  const eventKeys = filter.event_keys ?? [];
  const { detection, text } = filter;
  if (
    chosen.length + excluded.length === 0 &&
    !text &&
    !filter.bookmarked &&
    sourceIds.length === 0 &&
    eventKeys.length === 0 &&
    !detection
  )
    return null;
  return (
    <ul className="active-filters" aria-label="Active filters">
      {text && (
        <li className="chip" data-testid="search-chip">
          <span className="muted chip-field">Search:</span> <MiddleFit text={`“${text}”`} />
          <button type="button" className="link" aria-label="Remove the search" onClick={onRemoveText}>
            ×
          </button>
        </li>
      )}
      {detection && <DetectionChip ruleId={detection.rule_id} hit={detection.hit} onRemove={onRemoveDetection} />}
      {sourceIds.length > 0 && <SourceChip sourceIds={sourceIds} onRemove={onRemoveSources} />}
      {eventKeys.length > 0 && (
        <li className="chip" data-testid="event-keys-chip" title={eventKeys.map(visibleText).join('\n')}>
          <span className="muted chip-field">Events:</span> {plural(eventKeys.length, 'listed key', 'listed keys')}
          <button type="button" className="link" aria-label="Remove the listed events" onClick={onRemoveEventKeys}>
            ×
          </button>
        </li>
      )}
      {filter.bookmarked && (
        <li className="chip">
          Bookmarked only
          <button type="button" className="link" aria-label="Show every event, bookmarked or not" onClick={onShowAll}>
            ×
          </button>
        </li>
      )}
      {chosen.map(({ field, value }) => (
        <ValueChip
          key={`=${field}\u0000${value ?? '\u0000'}`}
          field={field}
          value={value}
          excluded={false}
          onRemove={() => onRemove(field, value)}
        />
      ))}
      {excluded.map(({ field, value }) => (
        <ValueChip
          key={`≠${field}\u0000${value ?? '\u0000'}`}
          field={field}
          value={value}
          excluded
          onRemove={() => onRemoveExcluded(field, value)}
        />
      ))}
      <li>
        <button type="button" className="link small" onClick={onClear}>
          Clear filters
        </button>
      </li>
    </ul>
  );
}
