import type { JsonObject, JsonValue, PipelineChange } from '../../../shared/model/pipeline.ts';
import { isObject } from './declaration.ts';
import {
  type ActionContext,
  type RawChange,
  securityReason,
  stageSecurityReason,
  withForeignAccounts,
} from './security.ts';

/** Fields that identify a declaration rather than describe it: a diff never reports them. */
const IDENTITY_FIELDS = new Set(['name', 'version', 'metadata']);
const PIPELINE_FIELDS_DIFFED_APART = new Set(['stages', 'artifactStores', 'variables', 'triggers']);

/** Keys sorted, so two declarations that differ only in key order compare equal. */
function canonical(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}
const same = (a: JsonValue | undefined, b: JsonValue | undefined) => canonical(a) === canonical(b);

const objects = (value: JsonValue | undefined): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const nameOf = (value: JsonObject) => String(value.name ?? '');
const keyed = (items: JsonObject[], keyOf: (item: JsonObject) => string) =>
  new Map(items.map((item) => [keyOf(item), item]));

class ChangeList {
  readonly changes: PipelineChange[] = [];

  constructor(private readonly account: string | undefined) {}

  add(change: RawChange) {
    const reason = withForeignAccounts(
      securityReason(change),
      change.kind === 'removed' ? undefined : change.after,
      this.account,
    );
    this.changes.push({
      path: change.path,
      kind: change.kind,
      before: change.before,
      after: change.after,
      security: reason !== null,
      reason,
    });
  }

  addStage(path: string, kind: 'added' | 'removed', stage: JsonObject) {
    const reason = withForeignAccounts(
      stageSecurityReason(kind, stage),
      kind === 'added' ? stage : undefined,
      this.account,
    );
    this.changes.push({
      path,
      kind,
      before: kind === 'removed' ? stage : undefined,
      after: kind === 'added' ? stage : undefined,
      security: reason !== null,
      reason,
    });
  }

  /** Object fields key by key, anything else as one value. */
  values(
    path: string,
    before: JsonValue | undefined,
    after: JsonValue | undefined,
    action?: ActionContext,
    field?: string,
  ) {
    if (same(before, after)) return;
    // Inside an action, a configuration added or dropped whole is still read key by key.
    const keyByKey =
      field !== undefined &&
      (isObject(before) || isObject(after)) &&
      (isObject(before) || before === undefined) &&
      (isObject(after) || after === undefined);
    if ((isObject(before) && isObject(after)) || keyByKey) {
      const old = isObject(before) ? before : {};
      const now = isObject(after) ? after : {};
      for (const key of unionKeys(old, now))
        this.values(`${path}.${key}`, old[key], now[key], action, field === undefined ? undefined : key);
      return;
    }
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    this.add({ path, kind, before, after, action, field });
  }

  /** Lists of named things (variables, triggers, artifact stores): matched by name. */
  named(path: string, before: JsonObject[], after: JsonObject[], keyOf: (item: JsonObject) => string) {
    const old = keyed(before, keyOf);
    const now = keyed(after, keyOf);
    for (const key of unionKeys(Object.fromEntries(old), Object.fromEntries(now)))
      this.values(`${path}[${key}]`, old.get(key), now.get(key));
  }
}

const unionKeys = (a: JsonObject, b: JsonObject) => [...new Set([...Object.keys(a), ...Object.keys(b)])];

/**
 * The semantic difference between two declarations of one pipeline: pipeline fields, stages
 * added, removed, renamed or reordered, actions added, removed or moved, and each changed
 * field of an action. Every change says whether it matters in an incident, and why; with the
 * pipeline's account, ARNs that point into other accounts are flagged too.
 */
export function diffDeclarations(before: JsonObject, after: JsonObject, account?: string): PipelineChange[] {
  const list = new ChangeList(account);
  for (const key of unionKeys(before, after)) {
    if (IDENTITY_FIELDS.has(key) || PIPELINE_FIELDS_DIFFED_APART.has(key)) continue;
    list.values(key, before[key], after[key]);
  }
  const stores = (d: JsonObject) =>
    isObject(d.artifactStores)
      ? Object.entries(d.artifactStores)
          .filter(([, v]) => isObject(v))
          .map(([region, v]) => ({ region, ...(v as JsonObject) }))
      : [];
  list.named('artifactStores', stores(before), stores(after), (s) => String(s.region));
  list.named('variables', objects(before.variables), objects(after.variables), nameOf);
  list.named('triggers', objects(before.triggers), objects(after.triggers), triggerKey);
  diffStages(list, objects(before.stages), objects(after.stages));
  return list.changes;
}

const triggerKey = (trigger: JsonObject) => {
  const git = isObject(trigger.gitConfiguration) ? trigger.gitConfiguration : {};
  return `${String(trigger.providerType ?? '?')}:${String(git.sourceActionName ?? '?')}`;
};

/** Actions compared without their order in the stage: runOrder is what sequences them. */
const actionsSignature = (stage: JsonObject) =>
  canonical(objects(stage.actions).sort((a, b) => nameOf(a).localeCompare(nameOf(b))));

function diffStages(list: ChangeList, before: JsonObject[], after: JsonObject[]) {
  const afterNames = new Set(after.map(nameOf));
  const beforeNames = new Set(before.map(nameOf));
  const removed = before.filter((s) => !afterNames.has(nameOf(s)));
  const added = after.filter((s) => !beforeNames.has(nameOf(s)));

  // A removed and an added stage holding the same actions are one stage, renamed.
  const pairs: [JsonObject, JsonObject][] = before
    .filter((s) => afterNames.has(nameOf(s)))
    .map((s) => [s, after.find((a) => nameOf(a) === nameOf(s))!]);
  for (const old of [...removed]) {
    const twin = added.find((a) => actionsSignature(a) === actionsSignature(old));
    if (!twin) continue;
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(twin), 1);
    list.add({ path: `stages[${nameOf(old)}]`, kind: 'renamed', before: nameOf(old), after: nameOf(twin) });
    pairs.push([old, twin]);
  }
  for (const stage of removed) list.addStage(`stages[${nameOf(stage)}]`, 'removed', stage);
  for (const stage of added) list.addStage(`stages[${nameOf(stage)}]`, 'added', stage);

  const orderBefore = before
    .filter((s) => pairs.some(([b]) => b === s))
    .map((s) => nameOf(pairs.find(([b]) => b === s)![1]));
  const orderAfter = after.filter((s) => pairs.some(([, a]) => a === s)).map(nameOf);
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000'))
    list.add({ path: 'stages', kind: 'reordered', before: orderBefore, after: orderAfter });

  for (const [old, now] of pairs) {
    for (const key of unionKeys(old, now)) {
      if (key !== 'name' && key !== 'actions') list.values(`stages[${nameOf(now)}].${key}`, old[key], now[key]);
    }
  }
  diffActions(list, pairs);
}

interface PlacedAction {
  stage: string;
  action: JsonObject;
}

function diffActions(list: ChangeList, pairs: [JsonObject, JsonObject][]) {
  const placed = (side: 0 | 1): PlacedAction[] =>
    pairs.flatMap((pair) => objects(pair[side].actions).map((action) => ({ stage: nameOf(pair[1]), action })));
  const before = placed(0);
  const after = placed(1);
  const at = (p: PlacedAction) => `${p.stage}\u0000${nameOf(p.action)}`;
  const afterByPlace = new Map(after.map((p) => [at(p), p]));
  const matched = new Set<PlacedAction>();

  const unplacedBefore: PlacedAction[] = [];
  for (const old of before) {
    const now = afterByPlace.get(at(old));
    if (now) {
      matched.add(now);
      diffAction(list, `stages[${now.stage}].actions[${nameOf(now.action)}]`, old.action, now.action);
    } else {
      unplacedBefore.push(old);
    }
  }
  const unplacedAfter = after.filter((p) => !matched.has(p));
  for (const old of unplacedBefore) {
    const now = unplacedAfter.find((p) => nameOf(p.action) === nameOf(old.action));
    const path = (p: PlacedAction) => `stages[${p.stage}].actions[${nameOf(p.action)}]`;
    if (now) {
      unplacedAfter.splice(unplacedAfter.indexOf(now), 1);
      list.add({
        path: path(old),
        kind: 'moved',
        before: old.stage,
        after: now.stage,
        action: { before: old.action, after: now.action },
      });
      diffAction(list, path(now), old.action, now.action);
    } else {
      list.add({
        path: path(old),
        kind: 'removed',
        before: old.action,
        after: undefined,
        action: { before: old.action },
      });
    }
  }
  for (const now of unplacedAfter) {
    list.add({
      path: `stages[${now.stage}].actions[${nameOf(now.action)}]`,
      kind: 'added',
      before: undefined,
      after: now.action,
      action: { after: now.action },
    });
  }
}

const artifactNames = (value: JsonValue | undefined) =>
  Array.isArray(value) ? value.map((a) => (isObject(a) ? (a.name ?? null) : a)) : value;

/** Field by field, configuration key by key; the documentation's `actionType` read as `actionTypeId`. */
function diffAction(list: ChangeList, path: string, before: JsonObject, after: JsonObject) {
  const context = { before, after };
  const normalized = (action: JsonObject): JsonObject => {
    const { actionType, ...rest } = action;
    const withType =
      rest.actionTypeId === undefined && actionType !== undefined ? { ...rest, actionTypeId: actionType } : rest;
    return {
      ...withType,
      inputArtifacts: artifactNames(withType.inputArtifacts) ?? [],
      outputArtifacts: artifactNames(withType.outputArtifacts) ?? [],
    };
  };
  const old = normalized(before);
  const now = normalized(after);
  for (const key of unionKeys(old, now)) {
    if (key === 'name') continue;
    list.values(`${path}.${key}`, old[key], now[key], context, key);
  }
}
