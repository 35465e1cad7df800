import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { detectionOverview } from '../../electron/core/detect/detection-results.ts';
import { reportDetections } from '../../electron/core/report/report-detections.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { writeFile } from '../helpers/archives.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

interface DetectJson {
  rules: number;
  hits: {
    rule: string;
    title: string;
    severity: string;
    attack: string[];
    event_keys: string[];
    count: number;
    first: string;
    last: string;
  }[];
  failed: unknown[];
  sigma?: { ok: boolean; rule_id?: string; reason?: string }[];
}

const SIGMA = `title: Trail stopped from a scripting agent
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: StopLogging
    userAgent|contains: python-requests
  condition: selection
level: critical
tags:
  - attack.t1562.008
---
title: Counted bursts
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: DeleteSnapshot
  condition: selection | count() > 5
`;

describe('trailscope detect', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'demo.duckdb');
  let ingested: { detections: { run_id: number; rules_run: number; hits: number; failed: unknown[] } };

  beforeAll(() => {
    ingested = trailscopeJson('ingest', '--case', caseFile, '--json', 'samples/demo-archive');
    writeFile(path.join(dir, 'rules/stopped.yml'), SIGMA);
  });

  it('runs the pack after every ingest and says so', () => {
    expect(ingested.detections).toMatchObject({ run_id: 1, failed: [] });
    expect(ingested.detections.rules_run).toBeGreaterThanOrEqual(100);
    expect(ingested.detections.hits).toBeGreaterThan(0);
  });

  it('prints every hit as JSON, with its rule, techniques, events and span', () => {
    const out = trailscopeJson<DetectJson>('detect', '--case', caseFile, '--json');
    expect(out.rules).toBe(ingested.detections.rules_run);
    expect(out.failed).toEqual([]);
    const stop = out.hits.find((h) => h.rule === 'cloudtrail-logging-changed');
    expect(stop).toMatchObject({
      severity: expect.any(String),
      count: 1,
      attack: expect.arrayContaining(['T1562.008']),
    });
    expect(stop!.event_keys).toHaveLength(1);
    expect(stop!.first).toBe(stop!.last);
    for (const hit of out.hits) expect(hit.event_keys.length).toBe(Math.min(hit.count, 1000));
  });

  it('filters by severity and by rule, and refuses an unknown rule', () => {
    const high = trailscopeJson<DetectJson>('detect', '--case', caseFile, '--json', '--min-severity', 'high');
    expect(high.hits.every((h) => h.severity === 'high' || h.severity === 'critical')).toBe(true);
    const one = trailscopeJson<DetectJson>(
      'detect',
      '--case',
      caseFile,
      '--json',
      '--rule',
      'cloudtrail-logging-changed',
    );
    expect(one.rules).toBe(1);
    expect(new Set(one.hits.map((h) => h.rule))).toEqual(new Set(['cloudtrail-logging-changed']));
    const unknown = trailscope('detect', '--case', caseFile, '--rule', 'no-such-rule');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no-such-rule/);
    expect(trailscope('detect', '--case', caseFile, '--min-severity', 'severe').code).toBe(2);
  });

  it('prints a summary by severity, then the hits', () => {
    const run = trailscope('detect', '--case', caseFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Detections: \d+ rules run over \d+ events/);
    expect(run.stdout).toMatch(/critical\s+\d+ hits?/);
    expect(run.stdout).toMatch(/cloudtrail-logging-changed/);
    // A user agent from the demo's attacker is markup and escapes; the terminal gets it inert.
    expect(run.stdout).not.toMatch(/\u001b/);
  });

  it("imports Sigma rules, refuses what it cannot compile, and runs the user's rule beside the pack", () => {
    const out = trailscopeJson<DetectJson>(
      'detect',
      '--case',
      caseFile,
      '--json',
      '--import-sigma',
      path.join(dir, 'rules'),
    );
    expect(out.sigma).toEqual([
      expect.objectContaining({ ok: true, rule_id: expect.stringMatching(/^sigma-/) }),
      expect.objectContaining({ ok: false, reason: expect.stringMatching(/count|aggregat/i) }),
    ]);
    const id = out.sigma![0]!.rule_id!;
    expect(out.hits.filter((h) => h.rule === id)).toHaveLength(1);
    expect(out.rules).toBe(ingested.detections.rules_run + 1);
  });

  it('lists the rules with and without a case', () => {
    const pack = trailscopeJson<Detection[]>('detect', '--list', '--json');
    expect(pack.length).toBeGreaterThanOrEqual(100);
    expect(pack.every((r) => r.origin === 'pack')).toBe(true);
    const withCase = trailscopeJson<Detection[]>('detect', '--list', '--json', '--case', caseFile);
    expect(withCase.filter((r) => r.origin === 'sigma')).toHaveLength(1);
    expect(trailscope('detect', '--list').stdout).toMatch(/\d+ rules\.\n$/);
  });
});

describe('trailscope ingest --no-detect', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'case.duckdb');

  it('leaves detections unrun, and the view and the report then say which events no result covers', async () => {
    const ingested = (what: string) =>
      trailscopeJson<{ events_added: number; detections: unknown }>(
        'ingest',
        '--case',
        caseFile,
        '--json',
        '--no-detect',
        what,
      );
    const skipped = ingested('samples/demo-archive');
    expect(skipped.detections).toBeNull();
    expect(skipped.events_added).toBeGreaterThan(0);
    const text = trailscope('ingest', '--case', path.join(dir, 'other.duckdb'), '--no-detect', 'samples/demo-archive');
    expect(text.stdout).toMatch(/\nDetections: not run \(--no-detect\); trailscope detect --case FILE runs them\.\n$/);

    const ran = trailscopeJson<{ rules: number }>('detect', '--case', caseFile, '--json');
    expect(ran.rules).toBeGreaterThanOrEqual(100);
    const more = ingested('test/fixtures/corpus/flaws2-real-trail-log.json');
    expect(more.detections).toBeNull();
    expect(more.events_added).toBeGreaterThan(0);

    const store = await CaseStore.open(caseFile);
    try {
      const overview = await detectionOverview(store);
      expect(overview.run!.run_id).toBe(1);
      expect(overview.events_now - overview.run!.events_in_case).toBe(more.events_added);
      const section = await store.read((reader) => reportDetections(reader));
      expect(section.note).toContain(
        `${more.events_added.toLocaleString('en-US')} events ingested since that run are in none of these results.`,
      );
    } finally {
      store.close();
    }
    // A run on request covers them again, and the report stops saying so.
    trailscopeJson('detect', '--case', caseFile, '--json');
    const again = await CaseStore.open(caseFile);
    try {
      const overview = await detectionOverview(again);
      expect(overview.events_now).toBe(overview.run!.events_in_case);
      expect((await again.read((reader) => reportDetections(reader))).note).not.toMatch(/ingested since/);
    } finally {
      again.close();
    }
  });
});
