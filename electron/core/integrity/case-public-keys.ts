import { createHash } from 'node:crypto';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { PublicKeyImport, PublicKeyInput, StoredPublicKey } from '../../../shared/model/integrity.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { parsePublicKeyList } from './public-key-list.ts';
import { formatUtc } from './utc-time.ts';

/**
 * Stores the keys of `aws cloudtrail list-public-keys` output in the case, and logs the
 * import with the file's SHA-256. Keys come from the analyst only, never from the evidence:
 * a key planted beside forged digests would vouch for them. A key the case already holds
 * (same fingerprint and DER) is not stored twice; the log names it all the same.
 */
export async function importPublicKeys(store: CaseStore, text: string, origin: string): Promise<PublicKeyImport> {
  const parsed = parsePublicKeyList(text, origin);
  if (!parsed.ok) throw new TrailscopeError('invalid-input', `${origin}: ${parsed.error}`);
  return store.writeAnalyst(async (db) => {
    const added: string[] = [];
    const alreadyHeld: string[] = [];
    for (const key of parsed.keys) {
      const inserted = await db.run(
        `INSERT INTO public_keys VALUES ($fingerprint, $der, $from::TIMESTAMPTZ, $to::TIMESTAMPTZ, $origin, now()) ON CONFLICT DO NOTHING`,
        { fingerprint: key.fingerprint, der: key.der_base64, from: key.valid_from, to: key.valid_to, origin },
      );
      (inserted.rowsChanged > 0 ? added : alreadyHeld).push(key.fingerprint);
    }
    const outcome: PublicKeyImport = { origin, added, already_held: alreadyHeld, rejected: parsed.rejected };
    await logAction(db, 'public-keys-imported', {
      ...outcome,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    return outcome;
  });
}

/**
 * Takes a key the analyst gave out of the case, so later runs no longer offer it: the wrong
 * file imported, or a key the analyst no longer trusts. Runs already stored keep the keys
 * they were given; the case log records what was forgotten.
 */
export async function forgetPublicKey(store: CaseStore, fingerprint: string): Promise<StoredPublicKey[]> {
  return store.writeAnalyst(async (db) => {
    const reader = new CaseReader(db);
    const held = await reader.number('SELECT count(*) FROM public_keys WHERE fingerprint = $fingerprint', {
      fingerprint,
    });
    if (held === 0)
      throw new TrailscopeError('not-found', `the case holds no public key with fingerprint ${fingerprint}`);
    await db.run('DELETE FROM public_keys WHERE fingerprint = $fingerprint', { fingerprint });
    await logAction(db, 'public-key-forgotten', { fingerprint, keys: held });
    return (await caseKeys(reader)).stored;
  });
}

interface KeyRow {
  fingerprint: string;
  der_base64: string;
  valid_from_ms: string | null;
  valid_to_ms: string | null;
  origin: string | null;
  imported_at: string;
}

const isoOrNull = (ms: string | null) => (ms === null ? null : formatUtc(Number(ms)));

/**
 * Every key the case holds, oldest import first, then by validity: as validation takes them, and as a run records them.
 */
export async function caseKeys(db: CaseReader): Promise<{ inputs: PublicKeyInput[]; stored: StoredPublicKey[] }> {
  const rows = await db.rows<KeyRow>(
    `SELECT fingerprint, der_base64, epoch_ms(valid_from) AS valid_from_ms, epoch_ms(valid_to) AS valid_to_ms, origin, strftime(imported_at, '%Y-%m-%dT%H:%M:%SZ') AS imported_at
     FROM public_keys ORDER BY imported_at, valid_from NULLS FIRST, fingerprint, der_base64`,
  );
  return {
    inputs: rows.map((r) => ({
      fingerprint: r.fingerprint,
      der_base64: r.der_base64,
      valid_from: isoOrNull(r.valid_from_ms),
      valid_to: isoOrNull(r.valid_to_ms),
      origin: r.origin,
    })),
    stored: rows.map((r) => ({
      fingerprint: r.fingerprint,
      valid_from: isoOrNull(r.valid_from_ms),
      valid_to: isoOrNull(r.valid_to_ms),
      origin: r.origin,
      imported_at: r.imported_at,
    })),
  };
}

/** The keys the case holds, for the UI and the CLI. */
export function listPublicKeys(store: CaseStore): Promise<StoredPublicKey[]> {
  return store.read(async (db) => (await caseKeys(db)).stored);
}
