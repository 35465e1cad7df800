import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { MAX_DEPTH } from '../../electron/core/ingest/json-scan.ts';
import { diffDeclarations, MAX_LISTED_CHANGES } from '../../electron/core/pipelines/diff.ts';
import { listPipelines, pipelineDiff, pipelineHistory } from '../../electron/core/pipelines/pipeline-history.ts';
import { gatherReport } from '../../electron/core/report/gather-report.ts';
import { marksOf, name } from '../../renderer/features/pipelines/diff-marks.ts';
import type { JsonObject } from '../../shared/model/pipeline.ts';
import { ACCOUNT, call, create, declaration, stage, stages, update, writeLog } from '../helpers/pipeline-story.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A CodePipeline record is attacker-controlled: its declaration is any JSON within a 4 MiB
 * record. The history (listPipelines, each pipeline's history, the report) diffs every version
 * against the one before, so one record could once stop the whole list: a name that is an object
 * whose `toString` throws, a declaration nested thousands deep, lists whose diff was quadratic
 * (46 s for 4,000 renamed stages), a long key copied into every changed path (4 GB), a name given
 * twice that hid what the second held. Each is fed here through a real ingest or straight to the
 * diff, with the pipeline next to it expected to stay whole.
 */
const dir = tempDir();
let caseNumber = 0;

async function caseOf(records: JsonObject[], raw?: string, rawName = 'raw.json.gz'): Promise<CaseStore> {
  const root = path.join(dir, `case-${++caseNumber}`);
  writeLog(root, 'a', records);
  if (raw !== undefined) {
    const file = path.join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', rawName);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(raw));
  }
  const store = await CaseStore.open(path.join(dir, `case-${caseNumber}.duckdb`), { create: true });
  await ingest(store, [root]);
  return store;
}

const web = create('2026-11-01T08:00:00Z', declaration('web'));

describe('a pipeline name that is not text', () => {
  const bad = { toString: 1 } as unknown as JsonObject;
  it.each([
    ['a stage', (d: JsonObject) => stages(d).push({ name: bad, actions: [] })],
    [
      'an action of a new stage',
      (d: JsonObject) =>
        stages(d).push({ name: 'New', actions: [{ name: bad, actionTypeId: { category: 'Invoke' } }] }),
    ],
    ['an action of a stage', (d: JsonObject) => (stage(d, 'Build').actions as JsonObject[]).push({ name: bad })],
    ['a variable', (d: JsonObject) => (d.variables as JsonObject[]).push({ name: bad, defaultValue: 'x' })],
    ['a trigger', (d: JsonObject) => (d.triggers as JsonObject[]).push({ providerType: bad })],
    ['an artifact store', (d: JsonObject) => (d.artifactStores = { 'us-east-1': { region: bad, type: 'S3' } })],
  ])('(%s) is shown as its JSON, and the other pipelines, the history and the report stay whole', async (_, change) => {
    const store = await caseOf([
      web,
      create('2026-11-01T09:00:00Z', declaration('evil')),
      update('2026-11-01T10:00:00Z', declaration('evil', change), 2),
    ]);
    try {
      expect((await listPipelines(store)).map((p) => p.name).sort()).toEqual(['evil', 'web']);
      const diff = await pipelineDiff(store, { name: 'evil', from: 1, to: 2 });
      expect(diff.changes.length).toBeGreaterThan(0);
      expect(JSON.stringify(diff.changes)).toContain('toString');
      expect((await pipelineHistory(store, { name: 'evil' })).lineages[0]!.versions).toHaveLength(2);
      expect((await gatherReport(store, 'hostile names')).pipelines.length).toBe(2);
    } finally {
      store.close();
    }
  });
});

describe('the pipeline view, given a name that is not text', () => {
  it('draws its marks and names from its JSON', () => {
    const bad = { toString: 1 } as unknown as JsonObject;
    expect(name({ name: bad })).toBe('{"toString":1}');
    const marks = marksOf([
      { path: 'stages[x]', kind: 'renamed', before: bad, after: bad, security: false, reason: null },
      { path: 'stages[a].actions[b]', kind: 'moved', before: 'a', after: bad, security: false, reason: null },
    ]);
    expect(marks.stages.get('{"toString":1}')).toMatchObject({ mark: 'renamed', note: 'renamed from {"toString":1}' });
    expect([...marks.actions.keys()]).toEqual(['{"toString":1}\u0000b']);
  });
});

describe('a record nested deeper than any CloudTrail record', () => {
  const nested = (depth: number, open: string, close: string, leaf = '1') =>
    `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;
  // The record's own braces are one level; a value `levels` deep under requestParameters.
  const record = (id: string, levels: number, open = '{"a":', close = '}', extra = '') =>
    JSON.stringify({ ...call('UpdatePipeline', '2026-11-01T10:00:00Z', { id }), requestParameters: '@@' }).replace(
      '"@@"',
      `${nested(levels, open, close)}${extra}`,
    );

  // In JSON lines, a record DuckDB reads but the strict walk gives up on (NaN) is measured apart.
  it.each([
    ['objects, in a trail log', '{"a":', '}', '', 'trail'],
    ['arrays, in a trail log', '[', ']', '', 'trail'],
    ['objects, in JSON lines', '{"a":', '}', '', 'lines'],
    ['objects, in JSON lines, in a record that is not strict JSON', '{"a":', '}', ',"n":NaN', 'lines'],
    ['arrays, in a trail log, in a record that is not strict JSON', '[', ']', ',"n":NaN', 'trail'],
  ])('(%s) is rejected with its reason, and the records around it load', async (_, open, close, extra, shape) => {
    // The record's own braces are one of the levels.
    const fits = MAX_DEPTH - 1;
    const lines = [
      JSON.stringify(web),
      record('deep', MAX_DEPTH, open, close, extra),
      record('fits', fits, open, close),
      JSON.stringify(create('2026-11-01T11:00:00Z', declaration('after'))),
    ];
    const store =
      shape === 'trail'
        ? await caseOf([], `{"Records":[${lines.join(',')}]}`)
        : await caseOf([], lines.join('\n'), 'raw.jsonl.gz');
    try {
      const rows = await store.read((db) =>
        db.rows<{ event_id: string }>('SELECT event_id FROM events ORDER BY event_id'),
      );
      expect(rows.map((r) => r.event_id)).toHaveLength(3);
      expect(rows.map((r) => r.event_id)).toEqual(expect.arrayContaining(['fits', web.eventID]));
      const rejected = await store.read((db) =>
        db.rows<{ reason: string; record_index: number }>('SELECT reason, record_index FROM rejected_records'),
      );
      expect(rejected).toEqual([
        { reason: `the record nests more than ${MAX_DEPTH} levels deep, as CloudTrail never does`, record_index: 1 },
      ]);
      expect((await listPipelines(store)).map((p) => p.name).sort()).toEqual(['after', 'web']);
    } finally {
      store.close();
    }
  });
});

describe('the diff of two forged declarations', () => {
  const withStages = (names: string[]) =>
    declaration('big', (d) => {
      d.stages = names.map((name, i) => ({
        name,
        actions: [{ name: `do-${i}`, actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild' } }],
      }));
    });

  it('pairs 8,000 renamed stages by their actions (4,000 took 46 s, searched at every comparison)', () => {
    const names = Array.from({ length: 8000 }, (_, i) => `s${i}`);
    const { changes, unlisted } = diffDeclarations(
      withStages(names),
      withStages(names.map((n) => `${n}-renamed`)),
      ACCOUNT,
    );
    expect(changes.filter((c) => c.kind === 'renamed')).toHaveLength(MAX_LISTED_CHANGES);
    expect(changes.length + unlisted).toBe(8000);
  });

  // As many as a 4 MiB record holds; with the old searches, 20,000 stages took 4.8 s and 40,000 actions 11.4 s.
  it('reorders 120,000 stages and moves 120,000 actions without a quadratic search', () => {
    const named = () =>
      declaration('many', (d) => (d.stages = Array.from({ length: 120_000 }, (_, i) => ({ name: `s${i}` }))));
    const reversed = named();
    stages(reversed).reverse();
    const reordered = diffDeclarations(named(), reversed, ACCOUNT);
    expect(reordered.changes.map((c) => c.kind)).toEqual(['reordered']);

    const twoStages = (from: string) =>
      declaration('moves', (d) => {
        d.stages = ['One', 'Two'].map((name) => ({
          name,
          actions: name === from ? Array.from({ length: 120_000 }, (_, i) => ({ name: `a${i}` })) : [{ name: 'keep' }],
        }));
      });
    const moved = diffDeclarations(twoStages('One'), twoStages('Two'), ACCOUNT);
    // Every action of One moved to Two, and the one of Two to One.
    expect(moved.changes.length + moved.unlisted).toBe(120_001);
    expect(moved.changes[0]).toMatchObject({
      kind: 'moved',
      path: 'stages[One].actions[a0]',
      before: 'One',
      after: 'Two',
    });
  });

  // 400 levels over 100,000 numbers took 22 s compared at every level.
  it('compares a long list 990 levels down once, not once a level', () => {
    const deep = (last: number) => {
      let value: JsonObject = { list: [...Array.from({ length: 300_000 }, (_, i) => i), last] };
      for (let i = 0; i < 990; i++) value = { a: value };
      return declaration('deep', (d) => (d.extra = value));
    };
    const { changes } = diffDeclarations(deep(1), deep(2), ACCOUNT);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.path.split('.').length).toBeLessThan(40);
  });

  it('cuts a 1 MB key in each changed path, and lists at most its share of 5,000 changes', () => {
    const key = 'k'.repeat(1_000_000);
    const store = (value: number) =>
      declaration('keys', (d) => {
        d.artifactStore = { [key]: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, value])) };
      });
    const { changes, unlisted, unlistedFlagged } = diffDeclarations(store(1), store(2), ACCOUNT);
    expect(changes.length + unlisted).toBe(5000);
    expect(changes.length).toBeLessThanOrEqual(2 * MAX_LISTED_CHANGES);
    expect(unlistedFlagged).toBe(unlisted);
    for (const change of changes) expect(change.path.length).toBeLessThan(300);
  });

  it('flags a second stage, action or variable of a name already given, with what it holds', () => {
    const changes = diffDeclarations(
      declaration('web'),
      declaration('web', (d) => {
        const invoke = {
          name: 'Exfil',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          configuration: { FunctionName: 'arn:aws:lambda:us-east-1:999988887777:function:steal' },
        };
        stages(d).push({ name: 'Build', actions: [invoke] });
        (stage(d, 'Deploy').actions as JsonObject[]).push({ ...(stage(d, 'Deploy').actions as JsonObject[])[0]! });
        (d.variables as JsonObject[]).push({ name: 'ENV', defaultValue: 'AKIAIOSFODNN7EXAMPLE' });
      }),
      ACCOUNT,
    ).changes;
    const repeated = changes.filter((c) => c.reason?.startsWith('a second item of this name'));
    expect(repeated.map((c) => c.path)).toEqual([
      'variables[ENV]',
      'stages[Build]',
      expect.stringMatching(/^stages\[Deploy\]\.actions\[/),
    ]);
    expect(repeated.every((c) => c.security)).toBe(true);
    expect(repeated.find((c) => c.path === 'stages[Build]')!.reason).toContain('999988887777');
  });

  it('counts flagged changes past the list, and the history and the diff say so', async () => {
    const secrets = (n: number) =>
      declaration('secrets', (d) => {
        (stage(d, 'Build').actions as JsonObject[])[0]!.configuration = Object.fromEntries(
          Array.from({ length: 1500 }, (_, i) => [`Secret${i}`, `AKIAIOSFODNN7EXAMPL${n}`]),
        );
      });
    const store = await caseOf([
      create('2026-11-01T09:00:00Z', secrets(1)),
      update('2026-11-01T10:00:00Z', secrets(2), 2),
    ]);
    try {
      const diff = await pipelineDiff(store, { name: 'secrets', from: 1, to: 2 });
      expect(diff.changes.filter((c) => c.security)).toHaveLength(MAX_LISTED_CHANGES);
      expect(diff.caveats).toContainEqual(expect.stringMatching(/^500 more changes \(500 of them flagged\)/));
      const [change] = (await pipelineHistory(store, { name: 'secrets' })).lineages[0]!.changes;
      expect(change!.changes).toBe(1500);
      expect(change!.security.at(-1)).toEqual({
        path: '…',
        reason: '500 more flagged changes, not listed (see the diff)',
      });
    } finally {
      store.close();
    }
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(() => fs.mkdirSync(dir, { recursive: true }));
