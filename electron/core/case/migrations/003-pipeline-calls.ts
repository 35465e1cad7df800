/**
 * The CodePipeline calls of the case, indexed by pipeline; filled from events already loaded.
 * Frozen as shipped: the table's shape and the calls it took then, whatever the pipeline code
 * says today (it writes the same table at ingest, and a later change to it is a new migration).
 */
export const sql = `
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
);
INSERT INTO pipeline_calls
    SELECT e.event_key, e.event_id, e.request_id, e.event_name, e.event_time,
      coalesce(e.recipient_account_id, s.account_id, e.identity_account_id, '?'),
      coalesce(e.aws_region, s.region, '?'),
      CASE
    WHEN e.event_name IN ('CreatePipeline', 'UpdatePipeline')
      THEN coalesce(e.request_parameters->'pipeline'->>'name', e.response_elements->'pipeline'->>'name')
    WHEN e.event_name IN ('DeletePipeline', 'GetPipeline', 'StartPipelineExecution') THEN e.request_parameters->>'name'
    WHEN e.event_name = 'PutWebhook' THEN e.request_parameters->'webhook'->>'targetPipeline'
    WHEN e.event_name IN ('TagResource', 'UntagResource')
      THEN nullif(regexp_extract(e.request_parameters->>'resourceArn', '^arn:[^:]+:codepipeline:[^:]*:[^:]*:([^:]+)$', 1), '')
    WHEN e.event_name IN ('DeleteWebhook', 'RegisterWebhookWithThirdParty', 'DeregisterWebhookWithThirdParty') THEN NULL
    ELSE e.request_parameters->>'pipelineName'
  END, CASE e.event_name
    WHEN 'PutWebhook' THEN e.request_parameters->'webhook'->>'name'
    WHEN 'DeleteWebhook' THEN e.request_parameters->>'name'
    ELSE e.request_parameters->>'webhookName'
  END,
      e.identity_type, e.identity_arn, e.user_name, e.access_key_id, e.session_issuer_arn, e.session_mfa,
      e.source_ip, e.user_agent, e.error_code, e.error_message, e.request_parameters, e.response_elements
    FROM events e LEFT JOIN sources s ON s.source_id = e.source_id
    WHERE e.event_source = 'codepipeline.amazonaws.com'
      AND e.event_name IN ('CreatePipeline', 'UpdatePipeline', 'DeletePipeline', 'StartPipelineExecution', 'StopPipelineExecution', 'RetryStageExecution', 'RollbackStage', 'OverrideStageCondition', 'PutApprovalResult', 'DisableStageTransition', 'EnableStageTransition', 'PutActionRevision', 'PutWebhook', 'DeleteWebhook', 'RegisterWebhookWithThirdParty', 'DeregisterWebhookWithThirdParty', 'TagResource', 'UntagResource', 'GetPipeline')
      AND (TRUE);`;
