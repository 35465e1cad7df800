import { describe, expect, it } from 'vitest';
import { integrityBenchmark } from '../../bench/synthetic-year.ts';

describe('validating a year of one trail', () => {
  it('validates 8,760 signed digests and about 100,000 log files, all valid, and reports the time', () => {
    const run = integrityBenchmark(8760, 100_000);
    console.log(
      `integrity: ${run.digests} digests, ${run.log_files} log files validated in ${run.validate_ms.toFixed(0)} ms (${run.validate_cpu_ms.toFixed(0)} ms of CPU; synthetic year built and signed in ${run.build_ms.toFixed(0)} ms)`,
    );
    expect(run.result.summary.digests).toMatchObject({ valid: 8760, invalid: 0, unverifiable: 0 });
    expect(run.result.summary.log_files).toMatchObject({ valid: 100_000, invalid: 0, missing: 0, unlisted: 0 });
    expect(run.result.gaps).toEqual([]);
  }, 180_000);
});
