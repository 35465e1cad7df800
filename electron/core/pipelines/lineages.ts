import type {
  CallFacts,
  JsonValue,
  PipelineActivity,
  PipelineHistory,
  PipelineLineage,
  PipelineVersion,
} from '../../../shared/model/pipeline.ts';
import { chooseDeclaration, isObject, requestedFromVersion, statedVersion } from './declaration.ts';
import { LIFECYCLE_EVENTS } from './pipeline-calls.ts';
import type { PipelineRecord } from './pipeline-records.ts';
import { versionChanges } from './version-changes.ts';
import { versionGaps } from './version-gaps.ts';

export const keyOf = (account: string, region: string, name: string) => JSON.stringify([account, region, name]);

const facts = (r: PipelineRecord): CallFacts => ({
  event_name: r.event_name,
  event_id: r.event_id,
  event_key: r.event_key,
  request_id: r.request_id,
  event_time: r.event_time,
  identity_type: r.identity_type,
  actor_arn: r.actor_arn,
  user_name: r.user_name,
  access_key_id: r.access_key_id,
  session_issuer_arn: r.session_issuer_arn,
  mfa: r.mfa,
  source_ip: r.source_ip,
  user_agent: r.user_agent,
});

// Within one second a create precedes an update, and an update a delete.
const LIFECYCLE_ORDER: Record<string, number> = { CreatePipeline: 0, UpdatePipeline: 1, DeletePipeline: 2 };

function compareLifecycle(a: PipelineRecord, b: PipelineRecord): number {
  return (
    a.event_time.localeCompare(b.event_time) ||
    LIFECYCLE_ORDER[a.event_name]! - LIFECYCLE_ORDER[b.event_name]! ||
    (statedVersion(a.response_elements) ?? 0) - (statedVersion(b.response_elements) ?? 0) ||
    a.event_key.localeCompare(b.event_key)
  );
}

interface OpenLineage {
  lineage: PipelineLineage;
  changes: PipelineRecord[];
}

/**
 * Groups a case's CodePipeline calls into pipelines, keyed by (account, region, name), and
 * each pipeline into lineages: a CreatePipeline starts one, a DeletePipeline ends it. The
 * records must be oldest first; versions are then ordered by number, never by file order.
 */
export function buildHistories(records: PipelineRecord[]): PipelineHistory[] {
  const { named, unnamed } = resolveWebhookTargets(records);
  const groups = new Map<string, PipelineRecord[]>();
  for (const record of named) {
    const key = keyOf(record.account, record.region, record.pipeline_name!);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const histories = [...groups.values()].map((group) => ({
    account: group[0]!.account,
    region: group[0]!.region,
    name: group[0]!.pipeline_name!,
    lineages: buildLineages(group),
  }));
  for (const history of histories) {
    for (const record of unnamed.filter((r) => r.account === history.account && r.region === history.region)) {
      lineageAt(history.lineages, record.event_time).gaps.push({
        kind: 'unattributed-record',
        from_version: null,
        to_version: null,
        message: `${record.event_name}${record.error_code ? ' (failed)' : ''} at ${record.event_time} (event ${record.event_id ?? record.event_key}) names no pipeline, its parameters omitted for size: it may be a change of this pipeline`,
      });
    }
  }
  return histories.sort(
    (a, b) => a.name.localeCompare(b.name) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  );
}

/**
 * DeleteWebhook and the third-party registrations name only the webhook; PutWebhook tells its
 * pipeline. Lifecycle calls that name nothing are kept apart: they cannot be placed.
 */
function resolveWebhookTargets(records: PipelineRecord[]): { named: PipelineRecord[]; unnamed: PipelineRecord[] } {
  const targets = new Map<string, string>();
  const named: PipelineRecord[] = [];
  const unnamed: PipelineRecord[] = [];
  for (const record of records) {
    const webhookKey = record.webhook_name === null ? null : keyOf(record.account, record.region, record.webhook_name);
    if (record.event_name === 'PutWebhook' && webhookKey && record.pipeline_name)
      targets.set(webhookKey, record.pipeline_name);
    const name = record.pipeline_name ?? (webhookKey ? targets.get(webhookKey) : undefined);
    if (name) named.push({ ...record, pipeline_name: name });
    else if (LIFECYCLE_EVENTS.includes(record.event_name)) unnamed.push(record);
  }
  return { named, unnamed };
}

function buildLineages(records: PipelineRecord[]): PipelineLineage[] {
  const base = { account: records[0]!.account, region: records[0]!.region, name: records[0]!.pipeline_name! };
  const open: OpenLineage[] = [];
  const start = () => {
    const lineage: PipelineLineage = {
      ...base,
      lineage: open.length + 1,
      versions: [],
      attempts: [],
      activity: [],
      gaps: [],
      changes: [],
      created: null,
      deleted: null,
      deleted_at: null,
    };
    open.push({ lineage, changes: [] });
    return open.at(-1)!;
  };

  const successful = records
    .filter((r) => LIFECYCLE_EVENTS.includes(r.event_name) && r.error_code === null)
    .sort(compareLifecycle);
  let current: OpenLineage | null = null;
  for (const record of successful) {
    if (record.event_name === 'CreatePipeline' || !current || current.lineage.deleted) {
      current = start();
      if (record.event_name === 'CreatePipeline') current.lineage.created = facts(record);
    }
    if (record.event_name === 'DeletePipeline') {
      current.lineage.deleted = facts(record);
      current.lineage.deleted_at = record.event_time;
    } else {
      current.changes.push(record);
    }
  }

  const changed = new Set(successful);
  const rest = records.filter((r) => !changed.has(r));
  if (open.length === 0 && rest.length > 0) start();
  for (const { lineage, changes } of open) {
    lineage.versions = numberVersions(changes);
    lineage.changes = versionChanges(lineage.versions, lineage.account);
  }
  for (const record of rest)
    attach(
      record,
      open.map((o) => o.lineage),
    );

  for (const [i, { lineage }] of open.entries()) {
    lineage.gaps = versionGaps(lineage.versions, lineage.created !== null);
    const replacedLater = i < open.length - 1 && open[i + 1]!.lineage.created !== null;
    if (replacedLater && !lineage.deleted) {
      lineage.gaps.push({
        kind: 'deletion-not-in-logs',
        from_version: null,
        to_version: null,
        message: 'the pipeline was created again later, but its deletion (DeletePipeline) is not in these logs',
      });
    }
  }
  return open.map((o) => o.lineage);
}

/** Numbers versions from what records state, counting only where they are silent. */
function numberVersions(changes: PipelineRecord[]): PipelineVersion[] {
  let previous = 0;
  const versions = changes.map((record): PipelineVersion => {
    const stated = statedVersion(record.response_elements);
    const fromRequest = record.event_name === 'UpdatePipeline' ? requestedFromVersion(record.request_parameters) : null;
    const counted = record.event_name === 'CreatePipeline' ? 1 : fromRequest !== null ? fromRequest + 1 : previous + 1;
    const version = stated ?? counted;
    previous = Math.max(previous, version);
    return {
      ...facts(record),
      version,
      version_derived: stated === null,
      ...chooseDeclaration(record.request_parameters, record.response_elements),
    };
  });
  return versions.sort((a, b) => a.version - b.version || a.event_time.localeCompare(b.event_time));
}

/** The lineage alive at a time: the last one begun by then, else the first. */
function lineageAt(lineages: PipelineLineage[], time: string): PipelineLineage {
  let found = lineages[0]!;
  for (const lineage of lineages) {
    const start = [lineage.created?.event_time, lineage.versions[0]?.event_time, lineage.deleted_at]
      .filter((t): t is string => !!t)
      .sort()[0];
    if (start !== undefined && start <= time) found = lineage;
  }
  return found;
}

/** Failed changes become attempts and other calls activity, in the lineage alive at their time. */
function attach(record: PipelineRecord, lineages: PipelineLineage[]) {
  const lineage = lineageAt(lineages, record.event_time);
  const call = facts(record);
  if (LIFECYCLE_EVENTS.includes(record.event_name)) {
    lineage.attempts.push({ ...call, error_code: record.error_code!, error_message: record.error_message });
    return;
  }
  const inForce = lineage.versions
    .filter((v) => v.event_time <= record.event_time)
    .sort((a, b) => a.event_time.localeCompare(b.event_time) || a.version - b.version)
    .at(-1);
  const activity: PipelineActivity = {
    ...call,
    error_code: record.error_code,
    error_message: record.error_message,
    during_version: inForce?.version ?? null,
    details: activityDetails(record),
  };
  lineage.activity.push(activity);
}

const NAME_FIELDS = new Set(['name', 'pipelineName', 'token', 'clientRequestToken']);
const MAX_DETAIL = 300;

/** The request's own fields, as text, minus the pipeline name every call repeats. */
function activityDetails(record: PipelineRecord): Record<string, string> {
  const details: Record<string, string> = {};
  const add = (key: string, value: JsonValue) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    details[key] = text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
  };
  if (isObject(record.request_parameters)) {
    for (const [key, value] of Object.entries(record.request_parameters))
      if (!NAME_FIELDS.has(key) && value !== null) add(key, value);
  }
  if (isObject(record.response_elements) && typeof record.response_elements.pipelineExecutionId === 'string') {
    add('pipelineExecutionId', record.response_elements.pipelineExecutionId);
  }
  return details;
}
