import type { Detection } from '../../../shared/model/detection.ts';
import { buildAndDeploy } from './pack/build-and-deploy.ts';
import { codepipeline } from './pack/codepipeline.ts';
import { credentialsAndData } from './pack/credentials-and-data.ts';
import { dataProtection } from './pack/data-protection.ts';
import { discovery } from './pack/discovery.ts';
import { federation } from './pack/federation.ts';
import { identity } from './pack/identity.ts';
import { imagesAndFunctions } from './pack/images-and-functions.ts';
import { loggingAndDefenses } from './pack/logging-and-defenses.ts';
import { networkAndCompute } from './pack/network-and-compute.ts';
import { securityServices } from './pack/security-services.ts';
import { workloads } from './pack/workloads.ts';

/*
 * The detection pack: questions an incident responder asks of a CloudTrail case, as SQL over
 * the events table, each with its severity, ATT&CK techniques and expected false positives.
 * Field names follow real records (the team's corpus) and AWS's API references; thresholds
 * are written in each rule and said in its description.
 */

/** Every built-in detection, grouped by family. */
export const detectionPack: readonly Detection[] = [
  ...loggingAndDefenses,
  ...identity,
  ...credentialsAndData,
  ...discovery,
  ...workloads,
  ...codepipeline,
  ...buildAndDeploy,
  ...imagesAndFunctions,
  ...dataProtection,
  ...federation,
  ...securityServices,
  ...networkAndCompute,
];
