import type { FilterField } from '../../shared/model/explore.ts';

/** How a missing value is shown and chosen: "no value" is a value the analyst can filter on. */
export const NO_VALUE = '(no value)';

/** What the explorer calls its fields; the rest go by their column name, as in SQL. */
const labels: Partial<Record<FilterField, string>> = {
  event_name: 'Event name',
  event_source: 'Event source',
  principal: 'Principal',
  access_key_id: 'Access key',
  source_ip: 'Source IP',
  aws_region: 'Region',
  recipient_account_id: 'Account',
  error_code: 'Error code',
  integrity: 'Integrity',
};

/** What a field's values mean, where its name alone does not say. */
const hints: Partial<Record<FilterField, string>> = {
  integrity:
    'By the latest verification (Integrity tab): verified, a file a verified digest vouches for delivered the event as shown (a delivery of other content does not count); invalid-only, only files found invalid did; unverified, no verified file did, or the case was never verified.',
};

export const fieldHint = (field: FilterField) => hints[field];

export const fieldLabel = (field: FilterField) => labels[field] ?? field;
