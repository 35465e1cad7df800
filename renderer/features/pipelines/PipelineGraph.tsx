import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { labelOf } from '../../../shared/json-label.ts';
import type { JsonObject, PipelineChange } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { plural } from '../../components/numbers.ts';
import { actionKey, type Mark, marksOf, name, objects } from './diff-marks.ts';

function ActionCard({ action, mark, security }: { action: JsonObject; mark?: Mark; security?: boolean }) {
  const type = (action.actionTypeId ?? action.actionType ?? {}) as JsonObject;
  return (
    <div
      className={`action-card ${mark ?? ''} ${security ? 'security' : ''}`}
      data-testid="action-card"
      data-mark={mark ?? 'same'}
    >
      <span className="provider">{labelOf(type.provider ?? '?')}</span>
      <strong>{name(action)}</strong>
      <span className="muted small">
        {[
          typeof type.category === 'string' ? type.category : 'unknown category',
          ...(typeof type.owner === 'string' && type.owner !== 'AWS' ? [type.owner] : []),
          `run order ${labelOf(action.runOrder ?? 1)}`,
        ].join(' · ')}
      </span>
      {mark && <span className={`badge ${security ? 'security' : ''}`}>{mark}</span>}
    </div>
  );
}

const NO_CHANGES: PipelineChange[] = [];

interface OffScreen {
  left: string[];
  right: string[];
}

/**
 * The stages the graph's box does not show whole, on each side, measured whenever the box
 * scrolls or changes size: a long pipeline scrolls sideways, and the reader must know it does.
 */
function useOffScreen(
  box: RefObject<HTMLDivElement | null>,
  declaration: JsonObject,
  changes: PipelineChange[],
): OffScreen {
  const [off, setOff] = useState<OffScreen>({ left: [], right: [] });
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const view = element.getBoundingClientRect();
      const next: OffScreen = { left: [], right: [] };
      for (const stage of element.querySelectorAll<HTMLElement>('.stage')) {
        const rect = stage.getBoundingClientRect();
        const label = stage.dataset.stage ?? '';
        if (rect.left < view.left - 1) next.left.push(label);
        else if (rect.right > view.right + 1) next.right.push(label);
      }
      setOff((old) =>
        old.left.join('\u0000') === next.left.join('\u0000') && old.right.join('\u0000') === next.right.join('\u0000')
          ? old
          : next,
      );
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
    // Measured again when what is drawn changes; a scroll or a resize measures by itself.
  }, [box, declaration, changes]);
  return off;
}

function OffScreenMark({ side, stages, onScroll }: { side: 'left' | 'right'; stages: string[]; onScroll: () => void }) {
  if (stages.length === 0) return null;
  const count = plural(stages.length, 'stage', 'stages');
  return (
    <button
      type="button"
      className={`off-screen ${side}`}
      data-testid={`off-screen-${side}`}
      title={`Not in view: ${stages.map(visibleText).join(', ')}`}
      onClick={onScroll}
    >
      {side === 'left' ? `← ${count}` : `${count} →`}
    </button>
  );
}

/**
 * The pipeline left to right: stages as columns sharing the width, actions as cards; with a
 * diff, what it touched is marked. Stages that do not fit scroll sideways, and a mark at
 * each edge says how many are out of view, and which.
 */
export function PipelineGraph({
  declaration,
  changes = NO_CHANGES,
}: {
  declaration: JsonObject;
  changes?: PipelineChange[];
}) {
  const marks = marksOf(changes);
  const stages = objects(declaration.stages);
  const box = useRef<HTMLDivElement>(null);
  const off = useOffScreen(box, declaration, changes);
  const scroll = (direction: -1 | 1) =>
    box.current?.scrollBy({ left: direction * box.current.clientWidth * 0.8, behavior: 'smooth' });
  return (
    <div className="graph-frame">
      {(off.left.length > 0 || off.right.length > 0) && (
        <div className="graph-marks">
          <OffScreenMark side="left" stages={off.left} onScroll={() => scroll(-1)} />
          <OffScreenMark side="right" stages={off.right} onScroll={() => scroll(1)} />
        </div>
      )}
      <div className="pipeline-graph" data-testid="pipeline-graph" ref={box}>
        {stages.map((stage) => {
          const stageMark = marks.stages.get(name(stage));
          return (
            <section
              key={name(stage)}
              className={`stage ${stageMark?.mark ?? ''} ${stageMark?.security ? 'security' : ''}`}
              aria-label={`Stage ${name(stage)}`}
              data-stage={name(stage)}
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
          <section
            key={`removed-${name(stage)}`}
            className="stage removed"
            aria-label={`Removed stage ${name(stage)}`}
            data-stage={`${name(stage)} (removed)`}
          >
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
    </div>
  );
}
