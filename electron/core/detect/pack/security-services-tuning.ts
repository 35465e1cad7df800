import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Evasion of detection';

/**
 * Names of alarms, rules and metric filters that watch for attacks: the CIS benchmark's metric
 * filters (UnauthorizedAPICalls, RootAccountUsage, IAMPolicyChanges…), GuardDuty and Security
 * Hub forwarding rules, and anything calling itself security or audit.
 */
const SECURITY_NAME =
  '(?i)(security|guard-?duty|cloudtrail|macie|inspector|access-?analyzer|unauthori[sz]ed|root-?(account|user|usage|login|activity)|iam-?(policy|change|user|role)|mfa|sign-?in|console-?login|\\bcis\\b|findings?|threat|audit|config-?(change|rule|recorder)|cmk)';

/** Detection kept running but told to look away: controls, findings, protections and alerts. */
export const securityServicesTuning: Detection[] = [
  {
    id: 'security-hub-control-disabled',
    title: 'Security Hub control disabled',
    description:
      'UpdateStandardsControl to ControlStatus DISABLED, or BatchUpdateStandardsControlAssociations setting a control to DISABLED in a standard: the check that would flag what comes next (a public bucket, a stopped trail, a key without rotation) stops reporting, while Security Hub as a whole looks healthy.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives: 'Controls disabled on purpose because they do not apply, with a DisabledReason that says so.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.StandardsControlArn',
           CAST(json_extract_string(request_parameters,
             '$.StandardsControlAssociationUpdates[*].SecurityControlId') AS VARCHAR)) AS controls,
  coalesce(request_parameters->>'$.DisabledReason',
           CAST(json_extract_string(request_parameters,
             '$.StandardsControlAssociationUpdates[*].UpdatedReason') AS VARCHAR)) AS reason,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'securityhub.amazonaws.com'
  AND ((event_name = 'UpdateStandardsControl' AND (request_parameters->>'$.ControlStatus') = 'DISABLED')
       OR (event_name = 'BatchUpdateStandardsControlAssociations'
           AND list_contains(coalesce(json_extract_string(request_parameters,
                 '$.StandardsControlAssociationUpdates[*].AssociationStatus'), []), 'DISABLED')))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'security-hub-findings-auto-suppressed',
    title: 'Security Hub automation rule suppressing findings',
    description:
      'CreateAutomationRule or BatchUpdateAutomationRules whose actions set the workflow status of matching findings to SUPPRESSED or their severity to INFORMATIONAL, and that is not created disabled: from then on the matching findings are hidden as they arrive, including those about the intruder.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives:
      'Suppressing known noise (a finding type accepted as a risk, a sandbox account) is what automation rules are for; read the criteria.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.RuleName' AS rule_name,
  CAST(request_parameters->'$.Criteria' AS VARCHAR) AS criteria,
  CAST(request_parameters->'$.Actions' AS VARCHAR) AS actions,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'securityhub.amazonaws.com'
  AND event_name IN ('CreateAutomationRule', 'BatchUpdateAutomationRules')
  AND coalesce(request_parameters->>'$.RuleStatus', 'ENABLED') <> 'DISABLED'
  AND regexp_matches(CAST(request_parameters AS VARCHAR),
    '"Workflow"\\s*:\\s*\\{\\s*"Status"\\s*:\\s*"SUPPRESSED"|"Label"\\s*:\\s*"INFORMATIONAL"')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'guardduty-findings-auto-archived',
    title: 'GuardDuty filter archiving findings of any type',
    description:
      'CreateFilter or UpdateFilter with action ARCHIVE whose criteria do not name the finding types it archives (no "type" equals list): new findings matching it, by severity, account, instance or nothing at all, are archived as they arrive and never alert. Suppression rules for one known-benign finding type are left out; an update setting ARCHIVE without restating its criteria counts.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives: 'Broad suppression of a test account or of low-severity findings decided by the security team.',
    family,
    sql: `WITH archiving AS (
  SELECT
    *,
    coalesce(json_extract_string(request_parameters, '$.findingCriteria.criterion.type.eq[*]'), [])
      || coalesce(json_extract_string(request_parameters, '$.findingCriteria.criterion.type.equals[*]'), [])
      AS finding_types
  FROM events
  WHERE event_source = 'guardduty.amazonaws.com'
    AND event_name IN ('CreateFilter', 'UpdateFilter')
    AND (request_parameters->>'$.action') = 'ARCHIVE'
)
SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.name', request_parameters->>'$.filterName') AS filter_name,
  CAST(request_parameters->'$.findingCriteria' AS VARCHAR) AS criteria,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM archiving
WHERE len(finding_types) = 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'access-analyzer-findings-auto-archived',
    title: 'IAM Access Analyzer archive rule not narrowed to a resource or principal',
    description:
      'CreateArchiveRule or UpdateArchiveRule whose filter names no resource, principal, condition or finding id (only isPublic, resourceType, status and the like): every new finding of that shape, such as a bucket or role opened to an outside account, is archived unseen. Rules that archive findings about a named resource or trusted principal are left out, though an intruder may name their own account there.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives: 'Archiving a whole resource type the organization decided not to review.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.analyzerName' AS analyzer,
  request_parameters->>'$.ruleName' AS rule_name,
  CAST(request_parameters->'$.filter' AS VARCHAR) AS filter,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'access-analyzer.amazonaws.com'
  AND event_name IN ('CreateArchiveRule', 'UpdateArchiveRule')
  AND len(list_filter(coalesce(json_keys(request_parameters, '$.filter'), []),
    lambda k: k IN ('resource', 'id') OR k LIKE 'principal.%' OR k LIKE 'condition.%')) = 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'guardduty-protection-reduced',
    title: 'GuardDuty kept on but a protection plan, malware scan scope or alert cadence reduced',
    description:
      'UpdateDetector or UpdateMemberDetectors turning a protection off (features or agent management set to DISABLED; S3, EKS audit-log or EBS malware data sources set to false) or slowing finding publication to SIX_HOURS, and UpdateMalwareScanSettings adding exclusion criteria: the detector stays enabled, so checks of "is GuardDuty on" pass, while S3, Kubernetes or malware findings stop. Turning the whole detector off is a separate, louder call.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives: 'Cost reviews dropping protection plans and tag-based exclusions for instances scanned elsewhere.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.detectorId' AS detector,
  list_transform(
    list_filter(coalesce(json_extract(request_parameters, '$.features[*]'), []),
      lambda f: (f->>'$.status') = 'DISABLED'
        OR list_contains(coalesce(json_extract_string(f, '$.additionalConfiguration[*].status'), []), 'DISABLED')),
    lambda f: f->>'$.name') AS features_off,
  CAST(request_parameters->'$.dataSources' AS VARCHAR) AS data_sources,
  request_parameters->>'$.findingPublishingFrequency' AS publishing_frequency,
  CAST(request_parameters->'$.scanResourceCriteria.exclude' AS VARCHAR) AS scan_exclusions,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'guardduty.amazonaws.com'
  AND (request_parameters->>'$.enable') IS DISTINCT FROM 'false'
  AND ((event_name IN ('UpdateDetector', 'UpdateMemberDetectors')
        AND (list_contains(coalesce(json_extract_string(request_parameters, '$.features[*].status'), []), 'DISABLED')
             OR list_contains(coalesce(json_extract_string(request_parameters,
                  '$.features[*].additionalConfiguration[*].status'), []), 'DISABLED')
             OR (request_parameters->>'$.dataSources.s3Logs.enable') = 'false'
             OR (request_parameters->>'$.dataSources.kubernetes.auditLogs.enable') = 'false'
             OR (request_parameters->>'$.dataSources.malwareProtection.scanEc2InstanceWithFindings.ebsVolumes') = 'false'
             OR (request_parameters->>'$.findingPublishingFrequency') = 'SIX_HOURS'))
       OR (event_name = 'UpdateMalwareScanSettings'
           AND (request_parameters->'$.scanResourceCriteria.exclude') IS NOT NULL))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'security-alerting-removed',
    title: 'Security alarms, alert rules or CIS metric filters deleted or muted',
    description:
      'CloudWatch DeleteAlarms and DisableAlarmActions, EventBridge DisableRule, DeleteRule and RemoveTargets, and CloudWatch Logs DeleteMetricFilter, where an alarm, rule or filter name reads like security alerting (CIS filters such as UnauthorizedAPICalls or RootAccountUsage, GuardDuty or Security Hub forwarding, "security", "audit", "mfa"…): detections keep running but nobody is told. Names are the only clue CloudTrail gives, so operational alarms are left out by name.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives:
      'Rebuilding alerting with infrastructure-as-code, which deletes and re-creates the same names minutes apart.',
    family,
    sql: `WITH removals AS (
  SELECT
    *,
    CASE event_source
      WHEN 'monitoring.amazonaws.com' THEN coalesce(json_extract_string(request_parameters, '$.alarmNames[*]'), [])
      WHEN 'events.amazonaws.com' THEN [coalesce(request_parameters->>'$.name', request_parameters->>'$.rule')]
      ELSE [request_parameters->>'$.filterName']
    END AS names
  FROM events
  WHERE (event_source = 'monitoring.amazonaws.com' AND event_name IN ('DeleteAlarms', 'DisableAlarmActions'))
     OR (event_source = 'events.amazonaws.com' AND event_name IN ('DisableRule', 'DeleteRule', 'RemoveTargets'))
     OR (event_source = 'logs.amazonaws.com' AND event_name = 'DeleteMetricFilter')
)
SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  list_filter(names, lambda n: regexp_matches(coalesce(n, ''), '${SECURITY_NAME}')) AS security_names,
  names AS all_names,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM removals
WHERE len(list_filter(names, lambda n: regexp_matches(coalesce(n, ''), '${SECURITY_NAME}'))) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'config-recording-narrowed',
    title: 'AWS Config recorder narrowed to fewer resource types or daily recording',
    description:
      'PutConfigurationRecorder with recordingGroup.allSupported false, an inclusion or exclusion recording strategy, excluded resource types, or recordingMode DAILY: the recorder keeps running, so "is Config on" checks pass, while changes to the left-out resources (IAM roles and policies are the usual pick) go unrecorded or show up a day late.',
    severity: 'medium',
    attack: ['T1562.008', 'T1562.001'],
    false_positives:
      'Cost optimisation that records fewer resource types or daily, and secondary regions set not to record global IAM resources.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.configurationRecorder.name' AS recorder,
  CAST(request_parameters->'$.configurationRecorder.recordingGroup' AS VARCHAR) AS recording_group,
  CAST(request_parameters->'$.configurationRecorder.recordingMode' AS VARCHAR) AS recording_mode,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'config.amazonaws.com'
  AND event_name = 'PutConfigurationRecorder'
  AND ((request_parameters->>'$.configurationRecorder.recordingGroup.allSupported') = 'false'
       OR (request_parameters->>'$.configurationRecorder.recordingGroup.recordingStrategy.useOnly')
          IN ('INCLUSION_BY_RESOURCE_TYPES', 'EXCLUSION_BY_RESOURCE_TYPES')
       OR len(coalesce(json_extract_string(request_parameters,
            '$.configurationRecorder.recordingGroup.exclusionByResourceTypes.resourceTypes[*]'), [])) > 0
       OR (request_parameters->>'$.configurationRecorder.recordingMode.recordingFrequency') = 'DAILY')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'config-compliance-checks-removed',
    title: 'AWS Config conformance packs, organization rules, remediations or evaluations deleted',
    description:
      'DeleteConformancePack, DeleteOrganizationConformancePack, DeleteOrganizationConfigRule, DeleteRemediationConfiguration, DeleteEvaluationResults, DeleteConfigurationAggregator and DeleteAggregationAuthorization: compliance checks and their automatic fixes removed, or past evaluations erased, so that a misconfiguration the intruder needs stays unflagged and unrepaired.',
    severity: 'medium',
    attack: ['T1562.001'],
    false_positives: 'Replacing conformance packs with new versions and retiring aggregators during a reorganization.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.conformancePackName', request_parameters->>'$.organizationConformancePackName',
           request_parameters->>'$.organizationConfigRuleName', request_parameters->>'$.configRuleName',
           request_parameters->>'$.configurationAggregatorName', request_parameters->>'$.authorizedAccountId') AS target,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE event_source = 'config.amazonaws.com'
  AND event_name IN ('DeleteConformancePack', 'DeleteOrganizationConformancePack', 'DeleteOrganizationConfigRule',
                     'DeleteRemediationConfiguration', 'DeleteEvaluationResults', 'DeleteConfigurationAggregator',
                     'DeleteAggregationAuthorization')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
