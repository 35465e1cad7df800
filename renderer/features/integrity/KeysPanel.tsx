import { type ChangeEvent, useState } from 'react';
import type { IntegrityRun, PublicKeyImport } from '../../../shared/model/integrity.ts';
import { useApi } from '../../api/use-api.ts';
import { useApiCall } from '../../api/use-api-call.ts';
import { plural } from '../../components/numbers.ts';
import { useTimeFormat } from '../../components/time-zone.ts';

const PASTED = 'pasted list-public-keys output';

function importText(done: PublicKeyImport): string {
  const parts = [`${plural(done.added.length, 'key', 'keys')} added`];
  if (done.already_held.length) parts.push(`${plural(done.already_held.length, 'key', 'keys')} already held`);
  if (done.rejected.length) parts.push(`${plural(done.rejected.length, 'key', 'keys')} refused`);
  return `From ${done.origin}: ${parts.join(', ')}.`;
}

/**
 * AWS's public keys, given by the analyst as `aws cloudtrail list-public-keys` output (a file
 * or pasted text) and stored in the case. Keys are never taken from the evidence: keys planted
 * beside forged digests would vouch for them.
 */
export function KeysPanel({ run }: { run: IntegrityRun | null }) {
  const time = useTimeFormat();
  const keyCall = useApiCall();
  const [imports, setImports] = useState(0);
  const [pasted, setPasted] = useState('');
  const [done, setDone] = useState<PublicKeyImport | null>(null);
  const { data: keys, error } = useApi('integrity:list-keys', {}, { version: imports });

  const store = (read: () => Promise<{ text: string; origin: string }>) =>
    keyCall.run(
      async (client) => client.request('integrity:import-keys', await read()),
      (outcome) => {
        setDone(outcome);
        setImports((n) => n + 1);
      },
    );
  // Later runs no longer offer it; runs already stored keep the keys they were given.
  const forget = (fingerprint: string) =>
    keyCall.run(
      (client) => client.request('integrity:forget-key', { fingerprint }),
      () => {
        setDone(null);
        setImports((n) => n + 1);
      },
    );
  const fromFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) store(async () => ({ text: await file.text(), origin: file.name }));
  };
  const unused =
    run && keys
      ? keys.filter((k) => !run.keys.some((r) => r.fingerprint === k.fingerprint && r.valid_from === k.valid_from))
          .length
      : 0;

  return (
    <div className="keys-panel">
      <h3>Public keys</h3>
      <p className="muted small">
        Signatures are checked with AWS’s public keys: save the output of{' '}
        <code>aws cloudtrail list-public-keys --start-time … --end-time …</code> on a machine with AWS access and give
        it here. Without keys, hashes and the chain are still checked, and signatures are reported as unverifiable, with
        the reason.
      </p>
      <div className="actions">
        <label className="upload">
          Import keys from a file
          <input
            type="file"
            accept=".json,.txt,application/json,text/plain"
            onChange={fromFile}
            disabled={keyCall.busy}
            data-testid="keys-file"
          />
        </label>
      </div>
      <details className="paste-keys">
        <summary>or paste the output</summary>
        <textarea
          rows={5}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          spellCheck={false}
          aria-label="list-public-keys output"
          placeholder='{"PublicKeyList": [ … ]}'
        />
        <button
          type="button"
          className="secondary"
          disabled={keyCall.busy || !pasted.trim()}
          onClick={() => store(async () => ({ text: pasted, origin: PASTED }))}
        >
          Import pasted keys
        </button>
      </details>
      {keyCall.error && (
        <p className="error" role="alert">
          {keyCall.error}
        </p>
      )}
      {done && (
        <div role="status" data-testid="keys-imported">
          <p className="small">{importText(done)}</p>
          {done.rejected.length > 0 && (
            <ul className="small errors">
              {done.rejected.map((r) => (
                <li key={r.fingerprint}>
                  <code>{r.fingerprint}</code>: {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {keys && keys.length === 0 && (
        <p className="small" data-testid="no-keys">
          The case holds no public key.
        </p>
      )}
      {keys && keys.length > 0 && (
        <table className="keys" data-testid="keys">
          <thead>
            <tr>
              <th scope="col">Fingerprint</th>
              <th scope="col">Valid</th>
              <th scope="col">From</th>
              <th scope="col">Imported</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={`${k.fingerprint} ${k.valid_from ?? ''}`}>
                <td>
                  <code className="hash">{k.fingerprint}</code>
                </td>
                <td>
                  {k.valid_from ? time(k.valid_from) : 'any time'} to {k.valid_to ? time(k.valid_to) : 'now'}
                </td>
                <td>{k.origin ?? '(not named)'}</td>
                <td>{time(k.imported_at)}</td>
                <td>
                  <button
                    type="button"
                    className="link"
                    disabled={keyCall.busy}
                    aria-label={`Forget key ${k.fingerprint}`}
                    onClick={() => forget(k.fingerprint)}
                  >
                    Forget
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run && unused > 0 && (
        <p className="caveat small">
          {plural(unused, 'key was', 'keys were')} imported after the latest run: verify again to use{' '}
          {unused === 1 ? 'it' : 'them'}.
        </p>
      )}
    </div>
  );
}
