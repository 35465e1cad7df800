import { z } from 'zod';
import { integrityStatuses } from '../model/integrity.ts';

/** Params of the integrity requests, kept beside the contract that lists them. */

/** `aws cloudtrail list-public-keys` output as text; `origin` names where it came from (its file name). */
export const publicKeysText = z.object({
  // The output for all of CloudTrail's history is a few kilobytes; a megabyte is far past any.
  text: z.string().min(1).max(1_000_000),
  origin: z.string().trim().min(1).max(500),
});

const runId = z.number().int().min(1);

export const integrityFileFilter = z.object({
  run_id: runId.optional(),
  statuses: z.array(z.enum(integrityStatuses)).max(integrityStatuses.length).optional(),
  kind: z.enum(['log', 'digest']).optional(),
  trail: z.string().min(1).max(500).optional(),
  limit: z.number().int().min(1).max(100_000).default(500),
  offset: z.number().int().min(0).default(0),
});

export const integrityRunParams = z.object({ run_id: runId.optional() });

/** A page of a run's trails or gaps (the latest run when absent). */
export const integrityListParams = z.object({
  run_id: runId.optional(),
  limit: z.number().int().min(1).max(100_000).default(1000),
  offset: z.number().int().min(0).default(0),
});

/** One trail of a run (the latest when absent), and where its window of hours starts (the latest hours when absent). */
export const trailHoursParams = z.object({
  run_id: runId.optional(),
  account: z.string().min(1).max(100),
  region: z.string().min(1).max(100),
  trail: z.string().min(1).max(500),
  home_region: z.string().min(1).max(100),
  from: z.iso.datetime().optional(),
});
