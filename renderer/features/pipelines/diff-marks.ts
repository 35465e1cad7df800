import { labelOf } from '../../../shared/json-label.ts';
import type { JsonObject, PipelineChange } from '../../../shared/model/pipeline.ts';

export type Mark = 'added' | 'removed' | 'changed' | 'moved' | 'renamed';

export interface Marks {
  stages: Map<string, { mark: Mark; security: boolean; note?: string }>;
  actions: Map<string, { mark: Mark; security: boolean }>;
  removedStages: JsonObject[];
  removedActions: Map<string, JsonObject[]>;
}

const PATH = /^stages\[([^\]]*)\](?:\.actions\[([^\]]*)\])?(\.|$)/;
export const actionKey = (stage: string, action: string) => `${stage}\u0000${action}`;
export const objects = (value: unknown): JsonObject[] =>
  Array.isArray(value)
    ? value.filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v))
    : [];
export const name = (o: JsonObject) => labelOf(o.name ?? '');

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
    if (action === undefined) {
      if (whole && change.kind === 'removed') marks.removedStages.push(change.before as JsonObject);
      else if (whole && change.kind === 'renamed')
        marks.stages.set(labelOf(change.after), {
          mark: 'renamed',
          security: change.security,
          note: `renamed from ${labelOf(change.before)}`,
        });
      else raise(marks.stages, stage!, whole ? (change.kind as Mark) : 'changed', change.security);
      continue;
    }
    if (whole && change.kind === 'removed') {
      const removed = marks.removedActions.get(stage!);
      if (removed) removed.push(change.before as JsonObject);
      else marks.removedActions.set(stage!, [change.before as JsonObject]);
    } else if (whole && change.kind === 'moved') {
      raise(marks.actions, actionKey(labelOf(change.after), action), 'moved', change.security);
    } else {
      raise(marks.actions, actionKey(stage!, action), whole ? (change.kind as Mark) : 'changed', change.security);
    }
  }
  return marks;
}
