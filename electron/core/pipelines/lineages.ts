import type {
  CallFacts,
  JsonValue,
  PipelineActivity,
  PipelineHistory,
  PipelineLineage,
  PipelineVersion,
} from '../../../shared/model/pipeline.ts';
import {
  chooseDeclaration,
  impossibleStatedVersion,
  isObject,
  requestedFromVersion,
  statedVersion,
} from './declaration.ts';
import { LIFECYCLE_EVENTS } from './pipeline-calls.ts';
import type { PipelineRecord } from './pipeline-records.ts';
import { versionChanges } from './version-changes.ts';
import { unattributedGap, versionGaps } from './version-gaps.ts';

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
  /** When its first call was made; lineages open in time order, so these ascend. */
  start: string;
}

/** Records by key, each group in their order. */
function groupBy(records: PipelineRecord[], key: (record: PipelineRecord) => string): Map<string, PipelineRecord[]> {
  const groups = new Map<string, PipelineRecord[]>();
  for (const record of records) {
    const group = groups.get(key(record));
    if (group) group.push(record);
    else groups.set(key(record), [record]);
  }
  return groups;
}

const regionKey = (record: PipelineRecord) => JSON.stringify([record.account, record.region]);

/** An account and region's lifecycle calls that name no pipeline, oldest first, and how many of the first n failed. */
interface Nameless {
  records: PipelineRecord[];
  failedBefore: number[];
}

function groupNameless(records: PipelineRecord[]): Map<string, Nameless> {
  const groups = new Map<string, Nameless>();
  for (const record of records) {
    const key = regionKey(record);
    const group = groups.get(key) ?? { records: [], failedBefore: [0] };
    groups.set(key, group);
    group.records.push(record);
    group.failedBefore.push(group.failedBefore.at(-1)! + (record.error_code === null ? 0 : 1));
  }
  return groups;
}

/**
 * Groups a case's CodePipeline calls into pipelines, keyed by (account, region, name), and
 * each pipeline into lineages: a CreatePipeline starts one, a DeletePipeline ends it. The
 * records must be oldest first; versions are then ordered by number, never by file order.
 */
export function buildHistories(records: PipelineRecord[]): PipelineHistory[] {
  const { named, unnamed } = resolveWebhookTargets(records);
  const nameless = groupNameless(unnamed);
  const histories = [...groupBy(named, (r) => keyOf(r.account, r.region, r.pipeline_name!)).values()].map((group) => {
    const open = buildLineages(group);
    const unplaced = nameless.get(regionKey(group[0]!));
    if (unplaced) addUnattributedGaps(open, unplaced);
    return {
      account: group[0]!.account,
      region: group[0]!.region,
      name: group[0]!.pipeline_name!,
      lineages: open.map((o) => o.lineage),
    };
  });
  return histories.sort(
    (a, b) => a.name.localeCompare(b.name) || a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  );
}

const SAMPLED_EVENT_IDS = 20;

/**
 * The lifecycle calls of the pipeline's account and region that name no pipeline may each be
 * one of its changes. Each lineage gets one gap counting those made while it was alive (the
 * first also those before it), naming a few: there may be thousands of such calls and of
 * pipelines, too many to list every call on every pipeline.
 */
function addUnattributedGaps(open: OpenLineage[], { records, failedBefore }: Nameless) {
  const bounds = open.map((o, i) => (i === 0 ? 0 : firstWhere(records, (r) => r.event_time >= o.start)));
  bounds.push(records.length);
  for (const [i, { lineage }] of open.entries()) {
    const from = bounds[i]!;
    const to = bounds[i + 1]!;
    if (from === to) continue;
    const sample = records.slice(from, Math.min(to, from + SAMPLED_EVENT_IDS));
    lineage.gaps.push(
      unattributedGap({
        count: to - from,
        failed: failedBefore[to]! - failedBefore[from]!,
        first_event_name: records[from]!.event_name,
        first: records[from]!.event_time,
        last: records[to - 1]!.event_time,
        event_ids: sample.map((r) => r.event_id ?? r.event_key),
      }),
    );
  }
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
    if (record.event_name === 'PutWebhook' && webhookKey !== null && record.pipeline_name !== null)
      targets.set(webhookKey, record.pipeline_name);
    const name = record.pipeline_name ?? (webhookKey === null ? undefined : targets.get(webhookKey));
    // An empty name is still a name the record gives, not an omitted one.
    if (name !== undefined) named.push({ ...record, pipeline_name: name });
    else if (LIFECYCLE_EVENTS.includes(record.event_name)) unnamed.push(record);
  }
  return { named, unnamed };
}

function buildLineages(records: PipelineRecord[]): OpenLineage[] {
  const base = { account: records[0]!.account, region: records[0]!.region, name: records[0]!.pipeline_name! };
  const open: OpenLineage[] = [];
  const start = (time: string) => {
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
    open.push({ lineage, changes: [], start: time });
    return open.at(-1)!;
  };

  const successful = records
    .filter((r) => LIFECYCLE_EVENTS.includes(r.event_name) && r.error_code === null)
    .sort(compareLifecycle);
  let current: OpenLineage | null = null;
  for (const record of successful) {
    if (record.event_name === 'CreatePipeline' || !current || current.lineage.deleted) {
      current = start(record.event_time);
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
  // Calls on a pipeline none of whose changes are in the logs: one lineage, alive throughout.
  if (open.length === 0 && rest.length > 0) start('');
  for (const { lineage, changes } of open) {
    lineage.versions = numberVersions(changes);
    lineage.changes = versionChanges(lineage.versions, lineage.account);
  }
  const placeAt = placer(open);
  for (const record of rest) attach(record, placeAt(record.event_time));

  for (const [i, { lineage, changes }] of open.entries()) {
    lineage.gaps = versionGaps(lineage.versions, lineage.created !== null, impossibleVersions(changes));
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
  return open;
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

/** The version numbers records state that no CodePipeline version can have, by record. */
function impossibleVersions(changes: PipelineRecord[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const record of changes) {
    const stated = impossibleStatedVersion(record.response_elements);
    if (stated !== null) found.set(record.event_key, stated);
  }
  return found;
}

/** The index of the first item `reached` holds for; it must hold for every item after that one too. */
function firstWhere<T>(items: readonly T[], reached: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (reached(items[middle]!)) high = middle;
    else low = middle + 1;
  }
  return low;
}

interface Place {
  lineage: PipelineLineage;
  /** The latest version made by then; of two made at one time, the higher. */
  inForce: PipelineVersion | undefined;
}

/**
 * Where a call made at a given time belongs: the lineage alive then (the last one begun by
 * then, else the first) and its version in force. Searched by halves: a name may have
 * thousands of lineages and versions, and millions of calls.
 */
function placer(open: OpenLineage[]): (time: string) => Place {
  const byTime = open.map(({ lineage }) =>
    [...lineage.versions].sort((a, b) => compareText(a.event_time, b.event_time) || a.version - b.version),
  );
  return (time) => {
    const i = Math.max(0, firstWhere(open, (o) => o.start > time) - 1);
    const versions = byTime[i]!;
    return { lineage: open[i]!.lineage, inForce: versions[firstWhere(versions, (v) => v.event_time > time) - 1] };
  };
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Failed changes become attempts and other calls activity, in the lineage alive at their time. */
function attach(record: PipelineRecord, { lineage, inForce }: Place) {
  const call = facts(record);
  if (LIFECYCLE_EVENTS.includes(record.event_name)) {
    lineage.attempts.push({ ...call, error_code: record.error_code!, error_message: record.error_message });
    return;
  }
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

/**
 * The request's own fields, as text, minus the pipeline name every call repeats. Built from
 * entries: assigning a `__proto__` key a record carries would set the prototype instead.
 */
function activityDetails(record: PipelineRecord): Record<string, string> {
  const details: [string, string][] = [];
  const add = (key: string, value: JsonValue) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    details.push([key, text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text]);
  };
  if (isObject(record.request_parameters)) {
    for (const [key, value] of Object.entries(record.request_parameters))
      if (!NAME_FIELDS.has(key) && value !== null) add(key, value);
  }
  if (isObject(record.response_elements) && typeof record.response_elements.pipelineExecutionId === 'string') {
    add('pipelineExecutionId', record.response_elements.pipelineExecutionId);
  }
  return Object.fromEntries(details);
}
