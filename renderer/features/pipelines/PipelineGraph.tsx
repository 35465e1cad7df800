import type { JsonObject, PipelineChange } from '../../../shared/model/pipeline.ts';
import { actionKey, type Mark, marksOf, name, objects } from './diff-marks.ts';

function typeLabel(action: JsonObject): string {
  const type = (action.actionTypeId ?? action.actionType ?? {}) as JsonObject;
  return [type.category, type.provider].filter((x) => typeof x === 'string').join(' · ') || 'unknown type';
}

function ActionCard({ action, mark, security }: { action: JsonObject; mark?: Mark; security?: boolean }) {
  const type = (action.actionTypeId ?? action.actionType ?? {}) as JsonObject;
  return (
    <div
      className={`action-card ${mark ?? ''} ${security ? 'security' : ''}`}
      data-testid="action-card"
      data-mark={mark ?? 'same'}
    >
      <span className="provider">{String(type.provider ?? '?')}</span>
      <strong>{name(action)}</strong>
      <span className="muted small">
        {typeLabel(action)}
        {typeof type.owner === 'string' && type.owner !== 'AWS' ? ` · ${type.owner}` : ''} · run order{' '}
        {String(action.runOrder ?? 1)}
      </span>
      {mark && <span className={`badge ${security ? 'security' : ''}`}>{mark}</span>}
    </div>
  );
}

/** The pipeline left to right: stages as columns, actions as cards; with a diff, what it touched is marked. */
export function PipelineGraph({ declaration, changes = [] }: { declaration: JsonObject; changes?: PipelineChange[] }) {
  const marks = marksOf(changes);
  const stages = objects(declaration.stages);
  return (
    <div className="pipeline-graph" data-testid="pipeline-graph">
      {stages.map((stage) => {
        const stageMark = marks.stages.get(name(stage));
        return (
          <section
            key={name(stage)}
            className={`stage ${stageMark?.mark ?? ''} ${stageMark?.security ? 'security' : ''}`}
            aria-label={`Stage ${name(stage)}`}
          >
            <h4>
              {name(stage)}{' '}
              {stageMark && (
                <span className={`badge ${stageMark.security ? 'security' : ''}`}>
                  {stageMark.note ?? stageMark.mark}
                </span>
              )}
            </h4>
            {objects(stage.actions).map((action) => {
              const mark = marks.actions.get(actionKey(name(stage), name(action)));
              return (
                <ActionCard
                  key={name(action)}
                  action={action}
                  mark={mark?.mark ?? (stageMark?.mark === 'added' ? 'added' : undefined)}
                  security={mark?.security ?? (stageMark?.mark === 'added' && stageMark.security)}
                />
              );
            })}
            {(marks.removedActions.get(name(stage)) ?? []).map((action) => (
              <ActionCard
                key={`removed-${name(action)}`}
                action={action}
                mark="removed"
                security={changes.some(
                  (c) => c.security && c.kind === 'removed' && c.path.endsWith(`.actions[${name(action)}]`),
                )}
              />
            ))}
          </section>
        );
      })}
      {marks.removedStages.map((stage) => (
        <section key={`removed-${name(stage)}`} className="stage removed" aria-label={`Removed stage ${name(stage)}`}>
          <h4>
            {name(stage)}{' '}
            <span
              className={`badge ${changes.some((c) => c.security && c.path === `stages[${name(stage)}]`) ? 'security' : ''}`}
            >
              removed
            </span>
          </h4>
          {objects(stage.actions).map((action) => (
            <ActionCard key={name(action)} action={action} mark="removed" />
          ))}
        </section>
      ))}
    </div>
  );
}
