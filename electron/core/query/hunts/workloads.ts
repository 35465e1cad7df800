import type { HuntingQuery } from '../../../../shared/model/hunting.ts';
import { PRINCIPAL } from './sql-parts.ts';

/** Hunts in workloads: pipelines, functions, instances and the organization. */
export const workloads: HuntingQuery[] = [
  {
    id: 'codepipeline-changed',
    title: 'CodePipeline pipelines created, updated or deleted',
    description:
      "Lifecycle changes to CodePipeline pipelines: a modified pipeline runs the intruder's step with the pipeline's role and ships their code to production. Open the pipeline history to see what changed; releases and infrastructure-as-code updates cause most of these.",
    attack: { id: 'T1195.002', name: 'Supply Chain Compromise: Compromise Software Supply Chain' },
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
      "UpdatePipeline attempts by an IAM user or role with no earlier successful create or update of that pipeline in the case: tampering through borrowed credentials. A principal's first legitimate change, and pipelines created before the logs begin, appear too; roles are compared by role, not by session.",
    attack: { id: 'T1195.002', name: 'Supply Chain Compromise: Compromise Software Supply Chain' },
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
      "New functions, new code, and configuration changes such as added layers, environment variables or roles: code an intruder runs with the function's permissions, often as a persistent backdoor. Deployments cause most of these; updates from unfamiliar principals or tools deserve a look.",
    attack: { id: 'T1648', name: 'Serverless Execution' },
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
      'Permissions added to function or layer resource policies, and function URLs created or changed: who may now invoke the code; a "*" principal or a foreign account is a backdoor. Event sources such as S3, SNS and API Gateway are granted this way routinely.',
    attack: { id: 'T1098', name: 'Account Manipulation' },
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
      "ModifyInstanceAttribute calls that replace an instance's user data, the script it runs as root at its next start: code execution on the instance, usually followed by a stop and start. Image and bootstrap maintenance does the same, rarely.",
    attack: { id: 'T1651', name: 'Cloud Administration Command' },
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
      'SSM Run Command and Session Manager sessions, EC2 Instance Connect and serial-console keys pushed: running code on instances, or stealing their role credentials, without a network path. Patching, configuration management and administrators use the same services daily.',
    attack: { id: 'T1651', name: 'Cloud Administration Command' },
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
      'Principals that asked for ten or more instances (the sum of maxCount over their RunInstances calls, successful or not) within a clock hour: the usual start of cryptomining on a stolen account. Auto Scaling does not call as a user, but batch jobs and load tests do.',
    attack: { id: 'T1496', name: 'Resource Hijacking' },
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
  arg_min(event_key, event_time) AS event_key
FROM launches
GROUP BY ALL
HAVING sum(requested) >= 10
ORDER BY event_time, principal`,
  },
  {
    id: 'organizations-membership-changed',
    title: 'Account left, joined or was moved out of an AWS Organization',
    description:
      'LeaveOrganization, invitations, accepted handshakes, account removal and creation: an account that leaves its organisation also leaves its guardrails (SCPs) and central logging. Planned re-organisations and new account vending do the same.',
    attack: { id: 'T1666', name: 'Modify Cloud Resource Hierarchy' },
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
