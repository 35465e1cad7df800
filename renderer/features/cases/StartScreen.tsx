import { type FormEvent, useState } from 'react';
import { visibleText } from '../../../shared/visible-text.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';

interface StartScreenProps {
  /** A case is open; `ingest` holds the archives a new case is to be built from. */
  onOpened: (ingest: string[]) => void;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * Recent cases, opening a case file or a Parquet lake folder (`trailscope export --parquet`, which
 * opens read-only), and making a new case from archives.
 */
export function StartScreen({ onOpened }: StartScreenProps) {
  const recent = useApi('case:list-recent', {});
  const opening = useApiCall();
  const [openPath, setOpenPath] = useState('');
  const [newPath, setNewPath] = useState('');
  const [archives, setArchives] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const problem = missing ?? opening.error ?? recent.error;

  const open = (path: string, create: boolean, ingest: string[]) => {
    setMissing(null);
    opening.run(
      (client) => client.request('case:open', { path, create }),
      () => onOpened(ingest),
    );
  };

  const submitOpen = (e: FormEvent) => {
    e.preventDefault();
    if (openPath.trim()) open(openPath.trim(), false, []);
  };
  const submitNew = (e: FormEvent) => {
    e.preventDefault();
    if (!newPath.trim()) return setMissing('Say where the new case file goes.');
    if (lines(archives).length === 0)
      return setMissing('Give at least one folder, file or archive to build the case from.');
    open(newPath.trim(), true, lines(archives));
  };

  return (
    <main className="app-main start-screen">
      {problem && (
        <p className="error panel" role="alert">
          {problem}
        </p>
      )}
      <section className="panel" aria-labelledby="recent-title">
        <h2 id="recent-title">Recent cases</h2>
        {recent.data === null ? (
          <p className="muted">Reading…</p>
        ) : recent.data.length === 0 ? (
          <p className="muted">No case opened yet on this machine.</p>
        ) : (
          <ul className="recent-cases">
            {recent.data.map((c) => (
              <li key={c.path}>
                <button type="button" className="link" disabled={opening.busy} onClick={() => open(c.path, false, [])}>
                  {visibleText(c.path)}
                </button>
                {c.open && <span className="badge">open now</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="open-title">
        <h2 id="open-title">Open case</h2>
        <form onSubmit={submitOpen} className="ingest-form">
          <label htmlFor="open-path">Case file, or Parquet lake folder, on this machine</label>
          <input
            id="open-path"
            value={openPath}
            onChange={(e) => setOpenPath(e.target.value)}
            placeholder="/cases/acme.trailscope.duckdb"
            spellCheck={false}
          />
          <div className="actions">
            <button type="submit" disabled={opening.busy}>
              Open
            </button>
          </div>
        </form>
      </section>
      <section className="panel" aria-labelledby="new-title">
        <h2 id="new-title">New case from archives</h2>
        <form onSubmit={submitNew} className="ingest-form">
          <label htmlFor="new-path">New case file</label>
          <input
            id="new-path"
            value={newPath}
            onChange={(e) => setNewPath(e.target.value)}
            placeholder="/cases/acme.trailscope.duckdb"
            spellCheck={false}
          />
          <label htmlFor="new-archives">Folders, zips or files to build it from, one per line</label>
          <textarea
            id="new-archives"
            rows={3}
            value={archives}
            onChange={(e) => setArchives(e.target.value)}
            placeholder="/evidence/AWSLogs"
            spellCheck={false}
          />
          <div className="actions">
            <button type="submit" disabled={opening.busy}>
              Create and ingest
            </button>
            <span className="muted small">
              In the browser, archives can also be uploaded from the case screen once the case exists.
            </span>
          </div>
        </form>
      </section>
    </main>
  );
}
