import type { DuckDBConnection } from '@duckdb/node-api';
import type { CallFacts, JsonValue } from '../../../shared/model/pipeline.ts';

/** One CodePipeline call from the case, with the pipeline it names (when the request says). */
export interface PipelineRecord extends CallFacts {
  account: string;
  region: string;
  /** Null when the request does not say: webhook calls (resolved through PutWebhook), omitted parameters. */
  pipeline_name: string | null;
  webhook_name: string | null;
  error_code: string | null;
  error_message: string | null;
  request_parameters: JsonValue | null;
  response_elements: JsonValue | null;
}

export const LIFECYCLE_EVENTS = ['CreatePipeline', 'UpdatePipeline', 'DeletePipeline'];

/**
 * Calls that act on a pipeline between versions. GetPipeline is here because reading the
 * declaration is how an intruder learns what to change; the console's constant polling
 * (GetPipelineState, List*) is not.
 */
export const ACTIVITY_EVENTS = [
  'StartPipelineExecution', 'StopPipelineExecution', 'RetryStageExecution', 'RollbackStage',
  'OverrideStageCondition', 'PutApprovalResult', 'DisableStageTransition', 'EnableStageTransition',
  'PutActionRevision', 'PutWebhook', 'DeleteWebhook', 'RegisterWebhookWithThirdParty',
  'DeregisterWebhookWithThirdParty', 'TagResource', 'UntagResource', 'GetPipeline',
];

const WEBHOOK_ONLY_EVENTS = ['DeleteWebhook', 'RegisterWebhookWithThirdParty', 'DeregisterWebhookWithThirdParty'];

const list = (names: string[]) => names.map((n) => `'${n}'`).join(', ');

// Each CodePipeline operation names its pipeline in its own request field (botocore model).
const pipelineNameSql = `CASE
    WHEN e.event_name IN ('CreatePipeline', 'UpdatePipeline')
      THEN coalesce(e.request_parameters->'pipeline'->>'name', e.response_elements->'pipeline'->>'name')
    WHEN e.event_name IN ('DeletePipeline', 'GetPipeline', 'StartPipelineExecution') THEN e.request_parameters->>'name'
    WHEN e.event_name = 'PutWebhook' THEN e.request_parameters->'webhook'->>'targetPipeline'
    WHEN e.event_name IN ('TagResource', 'UntagResource')
      THEN nullif(regexp_extract(e.request_parameters->>'resourceArn', '^arn:[^:]+:codepipeline:[^:]*:[^:]*:([^:]+)$', 1), '')
    WHEN e.event_name IN (${list(WEBHOOK_ONLY_EVENTS)}) THEN NULL
    ELSE e.request_parameters->>'pipelineName'
  END`;

const webhookNameSql = `CASE e.event_name
    WHEN 'PutWebhook' THEN e.request_parameters->'webhook'->>'name'
    WHEN 'DeleteWebhook' THEN e.request_parameters->>'name'
    ELSE e.request_parameters->>'webhookName'
  END`;

export interface RecordFilter {
  /** Only the calls that may concern this pipeline (and those that name none). */
  name?: string;
  /** Only Create/Update/DeletePipeline: what versions and lineages are made of. */
  lifecycleOnly?: boolean;
}

// AWS allows pipeline names of these characters only, which JSON writes unescaped: such a name
// can be looked for in the raw JSON text before any of it is parsed.
const PLAIN_NAME = /^[A-Za-z0-9.@_-]+$/;

/**
 * Reads the case's CodePipeline calls, oldest first. The account is the recipient's; records
 * that came through EventBridge lack it, so the S3 key's account, then the caller's, stand in.
 */
export async function readPipelineRecords(db: DuckDBConnection, filter: RecordFilter = {}): Promise<PipelineRecord[]> {
  const events = filter.lifecycleOnly ? LIFECYCLE_EVENTS : [...LIFECYCLE_EVENTS, ...ACTIVITY_EVENTS];
  const textFilter = filter.name !== undefined && PLAIN_NAME.test(filter.name)
    ? `AND (contains(e.request_parameters::VARCHAR, $name) OR contains(e.response_elements::VARCHAR, $name) OR e.event_name IN (${list([...LIFECYCLE_EVENTS, ...WEBHOOK_ONLY_EVENTS])}))`
    : '';
  // Records that name no pipeline stay in: webhooks resolve later, and lifecycle calls whose
  // parameters were omitted for size are reported as possible versions of every pipeline.
  const nameFilter = filter.name === undefined ? '' : 'AND (pipeline_name = $name OR pipeline_name IS NULL)';
  const sql = `
    SELECT * FROM (
      SELECT e.event_key, e.event_id, e.request_id, e.event_name,
        strftime(e.event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time,
        coalesce(e.recipient_account_id, s.account_id, e.identity_account_id, '?') AS account,
        coalesce(e.aws_region, s.region, '?') AS region,
        ${pipelineNameSql} AS pipeline_name,
        ${webhookNameSql} AS webhook_name,
        e.identity_type, e.identity_arn AS actor_arn, e.user_name, e.access_key_id, e.session_issuer_arn,
        e.session_mfa AS mfa, e.source_ip, e.user_agent, e.error_code, e.error_message,
        e.request_parameters, e.response_elements
      FROM events e LEFT JOIN sources s ON s.source_id = e.source_id
      WHERE e.event_source = 'codepipeline.amazonaws.com' AND e.event_name IN (${list(events)}) ${textFilter})
    WHERE TRUE ${nameFilter}
    ORDER BY event_time, event_id, event_key`;
  const reader = await db.runAndReadAll(sql, filter.name === undefined ? undefined : { name: filter.name });
  // The columns are named as PipelineRecord's fields; only the JSON ones need parsing.
  return reader.getRowObjectsJson().map((row) => ({
    ...(row as unknown as PipelineRecord),
    request_parameters: parseJson(row.request_parameters),
    response_elements: parseJson(row.response_elements),
  }));
}

export interface ActivitySpan {
  account: string;
  region: string;
  name: string;
  first: string;
  last: string;
}

/**
 * When each pipeline's other calls began and ended, counted in DuckDB: a busy pipeline has
 * hundreds of thousands of executions, too many to read one by one for a list. Webhook calls
 * that name only the webhook are not counted here.
 */
export async function readActivitySpans(db: DuckDBConnection): Promise<ActivitySpan[]> {
  const reader = await db.runAndReadAll(`
    SELECT account, region, pipeline_name AS name,
      strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last
    FROM (
      SELECT coalesce(e.recipient_account_id, s.account_id, e.identity_account_id, '?') AS account,
        coalesce(e.aws_region, s.region, '?') AS region, ${pipelineNameSql} AS pipeline_name, e.event_time
      FROM events e LEFT JOIN sources s ON s.source_id = e.source_id
      WHERE e.event_source = 'codepipeline.amazonaws.com' AND e.event_name IN (${list(ACTIVITY_EVENTS)}))
    WHERE pipeline_name IS NOT NULL
    GROUP BY ALL`);
  return reader.getRowObjectsJson() as unknown as ActivitySpan[];
}

function parseJson(value: unknown): JsonValue | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as JsonValue) : (value as JsonValue);
}
