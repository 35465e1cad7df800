import { chooseLineage, findVersion, listPipelines, pipelineDiff, pipelineHistory, restoreInput } from '../core/pipelines/pipeline-history.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const pipelineHandlers = (ctx: ApiContext): Handlers<'pipelines:list' | 'pipelines:history' | 'pipelines:diff' | 'pipelines:export'> => ({
  'pipelines:list': () => listPipelines(ctx.store),
  'pipelines:history': (params) => pipelineHistory(ctx.store, params),
  'pipelines:diff': (params) => pipelineDiff(ctx.store, params),
  'pipelines:export': async ({ version, lineage, ...selector }) => {
    const history = await pipelineHistory(ctx.store, selector);
    return restoreInput(findVersion(chooseLineage(history, [version], lineage), version));
  },
});
