import { type ChangeEvent, useState } from 'react';
import type { SigmaImportResult } from '../../../shared/model/detection.ts';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { ClippedText } from '../../components/ClippedText.tsx';
import { middleClip } from '../../components/middle-clip.ts';
import { plural } from '../../components/numbers.ts';
import { ShowMore } from '../../components/ShowMore.tsx';

/** The API takes a rule file of at most 256 KiB; a larger one is refused here, with the others sent. */
const MOST_BYTES = 256 * 1024;
const MOST_FILES = 200;
/** Documents listed at first: an import of 200 files of 200 documents each answers 40,000. */
const LISTED = 100;
const MORE_LISTED = 500;

/**
 * Sigma rules from files the analyst picks, read in the page (the renderer has no file
 * system) and compiled by the core into the case's own rules. Each document's fate is listed;
 * the rules imported are then run, so their hits show at once.
 */
export function SigmaImport({ onImported }: { onImported: (ruleIds: string[]) => void }) {
  const importing = useApiCall();
  const [results, setResults] = useState<SigmaImportResult[] | null>(null);

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = [...(event.target.files ?? [])];
    event.target.value = '';
    if (picked.length === 0) return;
    setResults(null);
    const tooLarge: SigmaImportResult[] = picked
      .filter((f) => f.size > MOST_BYTES)
      .map((f) => ({ ok: false, source_name: f.name, title: null, reason: 'the file is larger than 256 KiB.' }));
    const sent = picked.filter((f) => f.size <= MOST_BYTES).slice(0, MOST_FILES);
    const left = picked.filter((f) => f.size <= MOST_BYTES).slice(MOST_FILES);
    const notSent: SigmaImportResult[] = left.map((f) => ({
      ok: false,
      source_name: f.name,
      title: null,
      reason: `not sent: an import takes at most ${MOST_FILES} files at a time.`,
    }));
    if (sent.length === 0) {
      setResults([...tooLarge, ...notSent]);
      return;
    }
    importing.run(
      async (client) =>
        client.request('detect:import-sigma', {
          files: await Promise.all(sent.map(async (f) => ({ name: f.name, text: await f.text() }))),
        }),
      (answers) => {
        setResults([...answers, ...tooLarge, ...notSent]);
        const ids = answers.flatMap((a) => (a.ok ? [a.rule_id] : []));
        if (ids.length > 0) onImported(ids);
      },
    );
  };

  return (
    <div className="sigma-import">
      <label className="upload">
        <span className="button-like secondary">Import Sigma rules…</span>
        <input
          type="file"
          accept=".yml,.yaml"
          multiple
          onChange={pick}
          disabled={importing.busy}
          data-testid="sigma-files"
          className="visually-hidden"
        />
      </label>
      {importing.busy && <span className="muted">Compiling the rules…</span>}
      {importing.error && (
        <p className="error" role="alert">
          {importing.error}
        </p>
      )}
      {results && <ImportResults results={results} onClose={() => setResults(null)} />}
    </div>
  );
}

function ImportResults({ results, onClose }: { results: SigmaImportResult[]; onClose: () => void }) {
  const imported = results.filter((r) => r.ok).length;
  const [listed, setListed] = useState(LISTED);
  return (
    <section className="sigma-results" aria-label="Sigma import" data-testid="sigma-results">
      <header className="actions">
        <strong>
          {plural(imported, 'rule', 'rules')} imported, {plural(results.length - imported, 'document', 'documents')}{' '}
          refused
          {imported > 0 && ': the imported rules run now'}
        </strong>
        <button type="button" className="link small" onClick={onClose}>
          Close
        </button>
      </header>
      <ul>
        {results.slice(0, listed).map((r, i) => (
          // The same file may hold several documents, even several of one title.
          <li key={`${i} ${r.source_name}`} className={r.ok ? 'imported' : 'refused'} data-testid="sigma-result">
            <span className={`badge ${r.ok ? 'imported' : 'security'}`}>
              {r.ok ? (r.replaced ? 'replaced' : 'imported') : 'refused'}
            </span>{' '}
            <span className="muted" title={visibleText(r.source_name)}>
              {middleClip(visibleText(r.source_name), 60)}
            </span>
            {r.title !== null && <> · {middleClip(visibleText(r.title), 120)}</>}
            {r.ok ? (
              <>
                {' '}
                as <code>{r.rule_id}</code>
              </>
            ) : (
              <>
                : <ClippedText text={r.reason} max={400} />
              </>
            )}
          </li>
        ))}
      </ul>
      <ShowMore
        hidden={results.length - listed}
        step={MORE_LISTED}
        what="documents"
        onShow={() => setListed((n) => n + MORE_LISTED)}
      />
    </section>
  );
}
