import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CaseReader } from '../../electron/core/case/case-reader.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import {
  findVersion,
  listPipelines,
  pipelineDiff,
  pipelineHistory,
  restoreInput,
} from '../../electron/core/pipelines/pipeline-history.ts';
import { reportPipelines } from '../../electron/core/report/report-pipelines.ts';
import type { JsonObject, PipelineGap } from '../../shared/model/pipeline.ts';
import { call, create, declaration, remove, update, writeLog } from '../helpers/pipeline-story.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Pipeline histories from forged CodePipeline records: what one record, or many cheap ones,
 * can make the lineage code do. Each answer must stay right and its size and work bounded by
 * the records, never by their product.
 */
const dir = tempDir();
const stores: CaseStore[] = [];
afterAll(() => stores.forEach((s) => s.close()));
afterEach(() => vi.restoreAllMocks());

async function caseFrom(story: string, records: JsonObject[]): Promise<CaseStore> {
  const root = path.join(dir, story);
  fs.mkdirSync(root, { recursive: true });
  for (let i = 0; i < records.length; i += 5000) writeLog(root, `f${i}`, records.slice(i, i + 5000));
  const store = await CaseStore.open(path.join(dir, `${story}.duckdb`), { create: true });
  stores.push(store);
  expect((await ingest(store, [root])).errors).toEqual([]);
  return store;
}

/**
 * A case whose pipeline_calls rows are written by SQL, as ingest writes them from CodePipeline
 * events: 140,000 calls take milliseconds this way, and over ten seconds as trail files.
 * `select` gives (i, event_name, event_time, request_parameters, response_elements, error_code);
 * each row's event id is `e{i}`.
 */
async function caseOfCalls(story: string, select: string): Promise<CaseStore> {
  const store = await CaseStore.open(path.join(dir, `${story}.duckdb`), { create: true });
  stores.push(store);
  await store.writer.run(`
    INSERT INTO pipeline_calls (event_key, event_id, event_name, event_time, account, region, pipeline_name,
        error_code, request_parameters, response_elements)
      SELECT 'k' || i, 'e' || i, event_name, event_time,
        '111122223333', 'us-east-1', 'evil', error_code, request_parameters, response_elements
      FROM (${select})`);
  return store;
}

const second = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString().replace('.000', '');
/** Request parameters whose declaration gives only the pipeline's name: cheap, and nothing to diff. */
const nameOnly = (name: string) => ({ pipeline: { name } });
/** A CreatePipeline whose parameters name no pipeline, as CloudTrail writes one omitted for size. */
const nameless = (time: string, errorCode?: string) =>
  call('CreatePipeline', time, { request: { omitted: true, originalSize: 300000 }, errorCode });

describe('lifecycle calls that name no pipeline', () => {
  it('give each pipeline one gap that counts them, not one gap per call on every pipeline', async () => {
    const pipelines = 200;
    const unnamed = 200;
    const store = await caseFrom('nameless-times-pipelines', [
      ...Array.from({ length: pipelines }, (_, i) =>
        call('CreatePipeline', '2026-11-01T09:00:00Z', { request: nameOnly(`p${i}`) }),
      ),
      ...Array.from({ length: unnamed }, (_, i) => nameless(second(36000 + i))),
    ]);
    const history = await pipelineHistory(store, { name: 'p7' });
    const gaps = history.lineages[0]!.gaps.filter((g) => g.kind === 'unattributed-record');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.records!.count).toBe(unnamed);
    expect(gaps[0]!.records!.event_ids).toHaveLength(20);
    expect(gaps[0]!.message).toMatch(
      /^200 Create\/Update\/DeletePipeline calls from 2026-11-01T10:00:00Z to 2026-11-01T10:03:19Z name no pipeline in this account and region, their parameters omitted for size or without a name: any may be a change of this pipeline; events \(the first 20\): evt-\d+-CreatePipeline, /,
    );

    const report = await store.read((db) => reportPipelines(db));
    expect(report).toHaveLength(pipelines);
    const reportGaps = report.flatMap((p) => p.gaps.filter((g) => g.kind === 'unattributed-record'));
    expect(reportGaps).toHaveLength(pipelines);
    expect(reportGaps.every((g) => g.records!.count === unnamed)).toBe(true);
  });

  it('are counted in the lineage alive when they were made, failures said, their ids sampled', async () => {
    const early = Array.from({ length: 25 }, (_, i) => nameless(second(32400 + 60 + i)));
    const store = await caseFrom('nameless-lineages', [
      create('2026-11-01T09:00:00Z', declaration()),
      ...early,
      remove('2026-11-01T10:00:00Z', 'web'),
      create('2026-11-01T11:00:00Z', declaration()),
      nameless('2026-11-01T11:30:00Z'),
      nameless('2026-11-01T11:31:00Z', 'AccessDenied'),
      nameless('2026-11-01T11:32:00Z'),
    ]);
    const [before, after] = (await pipelineHistory(store, { name: 'web' })).lineages;
    const unattributed = (gaps: PipelineGap[]) => gaps.filter((g) => g.kind === 'unattributed-record');
    expect(unattributed(before!.gaps)).toHaveLength(1);
    expect(unattributed(before!.gaps)[0]!.records!.count).toBe(25);
    expect(unattributed(before!.gaps)[0]!.records!.event_ids).toEqual(early.slice(0, 20).map((r) => r.eventID));
    expect(unattributed(after!.gaps)).toMatchObject([
      {
        records: { count: 3 },
        message: expect.stringContaining(
          '3 Create/Update/DeletePipeline calls from 2026-11-01T11:30:00Z to 2026-11-01T11:32:00Z (1 of them failed) name no pipeline',
        ),
      },
    ]);
  });
});

describe('many lineages of one name', () => {
  it('each take the failed change made while they were alive', { timeout: 20_000 }, async () => {
    // The old search walked every lineage for every call: 8,000 × 8,000, about a minute.
    const lineages = 8_000;
    const store = await caseOfCalls(
      'many-lineages',
      `SELECT i, CASE WHEN i % 2 = 0 THEN 'CreatePipeline' ELSE 'UpdatePipeline' END AS event_name,
          TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(i) AS event_time,
          NULL::JSON AS request_parameters, NULL::JSON AS response_elements,
          CASE WHEN i % 2 = 1 THEN 'AccessDenied' END AS error_code
        FROM range(${2 * lineages}) t(i)`,
    );
    const history = await pipelineHistory(store, { name: 'evil' });
    expect(history.lineages).toHaveLength(lineages);
    const misplaced = history.lineages.filter(
      (l, i) => l.attempts.length !== 1 || l.attempts[0]!.event_id !== `e${2 * i + 1}`,
    );
    expect(misplaced).toEqual([]);
    expect(await listPipelines(store)).toHaveLength(lineages);
  });
});

describe('many versions of one lineage', () => {
  it('each call finds the version in force at its time', { timeout: 20_000 }, async () => {
    // 10,000 versions, each followed by an execution; then a second life, so that the list too
    // places every call. The old code filtered and sorted every version for each call.
    const versions = 10_000;
    const store = await caseOfCalls(
      'version-in-force',
      `SELECT i, CASE WHEN i = 0 THEN 'CreatePipeline' WHEN i % 2 = 0 THEN 'UpdatePipeline'
            ELSE 'StartPipelineExecution' END AS event_name,
          TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(i) AS event_time,
          NULL::JSON AS request_parameters,
          CASE WHEN i % 2 = 0 THEN json_object('pipeline', json_object('version', i // 2 + 1)) END AS response_elements,
          NULL AS error_code
        FROM range(${2 * versions}) t(i)
        UNION ALL SELECT ${2 * versions}, 'DeletePipeline', TIMESTAMPTZ '2026-12-01 00:00:00+00', NULL, NULL, NULL
        UNION ALL SELECT ${2 * versions + 1}, 'CreatePipeline', TIMESTAMPTZ '2026-12-01 00:00:01+00', NULL, NULL, NULL`,
    );
    const activity = (await pipelineHistory(store, { name: 'evil' })).lineages[0]!.activity;
    expect(activity).toHaveLength(versions);
    expect(activity.filter((a, i) => a.during_version !== i + 1)).toEqual([]);
    const rows = await listPipelines(store);
    expect(rows.map((r) => [r.lineage, r.versions, r.last_seen])).toEqual([
      [1, versions, '2026-12-01T00:00:00Z'],
      [2, 1, '2026-12-01T00:00:01Z'],
    ]);
  });

  it('are listed with their first and last numbers however many they are', { timeout: 30_000 }, async () => {
    // Math.min(...numbers) passed each number as an argument: past about 125,000, a RangeError.
    const versions = 140_000;
    const store = await caseOfCalls(
      'many-versions',
      `SELECT i, CASE WHEN i = 0 THEN 'CreatePipeline' ELSE 'UpdatePipeline' END AS event_name,
          TIMESTAMPTZ '2026-11-01 00:00:00+00' + to_seconds(i) AS event_time,
          NULL::JSON AS request_parameters, json_object('pipeline', json_object('version', i + 1)) AS response_elements,
          NULL AS error_code
        FROM range(${versions}) t(i)`,
    );
    expect(await listPipelines(store)).toMatchObject([{ versions, first_version: 1, last_version: versions }]);
  });
});

describe('pipelines created again', () => {
  it('are read for the list in one query, not one each', async () => {
    const pipelines = 200;
    const store = await caseFrom(
      'recreated',
      Array.from({ length: pipelines }, (_, i) => [
        call('CreatePipeline', '2026-11-01T09:00:00Z', { request: nameOnly(`p${i}`) }),
        remove('2026-11-01T09:10:00Z', `p${i}`),
        call('CreatePipeline', '2026-11-01T09:20:00Z', { request: nameOnly(`p${i}`) }),
        call('StartPipelineExecution', '2026-11-01T09:30:00Z', { request: { name: `p${i}` } }),
      ]).flat(),
    );
    const queries = vi.spyOn(CaseReader.prototype, 'rows');
    const rows = await listPipelines(store);
    expect(queries.mock.calls.length).toBeLessThanOrEqual(3);
    expect(rows).toHaveLength(2 * pipelines);
    expect(rows.filter((r) => r.lineage === 2).every((r) => r.last_seen === '2026-11-01T09:30:00Z')).toBe(true);
    expect(rows.filter((r) => r.lineage === 1).every((r) => r.last_seen === '2026-11-01T09:10:00Z')).toBe(true);
  });
});

describe('a forged record', () => {
  it("keeps a `__proto__` field of a call's request among its details, as an own key", async () => {
    const start = call('StartPipelineExecution', '2026-11-01T10:00:00Z', {
      request: JSON.parse('{"name":"web","__proto__":{"polluted":"yes"},"clientRequestToken":"t"}'),
    });
    const store = await caseFrom('proto-details', [create('2026-11-01T09:00:00Z', declaration()), start]);
    const history = await pipelineHistory(store, { name: 'web' });
    const details = history.lineages[0]!.activity[0]!.details;
    expect(Object.keys(details)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(details)).toBe(Object.prototype);
    expect(JSON.stringify(history)).toContain('"details":{"__proto__":"{\\"polluted\\":\\"yes\\"}"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('naming the pipeline "" makes a pipeline of that name, not a call that names none', async () => {
    const store = await caseFrom('empty-name', [
      create('2026-11-01T08:00:00Z', declaration('web')),
      create('2026-11-01T09:00:00Z', declaration('')),
      call('StartPipelineExecution', '2026-11-01T09:30:00Z', { request: { name: '' } }),
    ]);
    expect((await listPipelines(store)).map((r) => [r.name, r.versions])).toEqual([
      ['', 1],
      ['web', 1],
    ]);
    expect((await pipelineHistory(store, { name: 'web' })).lineages[0]!.gaps).toEqual([]);
    const empty = (await pipelineHistory(store, { name: '' })).lineages[0]!;
    expect(empty.versions.map((v) => v.version)).toEqual([1]);
    expect(empty.activity.map((a) => a.event_name)).toEqual(['StartPipelineExecution']);
  });

  it('stating version 1e308 is counted over, and said to state a version no pipeline can have', async () => {
    const v2 = declaration('web', (d) => (d.executionMode = 'PARALLEL'));
    const v3 = declaration('web', (d) => (d.executionMode = 'SUPERSEDED'));
    const store = await caseFrom('huge-version', [
      create('2026-11-01T09:00:00Z', declaration()),
      call('UpdatePipeline', '2026-11-01T10:00:00Z', {
        request: { pipeline: { ...v2, version: 1 } },
        response: { pipeline: { ...v2, version: 1e308 } },
      }),
      call('UpdatePipeline', '2026-11-01T11:00:00Z', { request: { pipeline: { ...v3, version: 1e308 } } }),
      update('2026-11-01T12:00:00Z', declaration(), 4),
    ]);
    const lineage = (await pipelineHistory(store, { name: 'web' })).lineages[0]!;
    expect(lineage.versions.map((v) => [v.version, v.version_derived])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(lineage.gaps.map((g) => g.message)).toEqual([
      'version 2: the record states version 1e+308, which no CodePipeline version can be (they are whole numbers from 1 to 2147483647); Trailscope counted it',
      'version 3: the record does not state its version number; Trailscope counted it',
    ]);
    expect(await listPipelines(store)).toMatchObject([{ first_version: 1, last_version: 4, versions: 4 }]);
  });
});

describe('a case file made elsewhere, its declaration nested past what ingest reads', () => {
  // pipeline_calls written by SQL, as anyone could with DuckDB: the diff and the export walked a
  // declaration level by level, and one nested 100,000 deep failed every pipeline's view.
  const nestedSql = (open: string, close: string, levels: number) =>
    `('{"pipeline":{"name":"evil","roleArn":"r","stages":' || repeat('${open}', ${levels}) || '1' || repeat('${close}', ${levels}) || '}}')::JSON`;
  const good = JSON.stringify({ pipeline: declaration('evil') }).replaceAll("'", "''");
  it.each([
    ['arrays', '[', ']', 100_000],
    ['objects', '{"a":', '}', 100_000],
    ['arrays just past the bound', '[', ']', 1_000],
  ])(
    'leaves that version unread, with why, and the rest of the history whole (%s)',
    async (_name, open, close, levels) => {
      const store = await caseOfCalls(
        `deep-declaration-${open === '[' ? 'a' : 'o'}${levels}`,
        `SELECT 1 AS i, 'CreatePipeline' AS event_name, TIMESTAMPTZ '2026-11-01 09:00:00+00' AS event_time,
              ${nestedSql(open, close, levels)} AS request_parameters, NULL::JSON AS response_elements, NULL AS error_code
       UNION ALL
       SELECT 2, 'UpdatePipeline', TIMESTAMPTZ '2026-11-01 10:00:00+00', '${good}'::JSON, NULL::JSON, NULL`,
      );
      // Twice: a second overflow in one process is what aborted it elsewhere (test/hostile/sigma-files.test.ts).
      for (let round = 0; round < 2; round++) {
        expect(await listPipelines(store)).toMatchObject([{ name: 'evil', versions: 2 }]);
        const lineage = (await pipelineHistory(store, { name: 'evil' })).lineages[0]!;
        expect(findVersion(lineage, 1)).toMatchObject({
          declaration_status: 'missing',
          declaration_note: expect.stringMatching(/nest deeper than 1000 levels/),
        });
        expect(findVersion(lineage, 2).declaration_status).toBe('complete');
        await expect(pipelineDiff(store, { name: 'evil', from: 1, to: 2 })).rejects.toThrow(
          /version 1 has no declaration in these logs: the record's parameters nest deeper/,
        );
        expect(restoreInput(findVersion(lineage, 2)).pipeline.name).toBe('evil');
      }
    },
  );
});
