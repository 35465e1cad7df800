/**
 * pipeline_calls: the case's CodePipeline calls with the pipeline each names, kept beside
 * the events as they are committed. A pipeline's history then reads a few hundred rows of a
 * small table instead of searching millions of events (measured on 5M events: 550 ms before,
 * see docs/ARCHITECTURE.md). It is derived data, rebuilt from events whenever needed.
 */

export const LIFECYCLE_EVENTS = ['CreatePipeline', 'UpdatePipeline', 'DeletePipeline'];

/**
 * Calls that act on a pipeline between versions. GetPipeline is here because reading the
 * declaration is how an intruder learns what to change; the console's constant polling
 * (GetPipelineState, List*) is not.
 */
export const ACTIVITY_EVENTS = [
  'StartPipelineExecution',
  'StopPipelineExecution',
  'RetryStageExecution',
  'RollbackStage',
  'OverrideStageCondition',
  'PutApprovalResult',
  'DisableStageTransition',
  'EnableStageTransition',
  'PutActionRevision',
  'PutWebhook',
  'DeleteWebhook',
  'RegisterWebhookWithThirdParty',
  'DeregisterWebhookWithThirdParty',
  'TagResource',
  'UntagResource',
  'GetPipeline',
];

const WEBHOOK_ONLY_EVENTS = ['DeleteWebhook', 'RegisterWebhookWithThirdParty', 'DeregisterWebhookWithThirdParty'];

export const sqlList = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

export const PIPELINE_CALLS_TABLE = `
CREATE TABLE pipeline_calls (
  event_key VARCHAR NOT NULL,
  event_id VARCHAR,
  request_id VARCHAR,
  event_name VARCHAR NOT NULL,
  event_time TIMESTAMPTZ NOT NULL,
  account VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  pipeline_name VARCHAR,
  webhook_name VARCHAR,
  identity_type VARCHAR,
  actor_arn VARCHAR,
  user_name VARCHAR,
  access_key_id VARCHAR,
  session_issuer_arn VARCHAR,
  mfa BOOLEAN,
  source_ip VARCHAR,
  user_agent VARCHAR,
  error_code VARCHAR,
  error_message VARCHAR,
  request_parameters JSON,
  response_elements JSON
);`;

// Each CodePipeline operation names its pipeline in its own request field (botocore model).
const pipelineName = `CASE
    WHEN e.event_name IN ('CreatePipeline', 'UpdatePipeline')
      THEN coalesce(e.request_parameters->'pipeline'->>'name', e.response_elements->'pipeline'->>'name')
    WHEN e.event_name IN ('DeletePipeline', 'GetPipeline', 'StartPipelineExecution') THEN e.request_parameters->>'name'
    WHEN e.event_name = 'PutWebhook' THEN e.request_parameters->'webhook'->>'targetPipeline'
    WHEN e.event_name IN ('TagResource', 'UntagResource')
      THEN nullif(regexp_extract(e.request_parameters->>'resourceArn', '^arn:[^:]+:codepipeline:[^:]*:[^:]*:([^:]+)$', 1), '')
    WHEN e.event_name IN (${sqlList(WEBHOOK_ONLY_EVENTS)}) THEN NULL
    ELSE e.request_parameters->>'pipelineName'
  END`;

const webhookName = `CASE e.event_name
    WHEN 'PutWebhook' THEN e.request_parameters->'webhook'->>'name'
    WHEN 'DeleteWebhook' THEN e.request_parameters->>'name'
    ELSE e.request_parameters->>'webhookName'
  END`;

/**
 * Adds the CodePipeline calls among the events matching `where` (an expression over `e`).
 * The account is the recipient's; records that came through EventBridge lack it, so the
 * S3 key's account, then the caller's, stand in.
 */
export function insertPipelineCalls(where: string): string {
  return `INSERT INTO pipeline_calls
    SELECT e.event_key, e.event_id, e.request_id, e.event_name, e.event_time,
      coalesce(e.recipient_account_id, s.account_id, e.identity_account_id, '?'),
      coalesce(e.aws_region, s.region, '?'),
      ${pipelineName}, ${webhookName},
      e.identity_type, e.identity_arn, e.user_name, e.access_key_id, e.session_issuer_arn, e.session_mfa,
      e.source_ip, e.user_agent, e.error_code, e.error_message, e.request_parameters, e.response_elements
    FROM events e LEFT JOIN sources s ON s.source_id = e.source_id
    WHERE e.event_source = 'codepipeline.amazonaws.com'
      AND e.event_name IN (${sqlList([...LIFECYCLE_EVENTS, ...ACTIVITY_EVENTS])})
      AND (${where})`;
}
