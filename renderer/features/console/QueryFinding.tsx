import { FindingForm } from '../findings/FindingForm.tsx';
import { queryDraft } from './query-draft.ts';
import type { QueryOrigin } from './query-runner.ts';

/** The query as it ran becomes a finding; the core runs it again and keeps its first rows. */
export function QueryFinding({ sql, rows, origin }: { sql: string; rows: number | null; origin: QueryOrigin | null }) {
  return (
    <FindingForm
      label="Add as finding"
      evidence={() => ({ kind: 'query', sql })}
      draft={() => queryDraft(sql, rows, origin)}
    />
  );
}
