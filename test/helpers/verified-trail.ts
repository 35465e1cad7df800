import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { integrityFiles } from '../../electron/core/integrity/integrity-runs.ts';
import { awsLogsKey } from '../../electron/core/integrity/object-keys.ts';
import { verifyCase } from '../../electron/core/integrity/verify-case.ts';
import type { IntegrityFileResult, IntegrityStatus, VerifyDone } from '../../shared/model/integrity.ts';
import { trailscope } from './cli.ts';
import {
  type EvidenceOptions,
  publicKeysJson,
  type SignedTrail,
  type SigningKey,
  signedTrail,
  type TrailSpec,
  writeTrail,
} from './signed-trail.ts';

/**
 * A signed trail as a story: its files labelled D0–D5 (digests by hour, B for backfill) and
 * L0… (log files in order), tampered with by the test, then written to disk, ingested by the
 * core's ingest and verified from the case. Verdicts come back by label. The CLI's own ingest and
 * verify are verify-cli.test.ts's: a CLI process for each story took about 1.4 s of its 2.2 s.
 */

export type Verdicts = Record<string, IntegrityStatus>;

const stores: CaseStore[] = [];
afterAll(() => {
  for (const store of stores) store.close();
});

export function trailStory(spec: TrailSpec = {}) {
  const trail = signedTrail({ hours: 6, ...spec });
  const labels = new Map<string, string>();
  for (const d of trail.digests) labels.set(awsLogsKey(d.key), `${d.backfill ? 'B' : 'D'}${d.hour}`);
  trail.logFiles.forEach((f, i) => labels.set(awsLogsKey(f.key), `L${i}`));
  const labelOf = (key: string) => labels.get(key) ?? key.split('/').pop()!;
  return {
    trail,
    digest: (hour: number) => trail.digests.find((d) => d.hour === hour && !d.backfill)!,
    log: (i: number) => trail.logFiles[i]!,
    /** Every file of the trail as built, valid. */
    allValid: Object.fromEntries([...labels.values()].map((l) => [l, 'valid'])) as Verdicts,
    labelOf,
    verdicts: (files: IntegrityFileResult[]): Verdicts =>
      Object.fromEntries(files.map((f) => [labelOf(f.s3_object), f.status])),
    file: (files: IntegrityFileResult[], label: string) => files.find((f) => labelOf(f.s3_object) === label)!,
  };
}

export interface VerifyOnDisk extends EvidenceOptions {
  /** Keys given to the verification; the trail's own by default, none when empty. */
  given?: SigningKey[];
}

export interface VerifiedCase {
  store: CaseStore;
  caseFile: string;
  evidence: string;
  outcome: VerifiedRun;
}

/** A verification as the tests read it: its run, and every verdict it stored, as the API pages them. */
export interface VerifiedRun extends VerifyDone {
  files: IntegrityFileResult[];
}

/** Every verdict a run stored. */
export async function storedVerdicts(store: CaseStore, runId: number): Promise<IntegrityFileResult[]> {
  const files: IntegrityFileResult[] = [];
  for (;;) {
    const page = await integrityFiles(store, { run_id: runId, limit: 1000, offset: files.length });
    for (const row of page.rows) files.push(row);
    if (page.rows.length === 0 || files.length >= page.total) return files;
  }
}

/**
 * Ingests paths into a case with the real CLI, as an analyst would, without the detection run
 * after it: these tests read integrity, and the pack would double each ingest's time.
 */
export function ingestWithCli(caseFile: string, ...paths: string[]): void {
  const ingested = trailscope('ingest', '--case', caseFile, '--json', '--no-detect', ...paths);
  expect(ingested.code, ingested.stderr).toBe(0);
}

/** Opens a case, to be closed after the test file. */
export async function openCase(caseFile: string, options: { create?: boolean } = {}): Promise<CaseStore> {
  const store = await CaseStore.open(caseFile, options);
  stores.push(store);
  return store;
}

/** Closes a case before the end of the file, so that the CLI can open it again. */
export function closeCase(store: CaseStore): void {
  stores.splice(stores.indexOf(store), 1);
  store.close();
}

/** Verifies an open case with the given keys (none when empty). */
export async function verifyWith(store: CaseStore, given: SigningKey[]): Promise<VerifiedRun> {
  const done = await verifyCase(
    store,
    given.length > 0 ? { keys: { text: publicKeysJson(given), origin: 'given-keys.json' } } : {},
  );
  return { ...done, files: await storedVerdicts(store, done.run.run_id) };
}

/**
 * Writes the trail under `dir/evidence` (with `keys` as a list-public-keys file among it), ingests it into
 * `dir/case.duckdb` (made, or the one there), verifies the case.
 */
export async function verifyOnDisk(dir: string, trail: SignedTrail, options: VerifyOnDisk = {}): Promise<VerifiedCase> {
  const evidence = path.join(dir, 'evidence');
  writeTrail(evidence, trail, options);
  const caseFile = path.join(dir, 'case.duckdb');
  const store = await openCase(caseFile, { create: true });
  await ingest(store, [evidence]);
  return { store, caseFile, evidence, outcome: await verifyWith(store, options.given ?? trail.keys) };
}
