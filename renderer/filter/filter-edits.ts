import type { ExploreFilter, FieldValues, FilterField } from '../../shared/model/explore.ts';

type FieldChoices = Partial<Record<FilterField, FieldValues>>;

const chosenFields = (choices: FieldChoices | undefined) =>
  Object.entries(choices ?? {})
    .filter(([, v]) => v && v.length > 0)
    .sort();

/** A filter's identity: two filters that select the same events give the same key. */
export const filterKey = (filter: ExploreFilter) =>
  JSON.stringify([
    filter.from ?? null,
    filter.to ?? null,
    filter.bookmarked ?? false,
    chosenFields(filter.fields),
    chosenFields(filter.exclude),
    filter.text ?? '',
    [...(filter.source_ids ?? [])].sort((a, b) => a - b),
    [...(filter.event_keys ?? [])].sort(),
    filter.detection ? [filter.detection.rule_id, filter.detection.hit ?? null] : null,
  ]);

/** The events one source file delivered, over the whole case: where "Show events" of a file leads. */
export const fromSources = (sourceIds: number[]): ExploreFilter => ({ source_ids: sourceIds });

export const withoutSources = (filter: ExploreFilter): ExploreFilter => {
  const { source_ids: _ids, ...rest } = filter;
  return rest;
};

/** Exactly these events, by key: where a SQL cell listing event keys leads. */
export const fromEventKeys = (eventKeys: string[]): ExploreFilter => ({ event_keys: eventKeys });

export const withoutEventKeys = (filter: ExploreFilter): ExploreFilter => {
  const { event_keys: _keys, ...rest } = filter;
  return rest;
};

/** The events a detection's hits rest on (one hit's, or every hit's), over the whole case. */
export const fromDetection = (ruleId: string, hit?: number): ExploreFilter => ({
  detection: hit === undefined ? { rule_id: ruleId } : { rule_id: ruleId, hit },
});

export const withoutDetection = (filter: ExploreFilter): ExploreFilter => {
  const { detection: _detection, ...rest } = filter;
  return rest;
};

function withValues(choices: FieldChoices | undefined, field: FilterField, values: FieldValues): FieldChoices {
  const next = { ...choices };
  if (values.length === 0) delete next[field];
  else next[field] = values;
  return next;
}

/** The filter with these choices, keeping no empty `fields` or `exclude` behind. */
function withChoices(filter: ExploreFilter, fields: FieldChoices, exclude: FieldChoices): ExploreFilter {
  const { fields: _fields, exclude: _exclude, ...rest } = filter;
  return {
    ...rest,
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(Object.keys(exclude).length > 0 ? { exclude } : {}),
  };
}

const without = (values: FieldValues | undefined, value: string | null) => (values ?? []).filter((v) => v !== value);

/**
 * Adds the value to the field's chosen values, or takes it out if it was chosen. A value is
 * chosen or excluded, never both: choosing it takes back its exclusion.
 */
export function toggleValue(filter: ExploreFilter, field: FilterField, value: string | null): ExploreFilter {
  const values = filter.fields?.[field] ?? [];
  const chosen = values.includes(value) ? without(values, value) : [...values, value];
  return withChoices(
    filter,
    withValues(filter.fields, field, chosen),
    withValues(filter.exclude, field, without(filter.exclude?.[field], value)),
  );
}

/** Leaves out events with this value ("≠"), or takes the exclusion back; excluding a chosen value unchooses it. */
export function toggleExcluded(filter: ExploreFilter, field: FilterField, value: string | null): ExploreFilter {
  const values = filter.exclude?.[field] ?? [];
  const excluded = values.includes(value) ? without(values, value) : [...values, value];
  return withChoices(
    filter,
    withValues(filter.fields, field, without(filter.fields?.[field], value)),
    withValues(filter.exclude, field, excluded),
  );
}

export const clearField = (filter: ExploreFilter, field: FilterField): ExploreFilter =>
  withChoices(filter, withValues(filter.fields, field, []), withValues(filter.exclude, field, []));

export const withRange = (filter: ExploreFilter, from: string | undefined, to: string | undefined): ExploreFilter => {
  const { from: _from, to: _to, ...rest } = filter;
  return { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}) };
};

/** The text searched in every record; empty searches nothing. */
export const withText = (filter: ExploreFilter, text: string): ExploreFilter => {
  const { text: _text, ...rest } = filter;
  return text === '' ? rest : { ...rest, text };
};

/** "Everything with this value": the value alone, over the whole case. */
export const pivotTo = (field: FilterField, value: string | null): ExploreFilter => ({ fields: { [field]: [value] } });

export const isChosen = (filter: ExploreFilter, field: FilterField, value: string | null) =>
  filter.fields?.[field]?.includes(value) ?? false;

export const isExcluded = (filter: ExploreFilter, field: FilterField, value: string | null) =>
  filter.exclude?.[field]?.includes(value) ?? false;
