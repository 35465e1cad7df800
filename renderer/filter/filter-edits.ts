import type { ExploreFilter, FieldValues, FilterField } from '../../shared/model/explore.ts';

/** A filter's identity: two filters that select the same events give the same key. */
export const filterKey = (filter: ExploreFilter) =>
  JSON.stringify([
    filter.from ?? null,
    filter.to ?? null,
    filter.bookmarked ?? false,
    Object.entries(filter.fields ?? {})
      .filter(([, v]) => v && v.length > 0)
      .sort(),
    [...(filter.source_ids ?? [])].sort((a, b) => a - b),
    filter.detection ? [filter.detection.rule_id, filter.detection.hit ?? null] : null,
  ]);

/** The events one source file delivered, over the whole case: where "Show events" of a file leads. */
export const fromSources = (sourceIds: number[]): ExploreFilter => ({ source_ids: sourceIds });

export const withoutSources = (filter: ExploreFilter): ExploreFilter => {
  const { source_ids: _ids, ...rest } = filter;
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

function withField(filter: ExploreFilter, field: FilterField, values: FieldValues): ExploreFilter {
  const fields = { ...filter.fields };
  if (values.length === 0) delete fields[field];
  else fields[field] = values;
  return { ...filter, fields };
}

/** Adds the value to the field's chosen values, or takes it out if it was chosen. */
export function toggleValue(filter: ExploreFilter, field: FilterField, value: string | null): ExploreFilter {
  const values = filter.fields?.[field] ?? [];
  return withField(filter, field, values.includes(value) ? values.filter((v) => v !== value) : [...values, value]);
}

export const clearField = (filter: ExploreFilter, field: FilterField) => withField(filter, field, []);

export const withRange = (filter: ExploreFilter, from: string | undefined, to: string | undefined): ExploreFilter => {
  const { from: _from, to: _to, ...rest } = filter;
  return { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}) };
};

/** "Everything with this value": the value alone, over the whole case. */
export const pivotTo = (field: FilterField, value: string | null): ExploreFilter => ({ fields: { [field]: [value] } });

export const isChosen = (filter: ExploreFilter, field: FilterField, value: string | null) =>
  filter.fields?.[field]?.includes(value) ?? false;
