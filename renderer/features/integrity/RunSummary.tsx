import { type EventIntegrityCounts, type IntegrityRun, integrityStatuses } from '../../../shared/model/integrity.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { count, plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** What the latest verification checked, with which keys, what it found, and what it could not check. */
export function RunSummary({ run, events }: { run: IntegrityRun; events: EventIntegrityCounts | null }) {
  const time = useTimeFormat();
  const { summary } = run;
  const keys =
    run.keys.length === 0
      ? 'no public key, so no signature was checked'
      : plural(run.keys.length, 'public key', 'public keys');
  return (
    <section className="panel" aria-labelledby="integrity-run" data-testid="integrity-summary">
      <h2 id="integrity-run">Latest verification</h2>
      <p>
        Run {run.run_id}, {time(run.ran_at)}, by Trailscope {run.trailscope_version}, with {keys}. It read{' '}
        {plural(run.inputs.digests, 'digest', 'digests')}, {plural(run.inputs.log_files, 'log file', 'log files')} and{' '}
        {plural(run.inputs.signatures, 'saved head-object output', 'saved head-object outputs')}.
      </p>
      <table className="verdict-counts" aria-label="Verdicts">
        <thead>
          <tr>
            <th scope="col" />
            {integrityStatuses.map((s) => (
              <th key={s} scope="col">
                <StatusBadge status={s} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Digests</th>
            {integrityStatuses.map((s) => (
              <td key={s} data-testid={`digests-${s}`}>
                {count(summary.digests[s])}
              </td>
            ))}
          </tr>
          <tr>
            <th scope="row">Log files</th>
            {integrityStatuses.map((s) => (
              <td key={s} data-testid={`log-files-${s}`}>
                {count(summary.log_files[s])}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <dl className="summary run-facts">
        <div>
          <dt>Signatures</dt>
          <dd data-testid="signatures">
            {count(summary.signatures.verified)} verified, {count(summary.signatures.failed)} failed,{' '}
            {count(summary.signatures.not_checked)} not checked
          </dd>
        </div>
        <div>
          <dt>Gaps in the digest chains</dt>
          <dd>
            {summary.gaps === 0
              ? 'none'
              : `${plural(summary.gaps, 'gap', 'gaps')}, ${plural(summary.gap_hours, 'hour', 'hours')}`}
          </dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd data-testid="event-integrity">
            {events
              ? `${count(events.verified)} verified, ${count(events['invalid-only'])} only from invalid files, ${count(events.unverified)} unverified`
              : '…'}
          </dd>
        </div>
      </dl>
      {summary.keys.length > 0 && (
        <p className="small">
          {summary.keys
            .map((k) => `key ${k.fingerprint} verified ${plural(k.verified, 'digest', 'digests')}`)
            .join('; ')}
          .
        </p>
      )}
      {summary.rejected_keys.map((k) => (
        <p key={`${k.fingerprint} ${k.origin ?? ''}`} className="caveat small">
          Key {k.fingerprint}
          {k.origin ? ` from ${k.origin}` : ''} was not used: {k.reason}
        </p>
      ))}
      {summary.notes.length > 0 && (
        <>
          <h3>What was and was not verified</h3>
          <ul className="run-notes">
            {summary.notes.map((note) => (
              <li key={note}>{visibleText(note)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
