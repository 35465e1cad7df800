import { useState } from 'react';
import {
  type IntegrityFileKind,
  type IntegrityFileResult,
  type IntegrityStatus,
  type IntegrityTrail,
  integrityStatuses,
} from '../../../shared/model/integrity.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { middleClip } from '../../components/middle-clip.ts';
import { count } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';
import { IntegrityFinding } from './IntegrityFinding.tsx';
import { StatusBadge } from './StatusBadge.tsx';

const PAGE = 100;
/** The most rows the list holds; past it, the filter narrows the list. */
const MOST = 2000;
// CloudTrail keys run to about 130 characters; a forged one can be any length.
const KEY_CHARS = 180;
const PROBLEMS: IntegrityStatus[] = integrityStatuses.filter((s) => s !== 'valid');

interface ProblemListProps {
  runId: number;
  trails: IntegrityTrail[];
  /** The trail whose files are listed (every trail when null); the strips set it too. */
  trail: string | null;
  onTrail: (trail: string | null) => void;
  onShowEvents: (sourceId: number) => void;
}

/** The run's file verdicts, worst first, filtered by status, kind and trail, a page at a time. */
export function ProblemList({ runId, trails, trail, onTrail, onShowEvents }: ProblemListProps) {
  const [statuses, setStatuses] = useState<IntegrityStatus[]>(PROBLEMS);
  const [kind, setKind] = useState<IntegrityFileKind | null>(null);
  const [shown, setShown] = useState(PAGE);
  const filter = { run_id: runId, statuses, ...(kind ? { kind } : {}), ...(trail ? { trail } : {}) };
  const {
    data: page,
    error,
    loading,
  } = useApi('integrity:list-files', { ...filter, limit: shown }, { keepPrevious: true });
  const trailNames = [...new Set(trails.map((t) => t.trail))].sort();

  const toggle = (status: IntegrityStatus) => {
    setShown(PAGE);
    setStatuses((now) =>
      now.includes(status)
        ? now.filter((s) => s !== status)
        : integrityStatuses.filter((s) => s === status || now.includes(s)),
    );
  };

  return (
    <section className="panel" aria-labelledby="integrity-problems" data-testid="integrity-problems">
      <h2 id="integrity-problems">Files by verdict</h2>
      <div className="problem-filters">
        <fieldset className="status-filter">
          <legend className="visually-hidden">Statuses</legend>
          {integrityStatuses.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={statuses.includes(s)} onChange={() => toggle(s)} />{' '}
              <StatusBadge status={s} />
            </label>
          ))}
        </fieldset>
        <label>
          Kind{' '}
          <select
            value={kind ?? ''}
            onChange={(e) => {
              setShown(PAGE);
              setKind((e.target.value || null) as IntegrityFileKind | null);
            }}
          >
            <option value="">log files and digests</option>
            <option value="log">log files</option>
            <option value="digest">digests</option>
          </select>
        </label>
        <label>
          Trail{' '}
          <select
            value={trail ?? ''}
            onChange={(e) => {
              setShown(PAGE);
              onTrail(e.target.value || null);
            }}
          >
            <option value="">every trail</option>
            {trailNames.map((t) => (
              <option key={t} value={t}>
                {middleClip(visibleText(t), 60)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {trail && (
        <p className="muted small">
          A log file belongs to the trail of the digest its verdict rests on; files no digest lists belong to none, and
          show under every trail.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && (
        <p className="list-total" role="status" data-testid="problems-total">
          {page.total === 0
            ? 'No file has these verdicts.'
            : `${count(page.total)} ${page.total === 1 ? 'file' : 'files'}, worst first${page.total > page.rows.length ? `; the first ${count(page.rows.length)} shown` : ''}.`}
          {loading && ' Reading…'}
        </p>
      )}
      {page && page.rows.length > 0 && (
        <ol className="problems" aria-label="Files">
          {page.rows.map((f) => (
            <ProblemRow
              key={`${f.kind} ${f.s3_object} ${f.path ?? ''}`}
              runId={runId}
              file={f}
              onShowEvents={onShowEvents}
            />
          ))}
        </ol>
      )}
      {page &&
        page.total > page.rows.length &&
        (shown < MOST ? (
          <button
            type="button"
            className="secondary"
            disabled={loading}
            onClick={() => setShown((n) => Math.min(n + PAGE * 5, MOST))}
          >
            Show more
          </button>
        ) : (
          <p className="muted small">
            The list stops at {count(MOST)} files: narrow it by status, kind or trail. The CLI (
            <code>trailscope verify</code>) and the integrity_files table hold them all.
          </p>
        ))}
    </section>
  );
}

function ProblemRow({
  runId,
  file,
  onShowEvents,
}: {
  runId: number;
  file: IntegrityFileResult;
  onShowEvents: (sourceId: number) => void;
}) {
  const time = useTimeFormat();
  const key = visibleText(file.s3_object);
  const foundElsewhere = file.path !== null && !file.path.replaceAll('\\', '/').endsWith(file.s3_object);
  return (
    <li className={`problem problem-${file.status}`} data-testid="problem">
      <div className="problem-head">
        <StatusBadge status={file.status} />
        <span className="problem-kind">{file.kind === 'log' ? 'log file' : 'digest'}</span>
        {file.time && <span className="time">{time(file.time)}</span>}
        <code className="problem-key" title={key}>
          {middleClip(key, KEY_CHARS)}
        </code>
      </div>
      <p className="problem-reason">
        <ClippedText text={file.reason} max={600} />
      </p>
      {foundElsewhere && (
        <p className="muted small problem-path">
          found at{' '}
          <code>
            <ClippedText text={file.path!} max={200} />
          </code>
        </p>
      )}
      <div className="actions problem-actions">
        {file.kind === 'log' && file.source_id !== null && (
          <button type="button" className="secondary" onClick={() => onShowEvents(file.source_id!)}>
            Show events
          </button>
        )}
        <IntegrityFinding runId={runId} problem={{ file }} />
      </div>
    </li>
  );
}
