import type { PipelineDiff } from '../../../shared/model/pipeline.ts';
import { plural } from '../../components/numbers.ts';
import { FindingForm } from '../findings/FindingForm.tsx';

/** Turns a comparison into a finding of the case, which the report will carry with its diff. */
export function AddFinding({ diff }: { diff: PipelineDiff }) {
  const security = diff.changes.filter((c) => c.security).length;
  return (
    <FindingForm
      label="Add this diff to the report"
      evidence={() => ({
        kind: 'pipeline-diff',
        name: diff.name,
        account: diff.account,
        region: diff.region,
        lineage: diff.lineage,
        from_version: diff.from_version,
        to_version: diff.to_version,
      })}
      draft={() => ({
        title: `${diff.name} v${diff.from_version} → v${diff.to_version}: ${security ? plural(security, 'security-relevant change', 'security-relevant changes') : plural(diff.changes.length, 'change', 'changes')}`,
        severity: security ? 'high' : 'info',
      })}
    />
  );
}
