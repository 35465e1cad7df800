import type { Detection } from '../../../../shared/model/detection.ts';
import { securityServicesTuning } from './security-services-tuning.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Evasion of detection';

/**
 * Successful calls that switch a detection service off in one region or account: GuardDuty,
 * Security Hub, Config recording, Access Analyzer, Macie, Inspector, Detective and CloudTrail
 * logging. The per-service hunts list each of these; the rules here ask how they cluster.
 */
const DISABLES = `disables AS (
  SELECT
    *,
    ${PRINCIPAL} AS principal
  FROM events
  WHERE error_code IS NULL
    AND ((event_source = 'guardduty.amazonaws.com'
          AND (event_name IN ('DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount')
               OR (event_name = 'UpdateDetector' AND (request_parameters->>'$.enable') = 'false')))
      OR (event_source = 'securityhub.amazonaws.com'
          AND event_name IN ('DisableSecurityHub', 'BatchDisableStandards', 'DisassociateFromMasterAccount',
                             'DisassociateFromAdministratorAccount'))
      OR (event_source = 'config.amazonaws.com'
          AND event_name IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'))
      OR (event_source = 'access-analyzer.amazonaws.com' AND event_name = 'DeleteAnalyzer')
      OR (event_source IN ('macie2.amazonaws.com', 'macie.amazonaws.com')
          AND (event_name IN ('DisableMacie', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount')
               OR (event_name = 'UpdateMacieSession' AND (request_parameters->>'$.status') = 'PAUSED')))
      OR (event_source = 'inspector2.amazonaws.com' AND event_name IN ('Disable', 'DisableDelegatedAdminAccount'))
      OR (event_source = 'detective.amazonaws.com' AND event_name IN ('DeleteGraph', 'DisassociateMembership'))
      OR (event_source = 'cloudtrail.amazonaws.com' AND event_name IN ('StopLogging', 'DeleteTrail')))
)`;

/** Event sources whose calls do not show that an account works in a region: the watchers themselves. */
const WATCHERS = `('guardduty.amazonaws.com', 'securityhub.amazonaws.com', 'config.amazonaws.com',
    'access-analyzer.amazonaws.com', 'macie2.amazonaws.com', 'macie.amazonaws.com', 'inspector2.amazonaws.com',
    'detective.amazonaws.com', 'cloudtrail.amazonaws.com', 'sts.amazonaws.com')`;

/**
 * Runs of disables by one principal in one account, split where an hour passes without one,
 * kept when some one-hour stretch of the run touches `threshold` distinct values of `spread`.
 */
function disableBurst(spread: string, threshold: number): string {
  return `WITH ${DISABLES},
runs AS (
  SELECT
    *,
    CASE WHEN event_time - lag(event_time) OVER by_principal <= INTERVAL 1 HOUR THEN 0 ELSE 1 END AS starts_run
  FROM disables
  WINDOW by_principal AS (PARTITION BY recipient_account_id, principal ORDER BY event_time, event_key)
),
numbered AS (
  SELECT
    *,
    sum(starts_run) OVER (PARTITION BY recipient_account_id, principal ORDER BY event_time, event_key) AS run,
    len(list_distinct(list(${spread}) OVER (
      PARTITION BY recipient_account_id, principal ORDER BY event_time
      RANGE BETWEEN CURRENT ROW AND INTERVAL 1 HOUR FOLLOWING
    ))) AS spread_within_hour
  FROM runs
)
SELECT
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys,
  principal,
  recipient_account_id AS account,
  list(DISTINCT aws_region ORDER BY aws_region) AS regions,
  list(DISTINCT event_source ORDER BY event_source) AS services,
  list(DISTINCT event_name ORDER BY event_name) AS calls,
  max(spread_within_hour) AS most_within_an_hour,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips
FROM numbered
GROUP BY recipient_account_id, principal, run
HAVING max(spread_within_hour) >= ${threshold}
ORDER BY event_time, event_key`;
}

/** Detection services switched off: where, how widely, and the services the older hunts did not name. */
const disabling: Detection[] = [
  {
    id: 'security-services-disabled-across-regions',
    title: 'One principal disabling detection services in three or more regions within an hour',
    description:
      'GuardDuty, Security Hub, Config, Access Analyzer, Macie, Inspector, Detective or CloudTrail switched off by one principal in three or more regions within one hour: an intruder clearing the way across the account before acting in regions nobody watches. The hit spans the whole run of disables by that principal (until an hour passes without one) and names every event.',
    severity: 'critical',
    attack: ['T1562.001', 'T1535'],
    false_positives:
      'Planned decommissioning of an account, or a move of GuardDuty or Security Hub to a delegated administrator done by script across regions.',
    family,
    sql: disableBurst('aws_region', 3),
    origin: 'pack',
  },
  {
    id: 'detection-services-silenced-together',
    title: 'One principal disabling two or more different detection services within an hour',
    description:
      'Two or more of GuardDuty, Security Hub, Config, Access Analyzer, Macie, Inspector, Detective and CloudTrail switched off by one principal within one hour: a blinding sweep before the real work, where any one of the calls alone could pass for housekeeping. The hit spans the run of disables (until an hour passes without one) and names every event.',
    severity: 'critical',
    attack: ['T1562.001', 'T1562.008'],
    false_positives: 'Account closure or teardown of a sandbox account by its owner.',
    family,
    sql: disableBurst('event_source', 2),
    origin: 'pack',
  },
  {
    id: 'security-service-disabled-in-unused-region',
    title: 'Detection service disabled in a region the account had not worked in',
    description:
      'A detection service switched off in a region where the case shows no earlier event of that account outside the security services and STS, while the account did work in other regions before: the region is about to be used for mining or staging precisely because nobody looks there. The first calls an intruder makes in a region are often these disables.',
    severity: 'high',
    attack: ['T1535', 'T1562.001'],
    false_positives:
      'Turning off services an organization-wide roll-out enabled in regions the company has opted out of, and cases whose evidence starts shortly before the disable.',
    family,
    sql: `WITH ${DISABLES}
SELECT
  d.event_time,
  d.event_key,
  d.aws_region,
  d.event_source,
  d.event_name,
  d.principal,
  d.source_ip,
  d.user_agent
FROM disables d
WHERE NOT EXISTS (
    SELECT 1
    FROM events e
    WHERE e.recipient_account_id = d.recipient_account_id
      AND e.aws_region = d.aws_region
      AND e.event_time < d.event_time
      AND e.event_source NOT IN ${WATCHERS}
  )
  AND EXISTS (
    SELECT 1
    FROM events e
    WHERE e.recipient_account_id = d.recipient_account_id
      AND e.aws_region <> d.aws_region
      AND e.event_time < d.event_time
  )
ORDER BY d.event_time, d.event_key`,
    origin: 'pack',
  },
  {
    id: 'macie-disabled-or-paused',
    title: 'Macie disabled, paused, detached or its discovery jobs cancelled',
    description:
      'DisableMacie, UpdateMacieSession to status PAUSED, leaving the Macie administrator (DisassociateFromAdministratorAccount and its older name), removing the delegated administrator, and UpdateClassificationJob to CANCELLED or USER_PAUSED: sensitive-data discovery stops just before data is taken. Changes of the publishing frequency and enabling Macie are left out.',
    severity: 'high',
    attack: ['T1562.001'],
    false_positives: 'Cost cutting in accounts without sensitive data and finishing one-off discovery jobs.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.status' AS session_status,
  coalesce(request_parameters->>'$.jobId', request_parameters->>'$.adminAccountId') AS target,
  request_parameters->>'$.jobStatus' AS job_status,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source IN ('macie2.amazonaws.com', 'macie.amazonaws.com')
  AND (event_name IN ('DisableMacie', 'DisassociateFromAdministratorAccount', 'DisassociateFromMasterAccount',
                      'DisableOrganizationAdminAccount')
       OR (event_name = 'UpdateMacieSession' AND (request_parameters->>'$.status') = 'PAUSED')
       OR (event_name = 'UpdateClassificationJob'
           AND (request_parameters->>'$.jobStatus') IN ('CANCELLED', 'USER_PAUSED')))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'inspector-disabled',
    title: 'Amazon Inspector scanning disabled or detached',
    description:
      'Inspector2 Disable (scanning of EC2, ECR, Lambda or code stopped for the listed accounts), DisableDelegatedAdminAccount, DisassociateMember, and BatchUpdateMemberEc2DeepInspectionStatus turning deep inspection off: vulnerable or backdoored workloads stop being reported. Enabling scans is left out.',
    severity: 'high',
    attack: ['T1562.001'],
    false_positives:
      'Cost reviews that drop scanning of a resource type and reorganizations of the delegated administrator.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  json_extract_string(request_parameters, '$.resourceTypes[*]') AS resource_types,
  coalesce(request_parameters->'$.accountIds', request_parameters->'$.accountId',
           request_parameters->'$.delegatedAdminAccountId') AS accounts,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'inspector2.amazonaws.com'
  AND (event_name IN ('Disable', 'DisableDelegatedAdminAccount', 'DisassociateMember')
       OR (event_name = 'BatchUpdateMemberEc2DeepInspectionStatus'
           AND list_contains(coalesce(json_extract_string(request_parameters, '$.accountIds[*].activateDeepInspection'), []),
                             'false')))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];

export const securityServices: Detection[] = [...disabling, ...securityServicesTuning];
