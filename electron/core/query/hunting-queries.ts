import type { HuntingQuery } from '../../../shared/model/hunting.ts';
import { credentialsAndData } from './hunts/credentials-and-data.ts';
import { discovery } from './hunts/discovery.ts';
import { identity } from './hunts/identity.ts';
import { loggingAndDefenses } from './hunts/logging-and-defenses.ts';
import { workloads } from './hunts/workloads.ts';

/*
 * The built-in hunts: questions an incident responder asks of a CloudTrail case, as SQL over
 * the events table. Field names follow real records (the team's corpus) and AWS's API
 * references; thresholds are starting points an analyst edits in the console, not verdicts.
 */

/** The library the console offers, grouped by concern. */
export const huntingQueries: readonly HuntingQuery[] = [
  ...loggingAndDefenses,
  ...identity,
  ...credentialsAndData,
  ...discovery,
  ...workloads,
];
