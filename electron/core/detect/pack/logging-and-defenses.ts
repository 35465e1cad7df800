import type { Detection } from '../../../../shared/model/detection.ts';

const family = 'Logging and defenses';

/** An intruder blinding the defenders: logging, detection and network controls. */
export const loggingAndDefenses: Detection[] = [
  {
    id: 'cloudtrail-logging-changed',
    title: 'CloudTrail logging stopped or changed',
    description:
      'Trails stopped, deleted or reconfigured, event selectors narrowed, and CloudTrail Lake event data stores deleted, changed or stopped: an intruder blinding the record you are reading, so what follows may be missing. Failed attempts are kept (see error_code): they show the intent.',
    severity: 'high',
    attack: ['T1562.008'],
    false_positives:
      'Administrators reorganising trails, moving logging to an organization trail or tuning event selectors make the same calls.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.name', request_parameters->>'$.trailName', request_parameters->>'$.eventDataStore') AS target,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'cloudtrail.amazonaws.com'
  AND event_name IN ('StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors',
                     'DeleteEventDataStore', 'UpdateEventDataStore', 'StopEventDataStoreIngestion')
ORDER BY event_time, event_key`,
  },
  {
    id: 'network-or-dns-logs-deleted',
    title: 'VPC flow logs, DNS query logs or log groups deleted',
    description:
      'Deleted VPC flow logs, Route 53 Resolver query logging deleted or detached from a VPC, and deleted CloudWatch log groups: the network and DNS evidence that would show exfiltration and command-and-control.',
    severity: 'medium',
    attack: ['T1562.008'],
    false_positives:
      'Teardown of test environments and infrastructure-as-code rebuilds delete flow logs and log groups too.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  coalesce(request_parameters->>'$.DeleteFlowLogsRequest.FlowLogId.content',
           request_parameters->>'$.resolverQueryLogConfigId',
           request_parameters->>'$.logGroupName') AS target,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE (event_source = 'ec2.amazonaws.com' AND event_name = 'DeleteFlowLogs')
   OR (event_source = 'route53resolver.amazonaws.com'
       AND event_name IN ('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'))
   OR (event_source = 'logs.amazonaws.com' AND event_name = 'DeleteLogGroup')
ORDER BY event_time, event_key`,
  },
  {
    id: 'security-services-disabled',
    title: 'GuardDuty, Security Hub, Config or Access Analyzer disabled',
    description:
      'GuardDuty detectors deleted or switched off ("enable": false), members disassociated, trusted-IP lists added; Security Hub or its standards disabled; Config recording stopped or its delivery channel or rules deleted; IAM Access Analyzer analyzers deleted: the alarms an intruder silences before acting.',
    severity: 'high',
    attack: ['T1562.001'],
    false_positives:
      'Planned account decommissioning, and consolidation into a delegated administrator account, disable or disassociate the same services.',
    family,
    origin: 'pack',
    sql: `WITH watched (event_source, event_name) AS (
  VALUES
    ('guardduty.amazonaws.com', 'DeleteDetector'),
    ('guardduty.amazonaws.com', 'UpdateDetector'),
    ('guardduty.amazonaws.com', 'DisassociateFromMasterAccount'),
    ('guardduty.amazonaws.com', 'DisassociateFromAdministratorAccount'),
    ('guardduty.amazonaws.com', 'DisassociateMembers'),
    ('guardduty.amazonaws.com', 'DeleteMembers'),
    ('guardduty.amazonaws.com', 'StopMonitoringMembers'),
    ('guardduty.amazonaws.com', 'DeletePublishingDestination'),
    ('guardduty.amazonaws.com', 'CreateIPSet'),
    ('securityhub.amazonaws.com', 'DisableSecurityHub'),
    ('securityhub.amazonaws.com', 'BatchDisableStandards'),
    ('securityhub.amazonaws.com', 'DisableImportFindingsForProduct'),
    ('securityhub.amazonaws.com', 'DisassociateFromMasterAccount'),
    ('securityhub.amazonaws.com', 'DisassociateFromAdministratorAccount'),
    ('config.amazonaws.com', 'StopConfigurationRecorder'),
    ('config.amazonaws.com', 'DeleteConfigurationRecorder'),
    ('config.amazonaws.com', 'DeleteDeliveryChannel'),
    ('config.amazonaws.com', 'DeleteConfigRule'),
    ('access-analyzer.amazonaws.com', 'DeleteAnalyzer')
)
SELECT
  e.event_time,
  e.event_key,
  e.event_source,
  e.event_name,
  e.identity_arn,
  e.source_ip,
  e.user_agent,
  e.error_code
FROM events e
JOIN watched USING (event_source, event_name)
-- UpdateDetector also tunes publishing frequency; only "enable": false turns GuardDuty off.
WHERE e.event_name <> 'UpdateDetector' OR (e.request_parameters->>'$.enable') = 'false'
ORDER BY e.event_time, e.event_key`,
  },
  {
    id: 'security-group-opened-to-world',
    title: 'Security group ingress opened to the whole internet',
    description:
      'Security group ingress rules added for 0.0.0.0/0 or ::/0 (any prefix of length 0), with their ports: a door opened for remote access or for a planted service. Narrower ranges such as 10.0.0.0/8 are left out.',
    severity: 'medium',
    attack: ['T1562.007'],
    false_positives: 'Public web tiers legitimately open ports 80 and 443 to everyone, so read the ports.',
    family,
    origin: 'pack',
    sql: `WITH ingress AS (
  SELECT
    *,
    CAST(request_parameters AS VARCHAR) AS request_text
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name = 'AuthorizeSecurityGroupIngress'
)
SELECT
  event_time,
  event_key,
  request_parameters->>'$.groupId' AS group_id,
  -- rules sit in ipPermissions.items[], or at the top level when the caller used the
  -- single-rule parameters (CidrIp, FromPort, ToPort)
  regexp_extract_all(request_text, '"cidrIp(?:v6)?"\\s*:\\s*"([^"]*/0)"', 1) AS open_to,
  list_distinct(regexp_extract_all(request_text, '"fromPort"\\s*:\\s*"?(-?\\d+)', 1)) AS from_ports,
  list_distinct(regexp_extract_all(request_text, '"toPort"\\s*:\\s*"?(-?\\d+)', 1)) AS to_ports,
  identity_arn,
  source_ip,
  error_code
FROM ingress
WHERE regexp_matches(request_text, '"cidrIp(?:v6)?"\\s*:\\s*"[^"]*/0"')
ORDER BY event_time, event_key`,
  },
  {
    id: 'kms-key-deletion-or-disable',
    title: 'KMS keys scheduled for deletion or disabled',
    description:
      'KMS keys scheduled for deletion or disabled: once a key is gone, everything encrypted under it is unreadable, which makes this a ransom and destruction lever. A CancelKeyDeletion afterwards shows a reversal.',
    severity: 'high',
    attack: ['T1485'],
    false_positives: 'Clean-ups of keys replaced by rotation or of retired workloads schedule the same deletions.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.keyId' AS key_id,
  request_parameters->>'$.pendingWindowInDays' AS pending_window_days,
  response_elements->>'$.deletionDate' AS deletion_date,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'kms.amazonaws.com'
  AND event_name IN ('ScheduleKeyDeletion', 'DisableKey')
ORDER BY event_time, event_key`,
  },
];
