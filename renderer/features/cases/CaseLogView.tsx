import { useState } from 'react';
import type { CaseLogEntry } from '../../../shared/model/case-log.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { useViewState } from '../../app/view-state.tsx';
import { IdentifierText } from '../../components/IdentifierText.tsx';
import { useTimeFormat } from '../../components/time-zone.ts';
import { entryFacts, entrySentence, entryTitle } from './case-log-words.ts';

const PAGE = 50;
const MOST = 1000;

/** Facts whose values name things (files, hashes, keys): shown whole or cut in the middle, never at the end. */
const FACT_CHARS = 96;

function Entry({ entry }: { entry: CaseLogEntry }) {
  const [open, setOpen] = useState(false);
  const time = useTimeFormat();
  const sentence = entrySentence(entry);
  const facts = entryFacts(entry);
  return (
    <li className="log-entry">
      <time className="log-time" dateTime={entry.at}>
        {time(entry.at)}
      </time>
      <div className="log-body">
        <div className="log-title">{entryTitle(entry.action)}</div>
        {sentence && <p className="log-sentence">{visibleText(sentence)}</p>}
        {facts.length > 0 && (
          <dl className="log-facts small">
            {facts.map((fact) => (
              <div key={fact.label}>
                <dt>{fact.label}</dt>
                <dd>{fact.time ? time(fact.value) : <IdentifierText value={fact.value} max={FACT_CHARS} />}</dd>
              </div>
            ))}
          </dl>
        )}
        <button type="button" className="link small" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'hide the entry as logged' : 'the entry as logged'}
        </button>
        {open && (
          <pre className="json log-detail">
            {visibleText(JSON.stringify({ action: entry.action, at: entry.at, detail: entry.detail }, null, 2))}
          </pre>
        )}
      </div>
    </li>
  );
}

/**
 * The chain of custody, newest first: what came into the case (every ingest, with what it
 * added) and every exported, verified or recorded step since, as the case log holds it.
 */
export function CaseLogView({ version }: { version: string }) {
  const [limit, setLimit] = useViewState('case.logLimit', PAGE);
  const log = useApi('case:list-log', { limit, offset: 0 }, { version, keepPrevious: true });
  if (log.error)
    return (
      <p className="error" role="alert">
        Could not read the case log: {log.error}
      </p>
    );
  if (!log.data) return <p className="muted">Reading the case log…</p>;
  const { entries, total } = log.data;
  if (total === 0) return <p className="muted">Nothing has been done with this case yet: no ingest, no export.</p>;
  return (
    <div className="case-log" data-testid="case-log">
      <p className="muted small">
        {total === entries.length
          ? `${total.toLocaleString('en-US')} ${total === 1 ? 'entry' : 'entries'}, newest first.`
          : `The newest ${entries.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} entries; all are in the tables case_log and ingests.`}{' '}
        Trailscope only adds entries: none is ever changed or removed.
      </p>
      <ol className="log-entries">
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </ol>
      {entries.length < total && limit < MOST && (
        <button type="button" className="link" onClick={() => setLimit(Math.min(MOST, limit + PAGE))}>
          Show {Math.min(PAGE, total - entries.length).toLocaleString('en-US')} older
        </button>
      )}
    </div>
  );
}
