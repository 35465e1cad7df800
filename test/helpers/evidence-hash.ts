import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The tables a hostile input or statement must never change. */
export const EVIDENCE_TABLES = [
  'events',
  'sources',
  'event_sources',
  'rejected_records',
  'event_conflicts',
  'ingests',
  'case_log',
] as const;

/**
 * One fingerprint per evidence table: its row count and an order-independent hash of every
 * row, read from the case file by a fresh, read-only DuckDB instance (so the case must not be
 * open elsewhere). Two snapshots compare equal only when no row was added, removed or changed.
 */
export async function evidenceHashes(caseFile: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(caseFile, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    const hashes: Record<string, string> = {};
    for (const table of EVIDENCE_TABLES) {
      // bit_xor of per-row md5 prefixes is independent of storage order; count catches a row and its twin.
      const reader = await db.runAndReadAll(
        `SELECT count(*)::VARCHAR || ':' || coalesce(bit_xor(hash(md5(t::VARCHAR)))::VARCHAR, '-') FROM ${table} t`,
      );
      hashes[table] = String(reader.getRows()[0]![0]);
    }
    return hashes;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Every file under a folder (a lake, say) by its relative path, with its SHA-256. */
export function folderHashes(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }).map(String).sort()) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) files[name] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return files;
}
