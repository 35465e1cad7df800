import { PIPELINE_CALLS_TABLE, insertPipelineCalls } from '../../pipelines/pipeline-calls.ts';

/** The CodePipeline calls of the case, indexed by pipeline; filled from events already loaded. */
export const sql = `${PIPELINE_CALLS_TABLE}
${insertPipelineCalls('TRUE')};`;
