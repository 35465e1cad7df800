import type { Detection } from '../../../../shared/model/detection.ts';
import { ACTOR, CODEPIPELINE_FAMILY, EARLIER, firstSuccess } from './cicd-parts.ts';

const RUNS = `('StartPipelineExecution', 'RetryStageExecution', 'OverrideStageCondition', 'RollbackStage')`;

/** What is done to and with a pipeline besides editing its declaration. */
export const codepipelineOperations: Detection[] = [
  {
    id: 'codepipeline-webhook-loosened',
    title: 'Pipeline webhook made unauthenticated or its filters removed',
    description:
      'PutWebhook that sets authentication to UNAUTHENTICATED, or that drops a filter (jsonPath and matchEquals, such as $.ref = refs/heads/{Branch}) the last successful PutWebhook of the same webhook in the case had. Without its secret anyone who finds the URL can start the pipeline, and without its filters a push to any branch starts it: poisoned pipeline execution made easy. Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1677', 'T1195.002'],
    false_positives:
      "Webhooks for sources that cannot sign their requests (though IP authentication, which checks the caller's address, would do), and filters rewritten for a new branch.",
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH puts AS (
  SELECT
    *,
    request_parameters->>'$.webhook.name' AS webhook,
    request_parameters->>'$.webhook.targetPipeline' AS pipeline,
    request_parameters->>'$.webhook.authentication' AS authentication,
    list_sort(list_transform(
      json_extract(request_parameters, '$.webhook.filters[*]'),
      lambda f: concat_ws(' = ', f->>'$.jsonPath', f->>'$.matchEquals'))) AS filters
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name = 'PutWebhook'
),
compared AS (
  SELECT
    *,
    last_value(CASE WHEN error_code IS NULL THEN filters END IGNORE NULLS) OVER ${EARLIER('webhook')}
      AS previous_filters
  FROM puts
)
SELECT
  event_time,
  event_key,
  webhook,
  pipeline,
  authentication,
  list_filter(coalesce(previous_filters, []), lambda f: NOT list_contains(filters, f)) AS removed_filters,
  filters,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE authentication = 'UNAUTHENTICATED'
   OR len(list_filter(coalesce(previous_filters, []), lambda f: NOT list_contains(filters, f))) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-webhook-removed',
    title: 'Pipeline webhook deleted or deregistered without a replacement',
    description:
      "DeleteWebhook or DeregisterWebhookWithThirdParty that succeeded, with no successful PutWebhook of the same webhook in the hour after, nor of another webhook for the same pipeline in the hour before or after (the pipeline is resolved from the webhook's last PutWebhook in the case). The pipeline no longer runs on pushes: security scans and tests in it stop running, and a silent source is a step towards re-pointing it.",
    severity: 'low',
    attack: ['T1562.001', 'T1195.002'],
    false_positives:
      'Pipelines retired or moved to polling or to V2 triggers, and replacements that take more than an hour.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH puts AS (
  SELECT
    event_time, recipient_account_id, aws_region,
    request_parameters->>'$.webhook.name' AS webhook,
    request_parameters->>'$.webhook.targetPipeline' AS pipeline
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name = 'PutWebhook'
    AND error_code IS NULL
),
removals AS (
  SELECT
    r.*,
    coalesce(r.request_parameters->>'$.name', r.request_parameters->>'$.webhookName') AS webhook,
    (SELECT arg_max(p.pipeline, p.event_time) FROM puts p
      WHERE p.recipient_account_id IS NOT DISTINCT FROM r.recipient_account_id
        AND p.aws_region IS NOT DISTINCT FROM r.aws_region
        AND p.webhook = coalesce(r.request_parameters->>'$.name', r.request_parameters->>'$.webhookName')
        AND p.event_time <= r.event_time) AS pipeline
  FROM events r
  WHERE r.event_source = 'codepipeline.amazonaws.com'
    AND r.event_name IN ('DeleteWebhook', 'DeregisterWebhookWithThirdParty')
    AND r.error_code IS NULL
)
SELECT
  r.event_time,
  r.event_key,
  r.event_name,
  r.webhook,
  r.pipeline,
  r.identity_arn,
  r.source_ip,
  r.user_agent
FROM removals r
WHERE NOT EXISTS (
  SELECT 1
  FROM puts p
  WHERE p.recipient_account_id IS NOT DISTINCT FROM r.recipient_account_id
    AND p.aws_region IS NOT DISTINCT FROM r.aws_region
    AND ((p.webhook = r.webhook AND p.event_time > r.event_time AND p.event_time <= r.event_time + INTERVAL 1 HOUR)
      OR (p.webhook <> r.webhook AND p.pipeline = r.pipeline
          AND p.event_time BETWEEN r.event_time - INTERVAL 1 HOUR AND r.event_time + INTERVAL 1 HOUR))
)
ORDER BY r.event_time, r.event_key`,
  },
  {
    id: 'codepipeline-deleted',
    title: 'Pipeline deleted',
    description:
      'DeletePipeline calls that succeeded, except a pipeline that the same principal (role or user) created in the 24 hours before: a scratch pipeline cleaned up by its author. Deleting a release pipeline stops delivery and the checks it runs, and erases its definition, which CloudTrail then holds only in earlier CreatePipeline and UpdatePipeline records.',
    severity: 'medium',
    attack: ['T1485', 'T1562.001'],
    false_positives: 'Pipelines retired or replaced, and infrastructure-as-code stacks torn down.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH deletions AS (
  SELECT *, ${ACTOR} AS actor, request_parameters->>'$.name' AS pipeline
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name = 'DeletePipeline'
    AND error_code IS NULL
),
creations AS (
  SELECT
    event_time, recipient_account_id, aws_region, ${ACTOR} AS actor,
    request_parameters->>'$.pipeline.name' AS pipeline
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name = 'CreatePipeline'
    AND error_code IS NULL
)
SELECT
  d.event_time,
  d.event_key,
  d.pipeline,
  d.identity_arn,
  d.source_ip,
  d.user_agent
FROM deletions d
WHERE NOT EXISTS (
  SELECT 1
  FROM creations c
  WHERE c.recipient_account_id IS NOT DISTINCT FROM d.recipient_account_id
    AND c.aws_region IS NOT DISTINCT FROM d.aws_region
    AND c.pipeline = d.pipeline
    AND c.actor = d.actor
    AND c.event_time BETWEEN d.event_time - INTERVAL 24 HOUR AND d.event_time
)
ORDER BY d.event_time, d.event_key`,
  },
  {
    id: 'codepipeline-run-by-new-principal',
    title: 'Pipeline started, retried or forced on by a principal new to it',
    description:
      'StartPipelineExecution, RetryStageExecution, OverrideStageCondition or RollbackStage by a principal (role, or IAM user) that had never run, retried, created or updated that pipeline before in the case, on a pipeline that others had already run in the case. Running a pipeline (with sourceRevisions, any commit) or forcing a stage past its conditions is how stolen credentials push code to production without editing anything. Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1677', 'T1078.004'],
    false_positives:
      'New team members and new automation (an EventBridge rule, a chat-ops role) running a pipeline for the first time.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH calls AS (
  SELECT
    *,
    ${ACTOR} AS actor,
    coalesce(request_parameters->>'$.name', request_parameters->>'$.pipelineName',
             request_parameters->>'$.pipeline.name') AS pipeline
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name IN ('StartPipelineExecution', 'RetryStageExecution', 'OverrideStageCondition', 'RollbackStage',
                       'CreatePipeline', 'UpdatePipeline')
),
firsts AS (
  SELECT
    *,
    ${firstSuccess('pipeline, actor')} AS actor_first_seen,
    ${firstSuccess('pipeline', `event_name IN ${RUNS}`)} AS first_run
  FROM calls
)
SELECT
  event_time,
  event_key,
  event_name,
  pipeline,
  request_parameters->>'$.stageName' AS stage,
  request_parameters->'$.sourceRevisions' AS source_revisions,
  actor AS principal,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM firsts
WHERE event_name IN ${RUNS}
  AND first_run < event_time
  AND (actor_first_seen IS NULL OR actor_first_seen >= event_time)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-approval-by-updater',
    title: 'Manual approval given by whoever last changed the pipeline',
    description:
      'PutApprovalResult with status Approved, made by the same identity (the same IAM user, or the same role session) that made the latest successful CreatePipeline or UpdatePipeline of that pipeline before it. A manual approval is a second pair of eyes; one person who changes a pipeline and approves its run has defeated it, which is what an intruder holding one credential does.',
    severity: 'high',
    attack: ['T1562.001', 'T1195.002', 'T1677'],
    false_positives:
      'Small teams where the pipeline owner is also the approver, and shared role sessions (one session name for several people).',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH changes AS (
  SELECT
    event_time AS changed_at,
    event_key AS change_event,
    recipient_account_id,
    aws_region,
    request_parameters->>'$.pipeline.name' AS pipeline,
    identity_arn AS changed_by
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name IN ('CreatePipeline', 'UpdatePipeline')
    AND error_code IS NULL
),
approvals AS (
  SELECT *, request_parameters->>'$.pipelineName' AS pipeline
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name = 'PutApprovalResult'
    AND (request_parameters->>'$.result.status') = 'Approved'
    AND error_code IS NULL
)
SELECT
  a.event_time,
  a.event_key,
  a.pipeline,
  a.request_parameters->>'$.stageName' AS stage,
  a.request_parameters->>'$.actionName' AS action,
  a.identity_arn AS approved_by,
  c.change_event,
  c.changed_at,
  a.source_ip,
  a.user_agent
FROM approvals a
ASOF JOIN changes c
  ON a.recipient_account_id = c.recipient_account_id
  AND a.aws_region = c.aws_region
  AND a.pipeline = c.pipeline
  AND a.event_time >= c.changed_at
WHERE c.changed_by = a.identity_arn
ORDER BY a.event_time, a.event_key`,
  },
];
