import type { FilterField } from '../../../shared/model/explore.ts';

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
};

export const fieldLabel = (field: FilterField) => labels[field] ?? field;

export const count = (n: number) => n.toLocaleString('en-US');

export const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `iam.amazonaws.com` reads as `iam`, as in an IAM policy's action prefix. */
export const shortSource = (source: string | null) => source?.replace(/\.amazonaws\.com$/, '') ?? null;
