import { labelOf } from '../../../shared/json-label.ts';
import type { JsonObject, JsonValue, PipelineChange } from '../../../shared/model/pipeline.ts';
import { pathSegment } from '../../../shared/path-segment.ts';
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
/**
 * The most changes of each kind, flagged and not, a diff lists; the rest are counted. A forged
 * pair of declarations of a few MB can differ in a million places, and every change carries its
 * path as text.
 */
export const MAX_LISTED_CHANGES = 1000;
/** Below this many levels a subtree is compared as one value: CodePipeline's declarations nest about ten deep. */
const MAX_KEYED_DEPTH = 32;

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
const nameOf = (value: JsonObject) => labelOf(value.name ?? '');

/** What two declarations differ in: the changes listed, and those only counted past MAX_LISTED_CHANGES. */
export interface DeclarationDiff {
  changes: PipelineChange[];
  unlisted: number;
  /** Of those not listed, how many are flagged. */
  unlistedFlagged: number;
}

class ChangeList {
  readonly changes: PipelineChange[] = [];
  private listed = { flagged: 0, other: 0 };
  unlisted = 0;
  unlistedFlagged = 0;

  constructor(private readonly account: string | undefined) {}

  add(change: RawChange) {
    const reason = withForeignAccounts(
      securityReason(change),
      change.kind === 'removed' ? undefined : change.after,
      this.account,
    );
    this.keep({ path: change.path, kind: change.kind, before: change.before, after: change.after }, reason);
  }

  private keep(change: Omit<PipelineChange, 'security' | 'reason'>, reason: string | null) {
    const flagged = reason !== null;
    if (this.listed[flagged ? 'flagged' : 'other']++ >= MAX_LISTED_CHANGES) {
      this.unlisted++;
      if (flagged) this.unlistedFlagged++;
      return;
    }
    this.changes.push({ ...change, security: flagged, reason });
  }

  addStage(path: string, kind: 'added' | 'removed', stage: JsonObject) {
    const reason = withForeignAccounts(
      stageSecurityReason(kind, stage),
      kind === 'added' ? stage : undefined,
      this.account,
    );
    this.keep(
      { path, kind, before: kind === 'removed' ? stage : undefined, after: kind === 'added' ? stage : undefined },
      reason,
    );
  }

  /**
   * Object fields key by key, anything else as one value. Objects are walked rather than compared
   * whole first: comparing at every level cost the depth times the size (a 100,000-number list 400
   * levels down took 22 s).
   */
  values(
    path: string,
    before: JsonValue | undefined,
    after: JsonValue | undefined,
    action?: ActionContext,
    field?: string,
    depth = 0,
  ) {
    // Inside an action, a configuration added or dropped whole is still read key by key.
    const keyByKey =
      field !== undefined &&
      (isObject(before) || isObject(after)) &&
      (isObject(before) || before === undefined) &&
      (isObject(after) || after === undefined);
    if (((isObject(before) && isObject(after)) || keyByKey) && depth < MAX_KEYED_DEPTH) {
      const old = isObject(before) ? before : {};
      const now = isObject(after) ? after : {};
      for (const key of unionKeys(old, now))
        this.values(
          `${path}.${pathSegment(key)}`,
          old[key],
          now[key],
          action,
          field === undefined ? undefined : key,
          depth + 1,
        );
      return;
    }
    if (same(before, after)) return;
    const kind = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    this.add({ path, kind, before, after, action, field });
  }

  /** A name given twice in one list (repeatedNames). */
  repeated(path: string, item: JsonObject) {
    this.keep(
      { path, kind: 'added', before: undefined, after: item },
      withForeignAccounts(
        'a second item of this name: CodePipeline refuses a name given twice, so the record was forged or altered, and what the second holds is hidden from a view by name',
        item,
        this.account,
      ),
    );
  }

  /** Lists of named things (variables, triggers, artifact stores): matched by name, the first of a name. */
  named(path: string, before: JsonObject[], after: JsonObject[], keyOf: (item: JsonObject) => string) {
    const old = firstByName(before, keyOf);
    const now = firstByName(after, keyOf);
    for (const key of new Set([...old.keys(), ...now.keys()]))
      this.values(`${path}[${pathSegment(key)}]`, old.get(key), now.get(key));
  }
}

const unionKeys = (a: JsonObject, b: JsonObject) => [...new Set([...Object.keys(a), ...Object.keys(b)])];

/**
 * The semantic difference between two declarations of one pipeline: pipeline fields, stages
 * added, removed, renamed or reordered, actions added, removed or moved, and each changed
 * field of an action. Every change says whether it matters in an incident, and why; with the
 * pipeline's account, ARNs that point into other accounts are flagged too.
 */
export function diffDeclarations(before: JsonObject, after: JsonObject, account?: string): DeclarationDiff {
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
  list.named('artifactStores', stores(before), stores(after), (s) => labelOf(s.region));
  repeatedNames(list, 'variables', objects(after.variables));
  list.named('variables', objects(before.variables), objects(after.variables), nameOf);
  list.named('triggers', objects(before.triggers), objects(after.triggers), triggerKey);
  diffStages(list, objects(before.stages), objects(after.stages));
  return { changes: list.changes, unlisted: list.unlisted, unlistedFlagged: list.unlistedFlagged };
}

const triggerKey = (trigger: JsonObject) => {
  const git = isObject(trigger.gitConfiguration) ? trigger.gitConfiguration : {};
  return `${labelOf(trigger.providerType ?? '?')}:${labelOf(git.sourceActionName ?? '?')}`;
};

/** Actions compared without their order in the stage: runOrder is what sequences them. */
const actionsSignature = (stage: JsonObject) =>
  canonical(objects(stage.actions).sort((a, b) => nameOf(a).localeCompare(nameOf(b))));

/** Each item by its name, the first of a name only: a repeated name is reported as such (repeatedNames). */
const firstByName = <T>(items: T[], nameOfItem: (item: T) => string) => {
  const byName = new Map<string, T>();
  for (const item of items) if (!byName.has(nameOfItem(item))) byName.set(nameOfItem(item), item);
  return byName;
};

function diffStages(list: ChangeList, before: JsonObject[], after: JsonObject[]) {
  const beforeByName = firstByName(before, nameOf);
  const afterByName = firstByName(after, nameOf);
  repeatedNames(list, 'stages', after);
  const removed = [...beforeByName.values()].filter((s) => !afterByName.has(nameOf(s)));
  const added = [...afterByName.values()].filter((s) => !beforeByName.has(nameOf(s)));

  // A removed and an added stage holding the same actions are one stage, renamed. Each stage's
  // signature is taken once: taken at every comparison, 4,000 renamed stages took 46 s.
  const pairs = new Map<JsonObject, JsonObject>();
  for (const [name, stage] of beforeByName) if (afterByName.has(name)) pairs.set(stage, afterByName.get(name)!);
  const addedBySignature = new Queues(added, actionsSignature);
  const renamed = new Set<JsonObject>();
  for (const old of removed) {
    const twin = addedBySignature.take(actionsSignature(old));
    if (!twin) continue;
    renamed.add(old).add(twin);
    list.add({
      path: `stages[${pathSegment(nameOf(old))}]`,
      kind: 'renamed',
      before: nameOf(old),
      after: nameOf(twin),
    });
    pairs.set(old, twin);
  }
  for (const stage of removed)
    if (!renamed.has(stage)) list.addStage(`stages[${pathSegment(nameOf(stage))}]`, 'removed', stage);
  for (const stage of added)
    if (!renamed.has(stage)) list.addStage(`stages[${pathSegment(nameOf(stage))}]`, 'added', stage);

  const paired = new Set(pairs.values());
  const orderBefore = before.filter((s) => pairs.has(s)).map((s) => nameOf(pairs.get(s)!));
  const orderAfter = after.filter((s) => paired.has(s)).map(nameOf);
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000'))
    list.add({ path: 'stages', kind: 'reordered', before: orderBefore, after: orderAfter });

  for (const [old, now] of pairs) {
    for (const key of unionKeys(old, now)) {
      if (key !== 'name' && key !== 'actions')
        list.values(`stages[${pathSegment(nameOf(now))}].${pathSegment(key)}`, old[key], now[key]);
    }
  }
  diffActions(list, [...pairs]);
}

/**
 * Names given twice in one list of the later declaration (stages, a stage's actions, variables):
 * CodePipeline refuses them, so only a forged or altered record holds one, and a diff by name
 * would see the first alone. Each further one is a change of its own, flagged, with what it holds.
 */
function repeatedNames(list: ChangeList, path: string, items: JsonObject[]) {
  const seen = new Set<string>();
  for (const item of items) {
    const name = nameOf(item);
    if (seen.has(name)) list.repeated(`${path}[${pathSegment(name)}]`, item);
    seen.add(name);
  }
}

/** Items by key, each key's in their order, taken one at a time. */
class Queues<T> {
  private readonly byKey = new Map<string, T[]>();

  constructor(items: Iterable<T>, keyOf: (item: T) => string) {
    for (const item of items) {
      const queue = this.byKey.get(keyOf(item));
      if (queue) queue.push(item);
      else this.byKey.set(keyOf(item), [item]);
    }
    for (const queue of this.byKey.values()) queue.reverse();
  }

  take(key: string): T | undefined {
    return this.byKey.get(key)?.pop();
  }
}

interface PlacedAction {
  stage: string;
  action: JsonObject;
}

function diffActions(list: ChangeList, pairs: [JsonObject, JsonObject][]) {
  for (const [, now] of pairs) repeatedNames(list, `stages[${pathSegment(nameOf(now))}].actions`, objects(now.actions));
  const at = (p: PlacedAction) => `${p.stage}\u0000${nameOf(p.action)}`;
  // One action a name in each stage: those given twice are reported by repeatedNames.
  const placed = (side: 0 | 1): PlacedAction[] => [
    ...firstByName(
      pairs.flatMap((pair) => objects(pair[side].actions).map((action) => ({ stage: nameOf(pair[1]), action }))),
      at,
    ).values(),
  ];
  const before = placed(0);
  const after = placed(1);
  const afterByPlace = new Map(after.map((p) => [at(p), p]));
  const path = (p: PlacedAction) => `stages[${pathSegment(p.stage)}].actions[${pathSegment(nameOf(p.action))}]`;

  const unplacedBefore: PlacedAction[] = [];
  for (const old of before) {
    const now = afterByPlace.get(at(old));
    if (now) {
      afterByPlace.delete(at(old));
      diffAction(list, path(now), old.action, now.action);
    } else {
      unplacedBefore.push(old);
    }
  }
  // An action gone from one stage and found in another has moved: the first left of its name.
  const unplacedByName = new Queues(afterByPlace.values(), (p) => nameOf(p.action));
  const moved = new Set<PlacedAction>();
  for (const old of unplacedBefore) {
    const now = unplacedByName.take(nameOf(old.action));
    if (now) {
      moved.add(now);
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
  for (const now of afterByPlace.values()) {
    if (moved.has(now)) continue;
    list.add({ path: path(now), kind: 'added', before: undefined, after: now.action, action: { after: now.action } });
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
