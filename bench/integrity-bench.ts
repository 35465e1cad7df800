import fs from 'node:fs';
import path from 'node:path';
import { CaseStore } from '../electron/core/case/case-store.ts';
import { verifyCase } from '../electron/core/integrity/verify-case.ts';
import type { VerifyProgress } from '../shared/model/integrity.ts';
import { publicKeysJson } from './signed-digest.ts';
import { integrityBenchmark, syntheticYearKey } from './synthetic-year.ts';
import { loadIntoCase } from './year-case.ts';

/** The target for validating a year of one trail once it is ingested. */
const TARGET_SECONDS = 10;
const YEAR_HOURS = 8760;
const YEAR_LOG_FILES = 100_000;

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/**
 * Integrity validation of a synthetic year (8,760 signed digests, 100,000 log files), two
 * ways: `validate` alone over inputs in memory, and the whole verification of a case file
 * holding them (reading DuckDB, validating, storing 110,000 verdicts with the run), which is
 * what a user waits for. Both against the target, and both must find every file valid.
 */
export async function integrityBench(out: string) {
  const year = integrityBenchmark(YEAR_HOURS, YEAR_LOG_FILES);
  if (year.result.files.some((f) => f.status !== 'valid') || year.result.gaps.length > 0)
    throw new Error('validate() did not find the synthetic year valid');

  const caseFile = path.join(out, 'integrity-year.duckdb');
  for (const f of [caseFile, `${caseFile}.wal`]) fs.rmSync(f, { force: true });
  const store = await CaseStore.open(caseFile, { create: true });
  const loadStarted = performance.now();
  await loadIntoCase(store, year.input);
  const loadMs = performance.now() - loadStarted;

  const steps: Partial<Record<VerifyProgress['step'], number>> = {};
  const started = performance.now();
  const cpu = process.cpuUsage();
  const outcome = await verifyCase(store, {
    keys: { text: publicKeysJson([syntheticYearKey()]), origin: 'list-public-keys.json' },
    onProgress: (p) => (steps[p.step] ??= p.elapsedSeconds * 1000),
  });
  const verifyMs = performance.now() - started;
  const verifyCpuMs = cpuSince(cpu);
  store.close();
  const { digests, log_files: logs } = outcome.run.summary;
  if (digests.valid !== year.digests || logs.valid !== year.log_files || outcome.run.gaps.length > 0) {
    throw new Error(
      `verifyCase did not find the synthetic year valid: ${JSON.stringify({ digests, log_files: logs, gaps: outcome.run.gaps.length })}`,
    );
  }

  const result = {
    digests: year.digests,
    logFiles: year.log_files,
    targetSeconds: TARGET_SECONDS,
    validate: {
      seconds: seconds(year.validate_ms),
      cpuSeconds: seconds(year.validate_cpu_ms),
      ratioToTarget: Number((year.validate_ms / 1000 / TARGET_SECONDS).toFixed(2)),
    },
    verifyCase: {
      seconds: seconds(verifyMs),
      cpuSeconds: seconds(verifyCpuMs),
      ratioToTarget: Number((verifyMs / 1000 / TARGET_SECONDS).toFixed(2)),
      readingSeconds: seconds(steps.validating! - steps.reading!),
      validatingSeconds: seconds(steps.storing! - steps.validating!),
      storingSeconds: seconds(verifyMs - steps.storing!),
    },
    setup: { buildAndSignSeconds: seconds(year.build_ms), caseRowsLoadedSeconds: seconds(loadMs) },
  };
  fs.writeFileSync(path.join(out, 'result-integrity.json'), JSON.stringify(result, null, 2));
  const v = result.verifyCase;
  console.log(`
Trailscope integrity benchmark: a synthetic year of one trail, ${result.digests.toLocaleString('en-US')} digests and ${result.logFiles.toLocaleString('en-US')} log files, all valid (target < ${TARGET_SECONDS} s)
  validate() in memory        ${result.validate.seconds} s   ${result.validate.ratioToTarget}x target   CPU ${result.validate.cpuSeconds} s
  verification of the case    ${v.seconds} s   ${v.ratioToTarget}x target   CPU ${v.cpuSeconds} s
    placing the digests in their trails ${v.readingSeconds} s, judging them trail by trail and the log files met with their listings, ${(result.digests + result.logFiles).toLocaleString('en-US')} verdicts staged, ${v.validatingSeconds} s, the run stored ${v.storingSeconds} s
  setup, not measured: year built and signed in ${result.setup.buildAndSignSeconds} s, its rows put in the case in ${result.setup.caseRowsLoadedSeconds} s
`);
  return result;
}
