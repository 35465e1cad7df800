import { useRef, useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { ShowMore } from '../../components/ShowMore.tsx';
import { GapList } from './GapList.tsx';
import { KeysPanel } from './KeysPanel.tsx';
import { NotAllListed } from './NotAllListed.tsx';
import { ProblemList } from './ProblemList.tsx';
import { RunSummary } from './RunSummary.tsx';
import { TrailStrip } from './TrailStrip.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';

/**
 * Trails drawn at first, and more on request: each strip asks the core for its hours, and
 * digests named for thousands of trails, forged or an organization's, would ask thousands of times.
 */
const STRIPS = 20;

/**
 * Validation of the case's CloudTrail digests and log files: run it, give AWS's keys, read
 * the latest run as a strip of hours per trail, the files by verdict and the gaps; pivot to
 * a file's events or make a finding of a problem.
 */
interface IntegrityViewProps {
  /** The lake folder when a lake is open: its results are the exported ones, and it cannot be verified here. */
  lake: string | null;
  onShowEvents: (sourceId: number) => void;
}

export function IntegrityView({ lake, onShowEvents }: IntegrityViewProps) {
  const [runs, setRuns] = useState(0);
  const [trail, setTrail] = useState<string | null>(null);
  const [strips, setStrips] = useState(STRIPS);
  const problems = useRef<HTMLDivElement>(null);
  const { data: run, error, loading } = useApi('integrity:get-run', {}, { version: runs });
  const { data: events } = useApi('integrity:count-events', {}, { version: runs });
  const neverVerified = !loading && !error && run === null;

  const pick = (name: string) => {
    setTrail(name);
    problems.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div className="integrity-view">
      <section className="panel" aria-labelledby="integrity-title">
        <h2 id="integrity-title">Integrity</h2>
        <p className="small">
          Checks the CloudTrail digest files in the case: each digest’s signature with AWS’s public keys, the chain of
          digests by hash and signature and its continuity, and every log file against the SHA-256 its digest lists.
          Everything is read from the case; nothing is fetched.
        </p>
        {neverVerified && !lake && (
          <p className="not-verified" data-testid="never-verified">
            This case was never verified: no digest or log file has been checked yet.
          </p>
        )}
        {lake && (
          <p className="caveat" role="note" data-testid="lake-integrity">
            This is a Parquet lake: validation needs the original log and digest files, so it runs on the case the lake
            was exported from.{' '}
            {run ? 'The run below is the one exported with the lake.' : 'No validation run was exported with it.'}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {!lake && (
          <>
            <VerifyPanel
              verifiedBefore={run !== null && run !== undefined}
              sourcesSince={run?.sources_since ?? 0}
              onVerified={() => setRuns((n) => n + 1)}
            />
            <KeysPanel run={run ?? null} />
          </>
        )}
      </section>
      {run && (
        <>
          <RunSummary run={run} events={events} />
          <section className="panel" aria-labelledby="integrity-trails">
            <h2 id="integrity-trails">Trails by hour</h2>
            {run.trails.length === 0 ? (
              <p>
                No digest of any trail is in the case: there is no chain to show. Digests lie under{' '}
                <code>AWSLogs/…/CloudTrail-Digest/</code> in a trail’s bucket.
              </p>
            ) : (
              run.trails
                .slice(0, strips)
                .map((t) => (
                  <TrailStrip
                    key={`${t.org_id ?? ''} ${t.account} ${t.region} ${t.trail} ${t.home_region}`}
                    runId={run.run_id}
                    trail={t}
                    onPick={pick}
                  />
                ))
            )}
            <ShowMore
              hidden={run.trails.length - strips}
              step={STRIPS}
              what="trails"
              onShow={() => setStrips((n) => n + STRIPS)}
            />
            <NotAllListed what="trails" listed={run.trails.length} total={run.trails_total} />
          </section>
          <div ref={problems}>
            <ProblemList
              key={run.run_id}
              runId={run.run_id}
              trails={run.trails}
              trail={trail}
              onTrail={setTrail}
              onShowEvents={onShowEvents}
            />
          </div>
          <GapList runId={run.run_id} gaps={run.gaps} total={run.summary.gaps} />
        </>
      )}
    </div>
  );
}
