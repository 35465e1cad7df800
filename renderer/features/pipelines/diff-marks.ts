import { labelOf } from '../../../shared/json-label.ts';
import type { JsonObject, PipelineChange } from '../../../shared/model/pipeline.ts';
import { pathSegment } from '../../../shared/path-segment.ts';

export type Mark = 'added' | 'removed' | 'changed' | 'moved' | 'renamed';

/** A stage or action the later declaration no longer holds, and whether its removal is flagged. */
export interface Removed {
  item: JsonObject;
  security: boolean;
}

/** Keyed by names as a change's path holds them (pathName): cut as the diff cuts them. */
export interface Marks {
  stages: Map<string, { mark: Mark; security: boolean; note?: string }>;
  actions: Map<string, { mark: Mark; security: boolean }>;
  removedStages: Removed[];
  removedActions: Map<string, Removed[]>;
}

/** A stage's and an action's name in a change's path, as pathSegment escapes them. */
const PATH = /^stages\[((?:[^\\\]]|\\.)*)\](?:\.actions\[((?:[^\\\]]|\\.)*)\])?(\.|$)/;
export const actionKey = (stage: string, action: string) => `${stage}\u0000${action}`;
export const objects = (value: unknown): JsonObject[] =>
  Array.isArray(value)
    ? value.filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v))
    : [];
export const name = (o: JsonObject) => labelOf(o.name ?? '');
/** A stage's or action's name as a change's path holds it, so a name of any length finds its marks. */
export const pathName = (o: JsonObject) => pathSegment(name(o));

/** Reads a diff's paths back onto the stages and actions they touch. */
export function marksOf(changes: PipelineChange[]): Marks {
  const marks: Marks = { stages: new Map(), actions: new Map(), removedStages: [], removedActions: new Map() };
  const raise = <K>(map: Map<K, { mark: Mark; security: boolean }>, key: K, mark: Mark, security: boolean) => {
    const current = map.get(key);
    if (!current || current.mark === 'changed')
      map.set(key, {
        mark: current && mark === 'changed' ? current.mark : mark,
        security: security || (current?.security ?? false),
      });
  };
  for (const change of changes) {
    const match = PATH.exec(change.path);
    if (!match) continue;
    const [, stage, action, rest] = match;
    const whole = rest === '';
    const { security } = change;
    if (action === undefined) {
      if (whole && change.kind === 'removed') marks.removedStages.push({ item: change.before as JsonObject, security });
      else if (whole && change.kind === 'renamed')
        marks.stages.set(pathSegment(labelOf(change.after)), {
          mark: 'renamed',
          security,
          note: `renamed from ${labelOf(change.before)}`,
        });
      else raise(marks.stages, stage!, whole ? (change.kind as Mark) : 'changed', security);
      continue;
    }
    if (whole && change.kind === 'removed') {
      const removed = { item: change.before as JsonObject, security };
      const inStage = marks.removedActions.get(stage!);
      if (inStage) inStage.push(removed);
      else marks.removedActions.set(stage!, [removed]);
    } else if (whole && change.kind === 'moved') {
      raise(marks.actions, actionKey(pathSegment(labelOf(change.after)), action), 'moved', security);
    } else {
      raise(marks.actions, actionKey(stage!, action), whole ? (change.kind as Mark) : 'changed', security);
    }
  }
  return marks;
}
