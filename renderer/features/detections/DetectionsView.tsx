import { useRef, useState } from 'react';
import type { DetectionRule, DetectionSeverity } from '../../../shared/model/detection.ts';
import type { ExploreFilter } from '../../../shared/model/explore.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { useJob } from '../../api/use-job.ts';
import { fromDetection } from '../../filter/filter-edits.ts';
import { AttackMatrix } from './AttackMatrix.tsx';
import type { DetectionsPlace, RuleListFilter } from './detections-place.ts';
import { LatestRun } from './LatestRun.tsx';
import { RuleDetail } from './RuleDetail.tsx';
import { RuleList } from './RuleList.tsx';
import { RunControl } from './RunControl.tsx';
import { hitsOf } from './rule-filter.ts';
import { SeveritySummary } from './SeveritySummary.tsx';
import { SigmaImport } from './SigmaImport.tsx';
import { useDetectJobs } from './use-detect-jobs.ts';

interface DetectionsViewProps {
  place: DetectionsPlace;
  onPlace: (place: DetectionsPlace) => void;
  onShowEvents: (filter: ExploreFilter) => void;
}

/**
 * The case's detections: the pack and the case's own Sigma rules, run after every ingest or on
 * request. Read the latest run by severity and on ATT&CK's matrix, narrow the rules, open one,
 * and pivot from its hits to their events or make findings of them.
 */
export function DetectionsView({ place, onPlace, onShowEvents }: DetectionsViewProps) {
  const jobs = useDetectJobs();
  // Bumped after an import or a removal; a run's end is counted by `jobs.finished`. Both only grow.
  const [edits, setEdits] = useState(0);
  const { data: overview, error } = useApi(
    'detect:overview',
    {},
    { version: jobs.finished + edits, keepPrevious: true },
  );
  const starting = useApiCall();
  const job = useJob('detect');
  const list = useRef<HTMLDivElement>(null);
  const rules = overview?.rules ?? [];
  const rule = rules.find((r) => r.detection.id === place.ruleId);
  const neverRun = overview !== null && overview.run === null;

  const run = (ruleIds?: string[]) =>
    starting.run(() => job.start((client) => client.request('detect:run', ruleIds ? { rules: ruleIds } : {})));
  const setList = (change: Partial<RuleListFilter>) => onPlace({ ...place, list: { ...place.list, ...change } });
  // Chosen from the summary or the matrix: rules without hits are shown when none has any there.
  const narrow = (change: Partial<RuleListFilter>, matches: (rule: DetectionRule) => boolean) => {
    const anyHits = rules.some((r) => matches(r) && hitsOf(r) > 0);
    setList({ ...change, ...(anyHits ? {} : { withHits: false }) });
    list.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const chooseSeverity = (severity: DetectionSeverity | null) =>
    narrow({ severity }, (r) => severity === null || r.detection.severity === severity);
  const chooseTechnique = (technique: string | null) =>
    narrow({ technique }, (r) => technique === null || r.detection.attack.some((id) => id.toUpperCase() === technique));

  return (
    <div className="detections-view">
      <section className="panel" aria-labelledby="detections-title">
        <h2 id="detections-title">Detections</h2>
        <p className="small">
          Questions an incident responder asks of a CloudTrail case, each a read-only SQL query over its events, with a
          severity and ATT&amp;CK techniques: Trailscope’s pack, and Sigma rules you import into this case. They run
          after every ingest and on request; each run replaces the results of the rules it ran.
        </p>
        {neverRun && (
          <p className="not-verified" data-testid="never-run">
            Detections have not run on this case yet.
          </p>
        )}
        {!overview && !error && <p className="muted">Reading the detections…</p>}
        {overview?.run && <LatestRun run={overview.run} rules={rules} eventsNow={overview.events_now} />}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="detect-controls">
          <RunControl job={job} starting={starting} others={jobs.running} onRun={() => run()} />
          <SigmaImport
            onImported={(ids) => {
              setEdits((n) => n + 1);
              run(ids);
            }}
          />
        </div>
      </section>
      {overview?.run && (
        <>
          <SeveritySummary rules={rules} chosen={place.list.severity} onChoose={chooseSeverity} />
          <AttackMatrix rules={rules} chosen={place.list.technique} onChoose={chooseTechnique} />
        </>
      )}
      <div ref={list} className={`detections-body ${rule ? 'with-detail' : ''}`}>
        {overview && (
          <RuleList
            rules={rules}
            filter={place.list}
            onFilter={(filter) => onPlace({ ...place, list: filter })}
            selected={place.ruleId}
            onSelect={(ruleId) => onPlace({ ...place, ruleId, hitOffset: 0 })}
          />
        )}
        {rule && (
          <RuleDetail
            key={rule.detection.id}
            rule={rule}
            version={jobs.finished}
            hitOffset={place.hitOffset}
            onHitOffset={(hitOffset) => onPlace({ ...place, hitOffset })}
            onShowEvents={(hit) => onShowEvents(fromDetection(rule.detection.id, hit))}
            onRemoved={() => {
              onPlace({ ...place, ruleId: null, hitOffset: 0 });
              setEdits((n) => n + 1);
            }}
            onClose={() => onPlace({ ...place, ruleId: null, hitOffset: 0 })}
          />
        )}
      </div>
    </div>
  );
}
