import { z } from 'zod';
import { detectionSeverities } from '../model/detection.ts';

/** Params of the detection requests, kept beside the contract that lists them. */

const ruleId = z.string().min(1).max(200);

export const detectRunParams = z.object({ rules: z.array(ruleId).min(1).max(1000).optional() });

export const detectionHitQuery = z.object({
  rule_id: ruleId.optional(),
  min_severity: z.enum(detectionSeverities).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});

/** Sigma files as text, each with the name it came from; a rule file is a few kilobytes. */
export const sigmaFiles = z.object({
  files: z
    .array(z.object({ name: z.string().trim().min(1).max(500), text: z.string().max(256 * 1024) }))
    .min(1)
    .max(200),
});

export const ruleIdParams = z.object({ rule_id: ruleId });
