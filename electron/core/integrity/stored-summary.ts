import { z } from 'zod';
import type { IntegritySummary, StoredPublicKey } from '../../../shared/model/integrity.ts';
import { noStatuses } from './integrity-summary.ts';

/**
 * A run's summary and keys as the case holds them: JSON a verification wrote, read back by every
 * view, report and finding of the run. A case file made elsewhere may hold anything there, and a
 * summary missing its counts once kept the Integrity view from drawing. What Trailscope writes is
 * read as written; anything else is read field by field, the verdict counts counted again from
 * the run's rows when they cannot be read (`recount`), anything else shown as nothing, with a
 * first note saying so: the verdicts, gaps and trails are the run's own rows either way.
 */

const count = z.number().int().min(0);
const text = z.string();
const statusCounts = z.object({
  valid: count,
  invalid: count,
  missing: count,
  unlisted: count,
  unverifiable: count,
}) satisfies z.ZodType<IntegritySummary['digests']>;

const fields = {
  digests: statusCounts,
  log_files: statusCounts,
  gaps: count,
  gap_hours: count,
  signatures: z.object({ verified: count, failed: count, not_checked: count }),
  keys: z.array(
    z.object({
      fingerprint: text,
      origin: text.nullable(),
      valid_from: text.nullable(),
      valid_to: text.nullable(),
      verified: count,
    }),
  ),
  rejected_keys: z.array(z.object({ fingerprint: text, origin: text.nullable(), reason: text })),
  notes: z.array(text),
  unchecked: z
    .object({ reasons: z.array(z.object({ reason: text, digests: count })), other_digests: count })
    .optional(),
} satisfies { [K in keyof IntegritySummary]-?: z.ZodType };

const unread: IntegritySummary = {
  digests: noStatuses(),
  log_files: noStatuses(),
  gaps: 0,
  gap_hours: 0,
  signatures: { verified: 0, failed: 0, not_checked: 0 },
  keys: [],
  rejected_keys: [],
  notes: [],
};

/** Notes read of a run: a run keeps 500 (validate.ts), a case made elsewhere may hold millions. */
const NOTES_READ = 500;

const storedKeys = z.array(
  z.object({
    fingerprint: text,
    valid_from: text.nullable(),
    valid_to: text.nullable(),
    origin: text.nullable(),
    imported_at: text,
  }),
);

/** A run's verdicts counted from its rows, by kind and status. */
export type CountedVerdicts = Pick<IntegritySummary, 'digests' | 'log_files'>;

/**
 * The summary and the keys offered stored with run `runId`, from their JSON texts. `recount`
 * when its counts of verdicts cannot be read and `counted` was not given: the caller counts the
 * run's rows and asks again.
 */
export function storedRunJson(
  runId: number,
  json: { summary: string; keys: string },
  counted?: CountedVerdicts,
): { summary: IntegritySummary; keys: StoredPublicKey[]; recount: boolean } {
  const value = parsed(json.summary);
  const summary: Record<string, unknown> = { ...unread };
  const unreadable: string[] = [];
  const recounted: string[] = [];
  for (const [name, schema] of Object.entries(fields)) {
    const read = schema.safeParse((value as Record<string, unknown> | null)?.[name]);
    if (read.success) summary[name] = read.data;
    else if (counted && (name === 'digests' || name === 'log_files')) {
      summary[name] = counted[name];
      recounted.push(name);
    } else unreadable.push(name);
  }
  if (!counted && (unreadable.includes('digests') || unreadable.includes('log_files')))
    return { summary: unread, keys: [], recount: true };
  const keys = storedKeys.safeParse(parsed(json.keys));
  if (!keys.success) unreadable.push('the keys offered');
  const result = summary as unknown as IntegritySummary;
  const left = result.notes.length - NOTES_READ;
  if (left > 0) result.notes = [...result.notes.slice(0, NOTES_READ), `${left} more note(s) in the case are not read.`];
  const what = [
    ...(recounted.length > 0 ? [`${recounted.join(' and ')} were counted again from the run's verdicts`] : []),
    ...(unreadable.length > 0 ? [`${unreadable.join(', ')} could not be read, and are shown as none`] : []),
  ];
  if (what.length > 0)
    result.notes = [
      `Run ${runId}'s stored summary is not as Trailscope writes it (${what.join('; ')}): the case file was changed outside Trailscope. The verdicts, gaps and trails below are the run's own rows; verifying again stores a new run.`,
      ...result.notes,
    ];
  return { summary: result, keys: keys.success ? keys.data : [], recount: false };
}

function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
