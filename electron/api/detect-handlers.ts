import { detectionHits, detectionOverview } from '../core/detect/detection-results.ts';
import { importSigmaRules, removeCaseRule } from '../core/detect/import-sigma.ts';
import { runDetections } from '../core/detect/run-detections.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

type DetectRequest =
  | 'detect:run'
  | 'detect:overview'
  | 'detect:list-hits'
  | 'detect:import-sigma'
  | 'detect:remove-rule';

/** A run of detections as a job in the evidence lane, so that it sees what the ingests before it committed. */
export function startDetections(ctx: ApiContext, trigger: 'ingest' | 'request', rules?: string[]): string {
  const label = trigger === 'ingest' ? 'detections after the ingest' : 'detections';
  return ctx.jobs.start('detect', label, (signal, onProgress) =>
    runDetections(ctx.store, { trigger, signal, onProgress, ...(rules ? { rules } : {}) }),
  );
}

export const detectHandlers = (ctx: ApiContext): Handlers<DetectRequest> => ({
  'detect:run': async ({ rules }) => ({ jobId: startDetections(ctx, 'request', rules) }),
  'detect:overview': () => detectionOverview(ctx.store),
  'detect:list-hits': (query) => detectionHits(ctx.store, query),
  'detect:import-sigma': ({ files }) => importSigmaRules(ctx.store, files),
  'detect:remove-rule': async ({ rule_id }) => {
    await removeCaseRule(ctx.store, rule_id);
    return detectionOverview(ctx.store);
  },
});
