import { useEffect, useState } from 'react';
import type { PipelineHistory, PipelineSummary } from '../../../shared/model/pipeline.ts';
import type { ApiClient } from '../../api/client.ts';
import { errorText } from './format.ts';
import { PipelineDetail } from './PipelineDetail.tsx';
import { PipelineList, summaryKey } from './PipelineList.tsx';

/** Every CodePipeline pipeline of the case, and the history of the one chosen. */
export function PipelinesView({ client }: { client: ApiClient }) {
  const [pipelines, setPipelines] = useState<PipelineSummary[] | null>(null);
  const [chosen, setChosen] = useState<PipelineSummary | null>(null);
  const [history, setHistory] = useState<PipelineHistory | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    client.request('pipelines:list', {}).then(setPipelines, (e: unknown) => setProblem(errorText(e)));
  }, [client]);

  useEffect(() => {
    setHistory(null);
    if (!chosen) return;
    client.request('pipelines:history', { name: chosen.name, account: chosen.account, region: chosen.region }).then(setHistory, (e: unknown) => setProblem(errorText(e)));
  }, [client, chosen]);

  if (problem) return <p className="panel error" role="alert">{problem}</p>;
  if (!pipelines) return <p className="panel muted">Reading pipelines…</p>;
  return (
    <div className="pipelines-view">
      <PipelineList pipelines={pipelines} selected={chosen ? summaryKey(chosen) : null} onSelect={setChosen} />
      <div className="panel pipeline-panel">
        {!chosen && <p className="muted">Choose a pipeline. A red badge marks pipelines with security-relevant changes between versions.</p>}
        {chosen && !history && <p className="muted">Rebuilding its history…</p>}
        {chosen && history && <PipelineDetail key={`${summaryKey(chosen)}\u0000${chosen.lineage}`} client={client} history={history} initialLineage={chosen.lineage} />}
      </div>
    </div>
  );
}
