import { describe, expect, it } from 'vitest';
import { caseDetails, saveCaseDetails } from '../../electron/core/analyst/case-details.ts';
import {
  addFinding,
  deleteFinding,
  editFinding,
  listFindings,
  moveFinding,
} from '../../electron/core/analyst/findings.ts';
import { EVIDENCE_ROWS } from '../../electron/core/analyst/resolve-evidence.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const diffRef = {
  kind: 'pipeline-diff' as const,
  name: 'deploy-prod',
  account: '111122223333',
  region: 'us-east-1',
  lineage: 1,
  from_version: 2,
  to_version: 3,
};
const log = async () =>
  (await store().writer.runAndReadAll(`SELECT action, detail FROM case_log ORDER BY entry_id`))
    .getRowObjectsJson()
    .map((r) => ({ action: r.action, detail: JSON.parse(String(r.detail)) }));

describe('findings', () => {
  it('from a pipeline diff keep the diff the core computes and who made the version', async () => {
    const finding = await addFinding(store(), {
      title: 'Lambda exfiltration step added',
      severity: 'high',
      evidence: diffRef,
    });
    expect(finding).toMatchObject({ finding_id: 1, position: 1, severity: 'high', narrative: null });
    expect(finding.evidence).toMatchObject({
      kind: 'pipeline-diff',
      diff: { changes: [{ path: 'stages[Approve]' }, { path: 'stages[Build].actions[Notify]' }] },
      changed_by: { version: 3, source_ip: '203.0.113.66', actor_arn: 'arn:aws:iam::111122223333:user/dana' },
    });
    expect((await log()).at(-1)).toMatchObject({
      action: 'finding-added',
      detail: { title: 'Lambda exfiltration step added', evidence: diffRef },
    });
  });

  it('from a query run the SQL again read-only, with the exact total and the first rows', async () => {
    const sql = `SELECT event_name, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC, event_name`;
    const finding = await addFinding(store(), {
      title: 'Calls by name',
      severity: 'info',
      attack_technique: 'T1580',
      evidence: { kind: 'query', sql },
    });
    const expected = (await store().writer.runAndReadAll(sql)).getRowsJson();
    expect(finding.evidence).toMatchObject({
      kind: 'query',
      sql,
      total_rows: expected.length,
      columns: [
        { name: 'event_name', type: 'VARCHAR' },
        { name: 'n', type: 'BIGINT' },
      ],
    });
    expect(finding.evidence.kind === 'query' && finding.evidence.rows).toEqual(expected.slice(0, EVIDENCE_ROWS));
    await expect(
      addFinding(store(), { title: 'x', severity: 'low', evidence: { kind: 'query', sql: 'DELETE FROM events' } }),
    ).rejects.toThrow(/read-only|cannot change/i);
  });

  it('from the volume chart keep the counts the chart shows', async () => {
    const finding = await addFinding(store(), {
      title: 'Burst',
      severity: 'medium',
      evidence: { kind: 'volume-chart', filter: { fields: { source_ip: ['203.0.113.66'] } }, stack_by: 'event_name' },
    });
    expect(finding.evidence.kind).toBe('volume-chart');
    if (finding.evidence.kind !== 'volume-chart') return;
    const { total } = (
      await store().writer.runAndReadAll(
        `SELECT count(*)::INTEGER AS total FROM events WHERE source_ip = '203.0.113.66'`,
      )
    ).getRowObjectsJson()[0] as { total: number };
    expect(finding.evidence.volume.total).toBe(total);
    expect(finding.evidence.volume.buckets.flatMap((b) => b.counts).reduce((a, b) => a + b, 0)).toBe(total);
    await expect(
      addFinding(store(), {
        title: 'x',
        severity: 'low',
        evidence: { kind: 'volume-chart', filter: { fields: { source_ip: ['192.0.2.1'] } }, stack_by: 'event_name' },
      }),
    ).rejects.toThrow('no events');
  });

  it('from events keep each event with its note, and refuse keys the case does not hold', async () => {
    const keys = (
      await store().writer.runAndReadAll(
        `SELECT event_key FROM events WHERE event_name IN ('StopLogging', 'CreateAccessKey') ORDER BY event_time`,
      )
    )
      .getRows()
      .map((r) => String(r[0]));
    const finding = await addFinding(store(), {
      title: 'Cover tracks',
      severity: 'critical',
      evidence: { kind: 'events', event_keys: [...keys].reverse() },
    });
    expect(finding.evidence.kind === 'events' && finding.evidence.events.map((e) => e.event_name)).toEqual([
      'StopLogging',
      'CreateAccessKey',
    ]);
    await expect(
      addFinding(store(), { title: 'x', severity: 'low', evidence: { kind: 'events', event_keys: ['nope@1'] } }),
    ).rejects.toThrow('no event nope@1');
  });

  it('refuse evidence the logs do not hold, and write nothing', async () => {
    const before = (await listFindings(store())).length;
    await expect(
      addFinding(store(), { title: 'x', severity: 'low', evidence: { ...diffRef, to_version: 9 } }),
    ).rejects.toThrow('version 9 of "deploy-prod"');
    expect(await listFindings(store())).toHaveLength(before);
  });

  it('are reworded, reordered and deleted, each change logged, positions kept 1..n', async () => {
    const edited = await editFinding(store(), 2, {
      title: 'Calls by event name',
      narrative: 'Counted.\nTwice.',
      attack_technique: '',
    });
    expect(edited).toMatchObject({
      title: 'Calls by event name',
      narrative: 'Counted.\nTwice.',
      attack_technique: null,
      severity: 'info',
    });
    expect(edited.evidence.kind).toBe('query');
    const moved = await moveFinding(store(), 4, 1);
    expect(moved.map((f) => [f.finding_id, f.position])).toEqual([
      [4, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    const left = await deleteFinding(store(), 1);
    expect(left.map((f) => [f.finding_id, f.position])).toEqual([
      [4, 1],
      [2, 2],
      [3, 3],
    ]);
    await expect(editFinding(store(), 1, { title: 'gone' })).rejects.toThrow('no finding 1');
    expect((await log()).slice(-3).map((e) => e.action)).toEqual([
      'finding-edited',
      'finding-moved',
      'finding-deleted',
    ]);
  });
});

describe('case details', () => {
  it('are empty until saved, then replaced whole, blanks stored as no value', async () => {
    expect(await caseDetails(store())).toEqual({
      case_name: null,
      investigator: null,
      opened_on: null,
      closed_on: null,
    });
    await saveCaseDetails(store(), {
      case_name: 'IR-2026-0042',
      investigator: 'R. Analyst',
      opened_on: '2026-11-03',
      closed_on: null,
    });
    expect(
      await saveCaseDetails(store(), {
        case_name: 'IR-2026-0042 deploy-prod',
        investigator: '  ',
        opened_on: '2026-11-03',
        closed_on: '2026-11-20',
      }),
    ).toEqual({
      case_name: 'IR-2026-0042 deploy-prod',
      investigator: null,
      opened_on: '2026-11-03',
      closed_on: '2026-11-20',
    });
    expect((await log()).at(-1)?.action).toBe('case-details-saved');
  });
});
