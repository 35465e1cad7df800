import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { detectionHits, detectionOverview } from '../../electron/core/detect/detection-results.ts';
import { importSigmaRules } from '../../electron/core/detect/import-sigma.ts';
import { runDetections } from '../../electron/core/detect/run-detections.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { DetectionSeverity } from '../../shared/model/detection.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The issue's acceptance story: one attack, written from the API reference, across every family
 * (test/fixtures/detections/story). Every attacker action must be caught by a rule naming a
 * fitting ATT&CK technique; no ordinary action beside it may be in a high or critical hit.
 */
interface StoryExpectation {
  attacker: Record<string, string[]>;
  ordinary: string[];
}

const story = path.resolve('test/fixtures/detections/story');
const chapters = fs
  .readdirSync(path.join(story, 'expect'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({
    name: name.replace(/\.json$/, ''),
    ...(JSON.parse(fs.readFileSync(path.join(story, 'expect', name), 'utf8')) as StoryExpectation),
  }));

const dir = tempDir();
let store: CaseStore;
/** Per event key: every rule whose hits rest on it, with the rule's severity and techniques. */
const caughtBy = new Map<string, { rule: string; severity: DetectionSeverity; attack: string[] }[]>();

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'story.duckdb'), { create: true });
  const summary = await ingest(store, [path.join(story, 'records')]);
  expect(summary).toMatchObject({ rejected: 0, errors: [] });
  const sigma = fs.readFileSync(path.join(story, 'sigma', 'stolen-key-agent.yml'), 'utf8');
  const [imported] = await importSigmaRules(store, [{ name: 'stolen-key-agent.yml', text: sigma }]);
  expect(imported).toMatchObject({ ok: true });

  const done = await runDetections(store, { trigger: 'request' });
  expect(done.failed).toEqual([]);
  const rules = new Map((await detectionOverview(store)).rules.map((r) => [r.detection.id, r.detection]));
  for (let offset = 0; ; offset += 1000) {
    const page = await detectionHits(store, { offset, limit: 1000 });
    for (const hit of page.hits) {
      const rule = rules.get(hit.rule_id)!;
      for (const key of hit.event_keys)
        caughtBy.set(key, [
          ...(caughtBy.get(key) ?? []),
          { rule: rule.id, severity: rule.severity, attack: rule.attack },
        ]);
    }
    if (offset + 1000 >= page.total) break;
  }
});
afterAll(() => store?.close());

describe('the attack story', () => {
  it('covers every family of the pack', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(4);
    expect(chapters.reduce((n, c) => n + Object.keys(c.attacker).length, 0)).toBeGreaterThanOrEqual(30);
  });

  for (const chapter of chapters) {
    describe(chapter.name, () => {
      it.each(Object.entries(chapter.attacker))('catches %s with a fitting technique', (key, fitting) => {
        const rules = caughtBy.get(key) ?? [];
        expect(rules, `${key} is caught by no rule`).not.toEqual([]);
        expect(
          rules.filter((r) => r.attack.some((id) => fitting.includes(id))).map((r) => r.rule),
          `${key} is caught only by ${rules.map((r) => `${r.rule} [${r.attack.join(', ')}]`).join('; ')}`,
        ).not.toEqual([]);
      });

      it.each(chapter.ordinary.map((key) => [key]))('does not flag the ordinary %s high or critical', (key) => {
        const severe = (caughtBy.get(key) ?? []).filter((r) => r.severity === 'high' || r.severity === 'critical');
        expect(severe.map((r) => r.rule)).toEqual([]);
      });
    });
  }

  it("runs the analyst's own Sigma rule beside the pack", () => {
    const sigma = [...caughtBy.entries()].filter(([, rules]) => rules.some((r) => r.rule.startsWith('sigma-')));
    expect(sigma.length).toBeGreaterThan(0);
  });
});
