import { describe, expect, it } from 'vitest';
import { addFinding, listFindings } from '../../electron/core/analyst/findings.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const evidence = { kind: 'pipeline-diff' as const, name: 'deploy-prod', account: '111122223333', region: 'us-east-1', lineage: 1, from_version: 2, to_version: 3 };

describe('findings made from a pipeline diff', () => {
  it('store the diff the core computes for the reference, and log the addition', async () => {
    const finding = await addFinding(store(), { title: 'Lambda exfiltration step added', severity: 'high', evidence });
    expect(finding).toMatchObject({ finding_id: 1, position: 1, severity: 'high', narrative: null });
    expect(finding.evidence).toMatchObject({ kind: 'pipeline-diff', from_version: 2, to_version: 3, diff: { changes: [{ path: 'stages[Approve]' }, { path: 'stages[Build].actions[Notify]' }] } });
    const log = await store().writer.runAndReadAll(`SELECT action, detail->>'title' AS title FROM case_log`);
    expect(log.getRowObjectsJson()).toEqual([{ action: 'finding-added', title: 'Lambda exfiltration step added' }]);
    expect((await listFindings(store())).map((f) => f.finding_id)).toEqual([1]);
  });

  it('refuse evidence the logs do not hold, and write nothing', async () => {
    await expect(addFinding(store(), { title: 'x', severity: 'low', evidence: { ...evidence, to_version: 9 } })).rejects.toThrow('version 9 of "deploy-prod"');
    expect(await listFindings(store())).toHaveLength(1);
  });
});
