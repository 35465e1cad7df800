import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { readRuleHits } from '../../electron/core/detect/rule-hits.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { checkConsoleSql } from '../../electron/core/query/console-guard.ts';
import { attackTechnique } from '../../shared/attack-techniques.ts';
import { detectionSeverities } from '../../shared/model/detection.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

/**
 * Every rule of the pack against records that must trigger it and near misses that must not.
 * Each folder of test/fixtures/detections (but `story`) holds an `expect.json` (per rule id, the
 * event keys it must hit and those it must leave alone) and, in `records/`, CloudTrail files.
 * The hunting fixtures are loaded too: the hunts the pack grew from are tested on them.
 */
interface Expectation {
  hits: string[];
  misses: string[];
}

const families = path.resolve('test/fixtures/detections');
const expectations = new Map<string, Expectation>();
for (const folder of fs.readdirSync(families, { withFileTypes: true })) {
  if (!folder.isDirectory() || folder.name === 'story') continue;
  const file = path.join(families, folder.name, 'expect.json');
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Expectation>;
  for (const [rule, expectation] of Object.entries(entries)) {
    if (expectations.has(rule)) throw new Error(`${rule} has expectations in two folders`);
    expectations.set(rule, expectation);
  }
}

const dir = tempDir();
let store: CaseStore;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'detections.duckdb'), { create: true });
  const inputs = fs
    .readdirSync(families, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'story')
    .map((d) => path.join(families, d.name, 'records'))
    .filter((records) => fs.existsSync(records));
  // The hunting folder's records, not its README, which ingest would report as an error.
  const hunting = ['stratus-red-team', 'corpus-extracts.json', 'written'].map((name) => fixture('hunting', name));
  const summary = await ingest(store, [...inputs, ...hunting]);
  expect(summary.rejected).toBe(0);
  expect(summary.errors).toEqual([]);
});
afterAll(() => store?.close());

async function hitKeys(id: string): Promise<Set<string>> {
  const rule = detectionPack.find((d) => d.id === id)!;
  const db = await store.connectReader();
  try {
    const { hits } = await readRuleHits(db, rule);
    return new Set(hits.flatMap((h) => h.event_keys));
  } finally {
    db.closeSync();
  }
}

describe('the detection pack', () => {
  it('holds at least 100 rules with unique kebab-case ids', () => {
    const ids = detectionPack.map((d) => d.id);
    expect(ids.length).toBeGreaterThanOrEqual(100);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(detectionPack.map((d) => [d.id, d]))('%s is described, rated and mapped to ATT&CK', (_, d) => {
    expect(d.title.trim()).not.toBe('');
    expect(d.description.trim().length).toBeGreaterThan(40);
    expect(d.false_positives.trim()).not.toBe('');
    expect(d.family.trim()).not.toBe('');
    expect(d.origin).toBe('pack');
    expect(detectionSeverities).toContain(d.severity);
    expect(d.attack.length).toBeGreaterThan(0);
    for (const id of d.attack) expect(attackTechnique(id), `${id} is in the ATT&CK catalogue`).toBeDefined();
  });

  // Runs skip the guard for the pack's rules (it costs as much as the rule on a small case): this is where it holds.
  it('makes every rule a single statement the read-only guard accepts', async () => {
    const db = await store.connectReader();
    try {
      for (const d of detectionPack)
        expect(await checkConsoleSql(db, d.sql), d.id).toEqual([{ text: d.sql.trim(), kind: 'select' }]);
    } finally {
      db.closeSync();
    }
  });

  it.each(detectionPack.map((d) => [d.id, d]))('%s names every event of a group it makes', (_, d) => {
    if (/\bGROUP BY\b/i.test(d.sql)) expect(d.sql).toMatch(/\bAS event_keys\b/);
  });

  it.each(detectionPack.map((d) => [d.id, d]))('%s does not scan the raw record with LIKE', (_, d) => {
    expect(d.sql).not.toMatch(/\brecord\b[^,\n]*\b(I?LIKE|SIMILAR TO|regexp_matches)\b/i);
  });
});

describe('every rule against its positives and near misses', () => {
  it.each(detectionPack.map((d) => [d.id]))('%s', async (id) => {
    const expected = expectations.get(id);
    expect(expected, `test/fixtures/detections/*/expect.json has no entry for ${id}`).toBeDefined();
    expect(expected!.hits.length, 'at least one positive').toBeGreaterThan(0);
    expect(expected!.misses.length, 'at least one near miss').toBeGreaterThan(0);
    const hit = await hitKeys(id);
    for (const key of expected!.hits) expect(hit.has(key), `${id} hits ${key}`).toBe(true);
    for (const key of expected!.misses) expect(hit.has(key), `${id} leaves ${key} alone`).toBe(false);
  });
});
