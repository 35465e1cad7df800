import type { DetectionRule, DetectionRun } from '../../../shared/model/detection.ts';
import { count, plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

const duration = (ms: number) =>
  ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

/**
 * When the latest run was, what started it, and what it covered. Its times are whole seconds,
 * so how long it took is said by its rules' own timings. Events ingested since (by
 * `trailscope ingest --no-detect`, or behind a cancelled run) are said to be uncovered.
 */
export function LatestRun({ run, rules, eventsNow }: { run: DetectionRun; rules: DetectionRule[]; eventsNow: number }) {
  const time = useTimeFormat();
  const ms = rules.reduce((sum, r) => sum + (r.result?.run_id === run.run_id ? r.result.duration_ms : 0), 0);
  const which =
    run.rules_run === rules.length
      ? `all ${plural(rules.length, 'rule', 'rules')}`
      : `${count(run.rules_run)} of the ${plural(rules.length, 'rule', 'rules')} (the others show their earlier results)`;
  const uncovered = eventsNow - run.events_in_case;
  return (
    <>
      <p data-testid="latest-run">
        Latest run {run.run_id}: {time(run.finished_at)}, {run.trigger === 'ingest' ? 'after an ingest' : 'on request'},{' '}
        {which} over {plural(run.events_in_case, 'event', 'events')} in the case (the rules took {duration(ms)}), by
        Trailscope {run.trailscope_version}.
      </p>
      {uncovered > 0 && (
        <p className="not-verified" data-testid="uncovered-events">
          The case holds {plural(eventsNow, 'event', 'events')} now: {plural(uncovered, 'event', 'events')} ingested
          since this run {uncovered === 1 ? 'is' : 'are'} in none of its results. Run all detections to cover them.
        </p>
      )}
    </>
  );
}
