import {
  chooseLineage,
  findVersion,
  listPipelines,
  pipelineDiff,
  pipelineHistory,
  restoreInput,
} from '../core/pipelines/pipeline-history.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const pipelineHandlers = (
  ctx: ApiContext,
): Handlers<'pipeline:list' | 'pipeline:get-history' | 'pipeline:diff' | 'pipeline:export'> => ({
  'pipeline:list': () => listPipelines(ctx.store),
  'pipeline:get-history': (params) => pipelineHistory(ctx.store, params),
  'pipeline:diff': (params) => pipelineDiff(ctx.store, params),
  'pipeline:export': async ({ version, lineage, ...selector }) => {
    const history = await pipelineHistory(ctx.store, selector);
    return restoreInput(findVersion(chooseLineage(history, [version], lineage), version));
  },
});
