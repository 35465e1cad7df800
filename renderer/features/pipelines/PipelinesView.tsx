import type { PipelineSummary } from '../../../shared/model/pipeline.ts';
import { useApi } from '../../api/use-api.ts';
import { useViewState } from '../../app/view-state.tsx';
import { PipelineDetail } from './PipelineDetail.tsx';
import { PipelineList, summaryKey } from './PipelineList.tsx';

/** Every CodePipeline pipeline of the case, and the history of the one chosen, which stays chosen across views. */
export function PipelinesView() {
  const [chosen, setChosen] = useViewState<PipelineSummary | null>('pipelines.chosen', null);
  const list = useApi('pipeline:list', {});
  const rebuilt = useApi(
    'pipeline:get-history',
    chosen && { name: chosen.name, account: chosen.account, region: chosen.region },
  );
  const pipelines = list.data;
  const history = rebuilt.data;
  const problem = list.error ?? rebuilt.error;

  if (problem)
    return (
      <p className="panel error" role="alert">
        {problem}
      </p>
    );
  if (!pipelines) return <p className="panel muted">Reading pipelines…</p>;
  return (
    <div className="pipelines-view">
      <PipelineList pipelines={pipelines} selected={chosen ? summaryKey(chosen) : null} onSelect={setChosen} />
      <div className="panel pipeline-panel">
        {!chosen && (
          <p className="muted">
            Choose a pipeline. A red badge marks pipelines with security-relevant changes between versions.
          </p>
        )}
        {chosen && !history && <p className="muted">Rebuilding its history…</p>}
        {chosen && history && (
          <PipelineDetail
            key={`${summaryKey(chosen)}\u0000${chosen.lineage}`}
            history={history}
            initialLineage={chosen.lineage}
          />
        )}
      </div>
    </div>
  );
}
