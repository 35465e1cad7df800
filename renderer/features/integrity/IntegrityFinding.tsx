import type { Severity } from '../../../shared/model/finding.ts';
import type { IntegrityFileResult, IntegrityGap, IntegrityStatus } from '../../../shared/model/integrity.ts';
import { middleClip } from '../../components/middle-clip.ts';
import { FindingForm } from '../findings/FindingForm.tsx';

/** How grave a verdict is as a first guess; the analyst sets the severity before saving. */
const SEVERITY: Record<IntegrityStatus, Severity> = {
  invalid: 'high',
  missing: 'high',
  unlisted: 'medium',
  unverifiable: 'low',
  valid: 'info',
};

// Titles are at most 300 characters; a forged file's name can be any length.
const fileName = (key: string) => middleClip(key.split('/').pop() ?? key, 160);

type Problem = { file: IntegrityFileResult } | { gap: IntegrityGap };

/**
 * A file's verdict or a gap of one run becomes a finding: the core reads the verdict again
 * from that run, so the report carries what the case recorded, not what the page showed.
 */
export function IntegrityFinding({ runId, problem }: { runId: number; problem: Problem }) {
  return (
    <FindingForm
      label="Add to report"
      evidence={() =>
        'file' in problem
          ? {
              kind: 'integrity',
              run_id: runId,
              files: [{ kind: problem.file.kind, s3_object: problem.file.s3_object }],
              gaps: [],
            }
          : {
              kind: 'integrity',
              run_id: runId,
              files: [],
              gaps: [
                {
                  account: problem.gap.account,
                  region: problem.gap.region,
                  trail: problem.gap.trail,
                  home_region: problem.gap.home_region,
                  from: problem.gap.from,
                },
              ],
            }
      }
      draft={() =>
        'file' in problem
          ? {
              title: `${problem.file.kind === 'log' ? 'Log file' : 'Digest'} ${problem.file.status}: ${fileName(problem.file.s3_object)}`,
              severity: SEVERITY[problem.file.status],
            }
          : {
              title: `No digest of trail ${problem.gap.trail} (${problem.gap.region}) from ${problem.gap.from} to ${problem.gap.to}`,
              severity: 'medium',
            }
      }
    />
  );
}
