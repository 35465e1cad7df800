import { z } from 'zod';
import { severities } from '../model/finding.ts';
import { exploreFilter, pinnedValues, stackBy } from './explore-schemas.ts';

/** Params of the findings and report requests, kept beside the contract that lists them. */

const version = z.number().int().min(1);

export const findingId = z.number().int().min(1);

/** A finding's own words; an empty narrative or technique clears it. */
export const findingWords = {
  title: z.string().trim().min(1).max(300),
  severity: z.enum(severities),
  narrative: z.string().max(20_000).optional(),
  attack_technique: z.string().trim().max(100).optional(),
};

export const evidenceRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('query'), sql: z.string().trim().min(1).max(1_000_000) }),
  z.object({
    kind: z.literal('volume-chart'),
    filter: exploreFilter.default({}),
    stack_by: stackBy,
    pinned: pinnedValues.optional(),
  }),
  z.object({
    kind: z.literal('pipeline-diff'),
    name: z.string().min(1),
    account: z.string().min(1),
    region: z.string().min(1),
    lineage: version,
    from_version: version,
    to_version: version,
  }),
  z.object({ kind: z.literal('events'), event_keys: z.array(z.string().min(1)).min(1).max(1000) }),
  // At least one file or gap: the core refuses a reference naming neither, for every face.
  z.object({
    kind: z.literal('integrity'),
    run_id: z.number().int().min(1),
    files: z
      .array(z.object({ kind: z.enum(['log', 'digest']), s3_object: z.string().min(1).max(2048) }))
      .max(1000)
      .default([]),
    gaps: z
      .array(
        z.object({
          account: z.string().min(1),
          region: z.string().min(1),
          trail: z.string().min(1),
          home_region: z.string().min(1),
          from: z.iso.datetime(),
        }),
      )
      .max(1000)
      .default([]),
  }),
]);

const day = z.iso.date().nullable();

export const caseDetails = z
  .object({
    case_name: z.string().max(300).nullable(),
    investigator: z.string().max(300).nullable(),
    opened_on: day,
    closed_on: day,
  })
  .refine((d) => !d.opened_on || !d.closed_on || d.opened_on <= d.closed_on, {
    message: 'the case cannot close before it opens',
    path: ['closed_on'],
  });
