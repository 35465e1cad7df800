import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Images and functions';

/*
 * CloudTrail names Lambda calls with their API version (CreateFunction20150331,
 * UpdateFunctionCode20150331v2, AddPermission20150331v2, CreateFunctionUrlConfig20211031), so
 * rules match a name followed by a digit: "CreateFunction" alone would also take
 * CreateFunctionUrlConfig.
 */

/** A role is compared by role, not by session: each CI run or console sign-in is a new session. */
const ACTOR = `coalesce(session_issuer_arn, identity_arn)`;

/** The function's name, whether the caller gave a name, a full or partial ARN, or name:qualifier. */
const FUNCTION = `split_part(coalesce(nullif(regexp_extract(request_parameters->>'$.functionName', ':function:(.+)$', 1), ''),
                             request_parameters->>'$.functionName'), ':', 1)`;

/** Lambda functions: where their code and layers come from, who may call them, what triggers them. */
export const lambdaFunctions: Detection[] = [
  {
    id: 'lambda-image-from-another-account',
    title: "Lambda function running a container image from another account's registry",
    description:
      "CreateFunction or UpdateFunctionCode whose container image URI (<account>.dkr.ecr.<region>.amazonaws.com/...) points at an ECR registry of another account: the function now runs code its owner does not control, with the function's role. Zip packages from S3 cannot be judged this way (the bucket's owner is not in the record).",
    severity: 'high',
    attack: ['T1204.003', 'T1525', 'T1648'],
    false_positives:
      "A central build or shared-images account of the organisation that serves every workload account's functions.",
    family,
    sql: `WITH deployments AS (
  SELECT
    *,
    coalesce(request_parameters->>'$.code.imageUri', request_parameters->>'$.imageUri') AS image_uri,
    regexp_extract(coalesce(request_parameters->>'$.code.imageUri', request_parameters->>'$.imageUri'),
                   '^([0-9]{12})\\.dkr\\.ecr\\.', 1) AS registry_account
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^(CreateFunction|UpdateFunctionCode)[0-9]')
)
SELECT
  event_time,
  event_key,
  event_name,
  ${FUNCTION} AS function_name,
  image_uri,
  registry_account,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM deployments
WHERE registry_account <> ''
  AND registry_account IS DISTINCT FROM recipient_account_id
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-layer-from-another-account',
    title: 'Lambda function given a layer published by another account',
    description:
      "CreateFunction or UpdateFunctionConfiguration whose layers include a layer version ARN of an account other than the function's: the layer's code (or extension, which runs beside every invocation) comes from whoever controls that account, sees the function's events and can use its role.",
    severity: 'medium',
    attack: ['T1195.002', 'T1648'],
    false_positives:
      "Layers published by AWS or by vendors (monitoring, security agents, Parameters and Secrets extension) from their own accounts, and the organisation's shared-layers account; check the account ids.",
    family,
    sql: `WITH configurations AS (
  SELECT
    *,
    list_filter(json_extract_string(request_parameters, '$.layers[*]'),
                lambda l: split_part(l, ':', 5) <> recipient_account_id) AS foreign_layers
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^(CreateFunction|UpdateFunctionConfiguration)[0-9]')
)
SELECT
  event_time,
  event_key,
  event_name,
  ${FUNCTION} AS function_name,
  foreign_layers,
  list_distinct(list_transform(foreign_layers, lambda l: split_part(l, ':', 5))) AS layer_accounts,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM configurations
WHERE len(foreign_layers) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-function-url-without-auth',
    title: 'Lambda function URL created or changed with no authentication',
    description:
      'CreateFunctionUrlConfig or UpdateFunctionUrlConfig with authType NONE: the function gets a public HTTPS endpoint that anyone on the internet can call without signing, a ready backdoor that runs code with the function\'s role. (Lambda also needs a resource-policy statement for "*", reported by lambda-resource-policy-opened.)',
    severity: 'high',
    attack: ['T1098', 'T1648'],
    false_positives: 'Public webhooks and APIs that authenticate callers in their own code.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  ${FUNCTION} AS function_name,
  request_parameters->>'$.qualifier' AS qualifier,
  request_parameters->'$.cors' AS cors,
  response_elements->>'$.functionUrl' AS function_url,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'lambda.amazonaws.com'
  AND regexp_matches(event_name, '^(CreateFunctionUrlConfig|UpdateFunctionUrlConfig)[0-9]')
  AND (request_parameters->>'$.authType') = 'NONE'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-resource-policy-opened',
    title: 'Lambda function or layer opened to everyone or to another account',
    description:
      'AddPermission granting "*" with no sourceAccount, sourceArn or principalOrgID to narrow it, or granting another AWS account; AddLayerVersionPermission granting "*" without an organizationId, or another account. Anyone (or that account) may now invoke the function, or copy the layer\'s code. Grants to AWS services and to the account itself are not reported.',
    severity: 'high',
    attack: ['T1098', 'T1648'],
    false_positives:
      'Cross-account event sources and callers of the organisation (another account invoking a shared function), public layers published on purpose, and the console\'s "*" statement for a function URL that is public by design.',
    family,
    sql: `WITH grants AS (
  SELECT
    *,
    request_parameters->>'$.principal' AS grantee,
    nullif(regexp_extract(request_parameters->>'$.principal', '([0-9]{12})', 1), '') AS grantee_account
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^(AddPermission|AddLayerVersionPermission)([0-9]|$)')
)
SELECT
  event_time,
  event_key,
  event_name,
  coalesce(${FUNCTION}, request_parameters->>'$.layerName') AS resource,
  grantee,
  request_parameters->>'$.action' AS action,
  request_parameters->>'$.functionUrlAuthType' AS function_url_auth_type,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM grants
WHERE (grantee = '*'
       AND (request_parameters->>'$.sourceAccount') IS NULL
       AND (request_parameters->>'$.sourceArn') IS NULL
       AND (request_parameters->>'$.principalOrgID') IS NULL
       AND (request_parameters->>'$.organizationId') IS NULL)
   OR (grantee_account IS NOT NULL AND grantee_account IS DISTINCT FROM recipient_account_id)
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-code-updated-by-new-principal',
    title: 'Lambda code replaced by a principal that had never deployed that function',
    description:
      'UpdateFunctionCode on a function that another principal created or deployed earlier in the case, by an IAM user or role with no earlier successful create or code update of it (same account and region; roles compared by role, not by session). Overwriting the code of a trusted function is a quiet persistence: its triggers, URL and role stay as they were.',
    severity: 'medium',
    attack: ['T1648', 'T1525'],
    false_positives:
      "A new deployment role or pipeline, an engineer's emergency fix from the console; functions deployed before the logs begin have no known deployer.",
    family,
    sql: `WITH deployments AS (
  SELECT
    *,
    ${FUNCTION} AS function_name,
    ${ACTOR} AS deployer
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^(CreateFunction|UpdateFunctionCode)[0-9]')
)
SELECT
  u.event_time,
  u.event_key,
  u.function_name,
  u.deployer,
  (SELECT list(DISTINCT o.deployer ORDER BY o.deployer) FROM deployments o
   WHERE o.function_name = u.function_name AND o.recipient_account_id IS NOT DISTINCT FROM u.recipient_account_id
     AND o.aws_region IS NOT DISTINCT FROM u.aws_region AND o.error_code IS NULL
     AND o.event_time < u.event_time) AS earlier_deployers,
  u.response_elements->>'$.codeSha256' AS code_sha256,
  u.source_ip,
  u.user_agent,
  u.error_code
FROM deployments u
WHERE starts_with(u.event_name, 'UpdateFunctionCode')
  AND EXISTS (
    SELECT 1 FROM deployments o
    WHERE o.function_name = u.function_name AND o.recipient_account_id IS NOT DISTINCT FROM u.recipient_account_id
      AND o.aws_region IS NOT DISTINCT FROM u.aws_region AND o.error_code IS NULL
      AND o.event_time < u.event_time AND o.deployer IS DISTINCT FROM u.deployer
  )
  AND NOT EXISTS (
    SELECT 1 FROM deployments o
    WHERE o.function_name = u.function_name AND o.recipient_account_id IS NOT DISTINCT FROM u.recipient_account_id
      AND o.aws_region IS NOT DISTINCT FROM u.aws_region AND o.error_code IS NULL
      AND o.event_time < u.event_time AND o.deployer = u.deployer
  )
ORDER BY u.event_time, u.event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-environment-variables-changed',
    title: "Lambda function's environment variables changed",
    description:
      "UpdateFunctionConfiguration carrying environment variables (CloudTrail may hide their values): a changed variable can point the function at an intruder's endpoint or bucket, or make the runtime load their code (AWS_LAMBDA_EXEC_WRAPPER, NODE_OPTIONS, PYTHONSTARTUP, JAVA_TOOL_OPTIONS) on every invocation. An empty environment is not reported.",
    severity: 'low',
    attack: ['T1648'],
    false_positives: 'Deployments and configuration changes made through the console, CLI or infrastructure as code.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  ${FUNCTION} AS function_name,
  request_parameters->'$.environment.variables' AS variables,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'lambda.amazonaws.com'
  AND starts_with(event_name, 'UpdateFunctionConfiguration')
  AND json_exists(request_parameters, '$.environment.variables')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-layer-newly-attached',
    title: 'Layer attached to a Lambda function that had not used it before',
    description:
      'UpdateFunctionConfiguration whose layers include a layer (compared by name, any version) that no earlier create or configuration event in the case shows on that function: a layer or extension runs inside every invocation and is a favourite persistence. Moving an attached layer to a new version is not reported.',
    severity: 'medium',
    attack: ['T1648', 'T1195.002'],
    false_positives:
      'A team adding a monitoring or utility layer; functions configured before the logs begin have no known layers, so their first layer change in the case appears.',
    family,
    sql: `WITH configurations AS (
  SELECT
    *,
    ${FUNCTION} AS function_name,
    list_transform(json_extract_string(request_parameters, '$.layers[*]'),
                   lambda l: regexp_replace(l, ':[0-9]+$', '')) AS requested,
    list_transform(
      CASE WHEN json_exists(response_elements, '$.layers') THEN json_extract_string(response_elements, '$.layers[*].arn')
           ELSE json_extract_string(request_parameters, '$.layers[*]') END,
      lambda l: regexp_replace(l, ':[0-9]+$', '')) AS known_after
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^(CreateFunction|UpdateFunctionConfiguration)[0-9]')
), judged AS (
  SELECT
    c.*,
    coalesce((SELECT list_distinct(flatten(list(o.known_after))) FROM configurations o
              WHERE o.function_name = c.function_name AND o.recipient_account_id IS NOT DISTINCT FROM c.recipient_account_id
                AND o.aws_region IS NOT DISTINCT FROM c.aws_region AND o.error_code IS NULL
                AND o.event_time < c.event_time), []) AS known_before
  FROM configurations c
  WHERE starts_with(c.event_name, 'UpdateFunctionConfiguration')
)
SELECT
  event_time,
  event_key,
  function_name,
  list_filter(requested, lambda l: NOT list_contains(known_before, l)) AS new_layers,
  known_before AS layers_seen_before,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM judged
WHERE len(list_filter(requested, lambda l: NOT list_contains(known_before, l))) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'lambda-event-source-mapping-on-new-function',
    title: 'Event source mapping created for a function its creator made within the day',
    description:
      'CreateEventSourceMapping by the principal that created the target function within the previous 24 hours: a new function wired to a queue, stream or table runs without anyone invoking it. This is the known escalation path (iam:PassRole + lambda:CreateFunction + lambda:CreateEventSourceMapping) that runs code with a more privileged role, and a way to read every message of a stream.',
    severity: 'medium',
    attack: ['T1648'],
    false_positives: 'Engineers and deployment tools setting up a new consumer function and its trigger together.',
    family,
    sql: `WITH creations AS (
  SELECT event_time, event_key, recipient_account_id, aws_region, ${FUNCTION} AS function_name, ${ACTOR} AS creator
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^CreateFunction[0-9]')
    AND error_code IS NULL
), mappings AS (
  SELECT *, ${FUNCTION} AS function_name, ${ACTOR} AS mapper
  FROM events
  WHERE event_source = 'lambda.amazonaws.com'
    AND regexp_matches(event_name, '^CreateEventSourceMapping[0-9]')
)
SELECT
  c.event_time,
  c.event_key,
  [c.event_key, m.event_key] AS event_keys,
  m.function_name,
  m.request_parameters->>'$.eventSourceArn' AS event_source_arn,
  m.event_time AS mapped_at,
  m.mapper AS principal,
  m.source_ip,
  m.user_agent,
  m.error_code
FROM mappings m
JOIN creations c
  ON c.function_name = m.function_name
 AND c.recipient_account_id IS NOT DISTINCT FROM m.recipient_account_id
 AND c.aws_region IS NOT DISTINCT FROM m.aws_region
 AND c.creator = m.mapper
 AND c.event_time <= m.event_time
 AND c.event_time > m.event_time - INTERVAL 24 HOUR
QUALIFY row_number() OVER (PARTITION BY m.event_key ORDER BY c.event_time DESC) = 1
ORDER BY c.event_time, c.event_key`,
    origin: 'pack',
  },
];
