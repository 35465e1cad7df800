import type { CallFacts, JsonValue } from '../../../shared/model/pipeline.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { ACTIVITY_EVENTS, LIFECYCLE_EVENTS, sqlList } from './pipeline-calls.ts';

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

export interface RecordFilter {
  /** Only the calls that may concern these pipelines (and those that name none). */
  names?: string[];
  account?: string;
  region?: string;
  /** Only Create/Update/DeletePipeline: what versions and lineages are made of. */
  lifecycleOnly?: boolean;
}

/** Reads the case's CodePipeline calls from pipeline_calls, oldest first. */
export async function readPipelineRecords(db: CaseReader, filter: RecordFilter = {}): Promise<PipelineRecord[]> {
  const events = filter.lifecycleOnly ? LIFECYCLE_EVENTS : [...LIFECYCLE_EVENTS, ...ACTIVITY_EVENTS];
  // Records that name no pipeline stay in: webhooks resolve later, and lifecycle calls whose
  // parameters were omitted for size are reported as possible versions of every pipeline.
  const conditions = [`event_name IN (${sqlList(events)})`];
  const values: Record<string, string> = {};
  if (filter.names !== undefined) {
    // One list bound as JSON, however many names: a list read re-reads every re-created pipeline.
    conditions.push('(pipeline_name IN (SELECT unnest(CAST($names AS JSON)::VARCHAR[])) OR pipeline_name IS NULL)');
    values.names = JSON.stringify(filter.names);
  }
  for (const key of ['account', 'region'] as const) {
    if (filter[key] === undefined) continue;
    conditions.push(`${key} = $${key}`);
    values[key] = filter[key];
  }
  const rows = await db.rows<
    Omit<PipelineRecord, 'request_parameters' | 'response_elements'> & {
      request_parameters: unknown;
      response_elements: unknown;
    }
  >(
    `SELECT * REPLACE (strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time)
     FROM pipeline_calls
     WHERE ${conditions.join(' AND ')}
     ORDER BY pipeline_calls.event_time, event_id, event_key`,
    values,
  );
  // The columns are named as PipelineRecord's fields; only the JSON ones need parsing.
  return rows.map((row) => ({
    ...row,
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
export function readActivitySpans(db: CaseReader): Promise<ActivitySpan[]> {
  return db.rows<ActivitySpan>(`
    SELECT account, region, pipeline_name AS name,
      strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') AS last
    FROM pipeline_calls
    WHERE event_name IN (${sqlList(ACTIVITY_EVENTS)}) AND pipeline_name IS NOT NULL
    GROUP BY ALL`);
}

function parseJson(value: unknown): JsonValue | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as JsonValue) : (value as JsonValue);
}
