import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { labelOf } from '../../../shared/json-label.ts';
import type { JsonObject, PipelineChange } from '../../../shared/model/pipeline.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { plural } from '../../components/numbers.ts';
import { actionKey, type Mark, type Marks, marksOf, name, objects, pathName } from './diff-marks.ts';

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
  cut: boolean,
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
  }, [box, declaration, changes, cut]);
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
 * The most stages, and actions of a stage, drawn until the analyst asks for all: CodePipeline's
 * default quotas (50 stages, 50 actions a stage), so a real pipeline is drawn whole. A forged
 * declaration can hold thousands, and 2,000 stages of 20 actions took 5 s to draw in Chromium.
 */
const MAX_DRAWN = 50;

/** Every list the graph draws: stages, removed stages, and the actions of each. */
const drawnLists = (stages: JsonObject[], marks: Marks) => [
  stages,
  marks.removedStages,
  ...stages.map((stage) => objects(stage.actions)),
  ...marks.removedStages.map((removed) => objects(removed.item.actions)),
  ...marks.removedActions.values(),
];

function DrawnPart({ stages, onDrawAll }: { stages: JsonObject[]; onDrawAll: () => void }) {
  const actions = stages.reduce((sum, stage) => sum + objects(stage.actions).length, 0);
  return (
    <p className="muted small" data-testid="graph-cut">
      Past CodePipeline's quotas: the first {MAX_DRAWN} stages are drawn, each with its first {MAX_DRAWN} actions, of{' '}
      {plural(stages.length, 'stage', 'stages')} and {plural(actions, 'action', 'actions')}.{' '}
      <button type="button" className="link" onClick={onDrawAll}>
        Draw them all
      </button>
    </p>
  );
}

/**
 * The pipeline left to right: stages as columns sharing the width, actions as cards; with a
 * diff, what it touched is marked. Stages that do not fit scroll sideways, and a mark at
 * each edge says how many are out of view, and which. Keys are places, not names: a forged
 * declaration can give two stages one name, and keyed by name the graph kept stages of the
 * version drawn before.
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
  const [drawnWhole, setDrawnWhole] = useState<JsonObject | null>(null);
  const cut = drawnWhole !== declaration && drawnLists(stages, marks).some((list) => list.length > MAX_DRAWN);
  const drawn = <T,>(list: T[]) => (cut ? list.slice(0, MAX_DRAWN) : list);
  const box = useRef<HTMLDivElement>(null);
  const off = useOffScreen(box, declaration, changes, cut);
  const scroll = (direction: -1 | 1) =>
    box.current?.scrollBy({ left: direction * box.current.clientWidth * 0.8, behavior: 'smooth' });
  return (
    <div className="graph-frame">
      {cut && <DrawnPart stages={stages} onDrawAll={() => setDrawnWhole(declaration)} />}
      {(off.left.length > 0 || off.right.length > 0) && (
        <div className="graph-marks">
          <OffScreenMark side="left" stages={off.left} onScroll={() => scroll(-1)} />
          <OffScreenMark side="right" stages={off.right} onScroll={() => scroll(1)} />
        </div>
      )}
      <div className="pipeline-graph" data-testid="pipeline-graph" ref={box}>
        {drawn(stages).map((stage, i) => {
          const stageMark = marks.stages.get(pathName(stage));
          return (
            <section
              key={i}
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
              {drawn(objects(stage.actions)).map((action, k) => {
                const mark = marks.actions.get(actionKey(pathName(stage), pathName(action)));
                return (
                  <ActionCard
                    key={k}
                    action={action}
                    mark={mark?.mark ?? (stageMark?.mark === 'added' ? 'added' : undefined)}
                    security={mark?.security ?? (stageMark?.mark === 'added' && stageMark.security)}
                  />
                );
              })}
              {drawn(marks.removedActions.get(pathName(stage)) ?? []).map((removed, k) => (
                <ActionCard key={`removed-${k}`} action={removed.item} mark="removed" security={removed.security} />
              ))}
            </section>
          );
        })}
        {drawn(marks.removedStages).map((removed, i) => (
          <section
            key={`removed-${i}`}
            className="stage removed"
            aria-label={`Removed stage ${name(removed.item)}`}
            data-stage={`${name(removed.item)} (removed)`}
          >
            <h4>
              {name(removed.item)} <span className={`badge ${removed.security ? 'security' : ''}`}>removed</span>
            </h4>
            {drawn(objects(removed.item.actions)).map((action, k) => (
              <ActionCard key={k} action={action} mark="removed" />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}
