import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Workloads';

/** Hunts in workloads: pipelines, functions, instances and the organization. */
export const workloads: Detection[] = [
  {
    id: 'codepipeline-changed',
    title: 'CodePipeline pipelines created, updated or deleted',
    description:
      "Lifecycle changes to CodePipeline pipelines (created, updated, deleted): a modified pipeline runs the intruder's step with the pipeline's role and ships their code to production. Open the pipeline history to see what changed.",
    severity: 'low',
    attack: ['T1195.002'],
    false_positives: 'Releases and infrastructure-as-code updates cause most of these.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.pipeline.name', request_parameters->>'$.name') AS pipeline,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'codepipeline.amazonaws.com'
  AND event_name IN ('CreatePipeline', 'UpdatePipeline', 'DeletePipeline')
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-updated-by-new-principal',
    title: 'Pipelines updated by principals that had never changed them before',
    description:
      'UpdatePipeline attempts by an IAM user or role with no earlier successful create or update of that pipeline (same account and region) in the case: tampering through borrowed credentials. Roles are compared by role, not by session.',
    severity: 'medium',
    attack: ['T1195.002'],
    false_positives: "A principal's first legitimate change, and pipelines created before the logs begin, appear too.",
    family,
    origin: 'pack',
    sql: `WITH changes AS (
  SELECT
    *,
    coalesce(request_parameters->>'$.pipeline.name', request_parameters->>'$.name') AS pipeline,
    coalesce(session_issuer_arn, identity_arn) AS principal
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name IN ('CreatePipeline', 'UpdatePipeline')
)
SELECT
  u.event_time,
  u.event_key,
  u.pipeline,
  u.principal,
  u.identity_arn,
  u.source_ip,
  u.user_agent,
  u.error_code
FROM changes u
WHERE u.event_name = 'UpdatePipeline'
  AND NOT EXISTS (
    SELECT 1
    FROM changes earlier
    WHERE earlier.pipeline = u.pipeline
      AND earlier.recipient_account_id IS NOT DISTINCT FROM u.recipient_account_id
      AND earlier.aws_region IS NOT DISTINCT FROM u.aws_region
      AND earlier.principal = u.principal
      AND earlier.error_code IS NULL
      AND earlier.event_time < u.event_time
  )
ORDER BY u.event_time, u.event_key`,
  },
  {
    id: 'lambda-function-changed',
    title: 'Lambda functions created, or their code or configuration updated',
    description:
      "New Lambda functions, new code, and configuration changes such as added layers, environment variables or roles: code an intruder runs with the function's permissions, often as a persistent backdoor. Updates from unfamiliar principals or tools deserve a look.",
    severity: 'low',
    attack: ['T1648'],
    false_positives: 'Deployments cause most of these.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  -- CloudTrail suffixes Lambda event names with an API version, e.g. UpdateFunctionCode20150331v2
  event_name,
  coalesce(response_elements->>'$.functionName', request_parameters->>'$.functionName') AS function_name,
  coalesce(response_elements->'$.layers', request_parameters->'$.layers') AS layers,
  response_elements->>'$.role' AS execution_role,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'lambda.amazonaws.com'
  AND regexp_matches(event_name, '^(CreateFunction|UpdateFunctionCode|UpdateFunctionConfiguration)')
ORDER BY event_time, event_key`,
  },
  {
    id: 'lambda-permission-added',
    title: 'Lambda resource policies and function URLs opened',
    description:
      'Permissions added to Lambda function or layer resource policies, and function URLs created or changed: who may now invoke the code; a "*" principal or a foreign account is a backdoor.',
    severity: 'medium',
    attack: ['T1098'],
    false_positives: 'Event sources such as S3, SNS and API Gateway are granted invocation this way routinely.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.functionName' AS function_name,
  request_parameters->>'$.principal' AS granted_to,
  request_parameters->>'$.action' AS action,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'lambda.amazonaws.com'
  AND regexp_matches(event_name, '^(AddPermission|AddLayerVersionPermission|CreateFunctionUrlConfig|UpdateFunctionUrlConfig)')
ORDER BY event_time, event_key`,
  },
  {
    id: 'ec2-user-data-modified',
    title: 'EC2 instance user data changed',
    description:
      "ModifyInstanceAttribute calls that replace an instance's user data, the script it runs as root at its next start: code execution on the instance, usually followed by a stop and start.",
    severity: 'medium',
    attack: ['T1651'],
    false_positives: 'Image and bootstrap maintenance replaces user data too, rarely.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.instanceId' AS instance_id,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name = 'ModifyInstanceAttribute'
  AND json_exists(request_parameters, '$.userData')
ORDER BY event_time, event_key`,
  },
  {
    id: 'remote-commands-on-instances',
    title: 'Commands and sessions opened on instances from the control plane',
    description:
      'SSM Run Command and Session Manager sessions, and SSH keys pushed through EC2 Instance Connect or to the serial console: running code on instances, or stealing their role credentials, without a network path.',
    severity: 'low',
    attack: ['T1651', 'T1021.008'],
    false_positives: 'Patching, configuration management and administrators use the same services daily.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  coalesce(CAST(request_parameters->'$.instanceIds' AS VARCHAR),
           request_parameters->>'$.target',
           request_parameters->>'$.instanceId') AS targets,
  request_parameters->>'$.documentName' AS document,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE (event_source = 'ssm.amazonaws.com' AND event_name IN ('SendCommand', 'StartSession'))
   OR (event_source = 'ec2-instance-connect.amazonaws.com'
       AND event_name IN ('SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'))
ORDER BY event_time, event_key`,
  },
  {
    id: 'ec2-many-instances-launched',
    title: 'Many EC2 instances requested by one principal within an hour',
    description:
      'Principals that asked for ten or more EC2 instances (the sum of maxCount over their RunInstances calls, successful or not) within a clock hour: the usual start of cryptomining on a stolen account. The hit names every RunInstances call of the hour.',
    severity: 'medium',
    attack: ['T1496', 'T1496.001'],
    false_positives: 'Batch jobs and load tests launch fleets this way; Auto Scaling does not call as a user.',
    family,
    origin: 'pack',
    sql: `WITH launches AS (
  SELECT
    *,
    list_sum(CAST(json_extract_string(request_parameters, '$.instancesSet.items[*].maxCount') AS INTEGER[])) AS requested,
    coalesce(json_array_length(response_elements->'$.instancesSet.items'), 0) AS launched
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name = 'RunInstances'
)
SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 1 HOUR, event_time) AS hour,
  sum(requested) AS instances_requested,
  sum(launched) AS instances_launched,
  count(*) AS calls,
  count(error_code) AS failed_calls,
  list(DISTINCT (request_parameters->>'$.instanceType') ORDER BY (request_parameters->>'$.instanceType')) AS instance_types,
  list(DISTINCT aws_region ORDER BY aws_region) AS regions,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
FROM launches
GROUP BY ALL
HAVING sum(requested) >= 10
ORDER BY event_time, principal`,
  },
  {
    id: 'organizations-membership-changed',
    title: 'Account left, joined or was moved out of an AWS Organization',
    description:
      'LeaveOrganization, invitations, accepted handshakes, account removal, organization deletion and account creation: an account that leaves its organization also leaves its guardrails (SCPs) and central logging.',
    severity: 'medium',
    attack: ['T1666'],
    false_positives: 'Planned re-organisations and new account vending do the same.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.target.id', request_parameters->>'$.accountId', request_parameters->>'$.accountName') AS target,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'organizations.amazonaws.com'
  AND event_name IN ('LeaveOrganization', 'InviteAccountToOrganization', 'AcceptHandshake',
                     'RemoveAccountFromOrganization', 'DeleteOrganization', 'CreateAccount')
ORDER BY event_time, event_key`,
  },
];
