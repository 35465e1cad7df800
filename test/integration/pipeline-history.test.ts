import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import {
  listPipelines,
  pipelineDiff,
  pipelineHistory,
  restoreInput,
} from '../../electron/core/pipelines/pipeline-history.ts';
import type { PipelineHistory } from '../../shared/model/pipeline.ts';
import {
  ACCOUNT,
  action,
  call,
  create,
  declaration,
  REGION,
  remove,
  stage,
  update,
  writeLog,
} from '../helpers/pipeline-story.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const stores: CaseStore[] = [];
afterAll(() => stores.forEach((s) => s.close()));

/** A case built from the trail files a story writes. */
async function caseFrom(story: string, write: (root: string) => void): Promise<CaseStore> {
  const root = path.join(dir, story);
  fs.mkdirSync(root, { recursive: true });
  write(root);
  const store = await CaseStore.open(path.join(dir, `${story}.duckdb`), { create: true });
  stores.push(store);
  const summary = await ingest(store, [root]);
  expect(summary.errors).toEqual([]);
  return store;
}

const versionsOf = (history: PipelineHistory, lineage = 0) => history.lineages[lineage]!.versions.map((v) => v.version);

describe('pipeline history rebuilt from the logs', () => {
  it('orders versions by number whatever the file order, and counts a duplicate delivery once', async () => {
    const v1 = declaration();
    const v2 = declaration('web', (d) => (action(d, 'Build', 'Compile').runOrder = 2));
    const v3 = declaration('web', (d) => (d.executionMode = 'PARALLEL'));
    const updateV2 = update('2026-11-01T10:00:00Z', v2, 2);
    const store = await caseFrom('out-of-order', (root) => {
      writeLog(root, '20261101T1100Z_c', [update('2026-11-01T11:00:00Z', v3, 3)]);
      writeLog(root, '20261101T1000Z_b', [updateV2]);
      writeLog(root, '20261101T0900Z_a', [create('2026-11-01T09:00:00Z', v1)]);
      writeLog(root, '20261101T1005Z_dup', [updateV2]);
    });
    const history = await pipelineHistory(store, { name: 'web' });
    expect(history).toMatchObject({ account: ACCOUNT, region: REGION, name: 'web' });
    expect(history.lineages).toHaveLength(1);
    expect(versionsOf(history)).toEqual([1, 2, 3]);
    expect(history.lineages[0]!.gaps).toEqual([]);
    const [first, second] = history.lineages[0]!.versions;
    expect(first).toMatchObject({
      event_name: 'CreatePipeline',
      user_name: 'alice',
      access_key_id: 'AKIAALICEXXXXXXXXXXX',
      source_ip: '198.51.100.10',
      declaration_status: 'complete',
      version_derived: false,
    });
    expect(second!.declaration).toMatchObject({ name: 'web', stages: v2.stages });
  });

  it('lists failed changes as attempts, never as versions', async () => {
    const v1 = declaration();
    const store = await caseFrom('failed', (root) => {
      writeLog(root, 'a', [
        create('2026-11-01T09:00:00Z', v1),
        update(
          '2026-11-01T09:30:00Z',
          declaration('web', (d) => (d.roleArn = 'arn:aws:iam::111122223333:role/Admin')),
          2,
          { errorCode: 'AccessDeniedException', user: 'mallory', response: null },
        ),
        update(
          '2026-11-01T10:00:00Z',
          declaration('web', (d) => (d.executionMode = 'SUPERSEDED')),
          2,
        ),
      ]);
    });
    const lineage = (await pipelineHistory(store, { name: 'web' })).lineages[0]!;
    expect(lineage.versions.map((v) => [v.version, v.user_name])).toEqual([
      [1, 'alice'],
      [2, 'alice'],
    ]);
    expect(lineage.attempts).toMatchObject([
      {
        event_name: 'UpdatePipeline',
        user_name: 'mallory',
        error_code: 'AccessDeniedException',
        event_time: '2026-11-01T09:30:00Z',
      },
    ]);
  });

  it('closes a lineage at DeletePipeline and opens a new one when the name is created again', async () => {
    const store = await caseFrom('recreate', (root) => {
      writeLog(root, 'a', [
        create('2026-11-01T09:00:00Z', declaration()),
        update(
          '2026-11-01T09:10:00Z',
          declaration('web', (d) => (d.executionMode = 'PARALLEL')),
          2,
        ),
        remove('2026-11-01T09:20:00Z', 'web', { user: 'mallory' }),
        create(
          '2026-11-01T09:30:00Z',
          declaration('web', (d) => (d.roleArn = 'arn:aws:iam::111122223333:role/other')),
          { user: 'mallory' },
        ),
        call('StartPipelineExecution', '2026-11-01T09:31:00Z', {
          request: { name: 'web' },
          response: { pipelineExecutionId: 'exec-2' },
          user: 'mallory',
        }),
      ]);
    });
    const history = await pipelineHistory(store, { name: 'web' });
    expect(history.lineages.map((l) => [l.lineage, versionsOf(history, l.lineage - 1), l.deleted_at])).toEqual([
      [1, [1, 2], '2026-11-01T09:20:00Z'],
      [2, [1], null],
    ]);
    expect(history.lineages[0]!.deleted).toMatchObject({ user_name: 'mallory' });
    expect(history.lineages[1]!.activity).toMatchObject([
      { event_name: 'StartPipelineExecution', during_version: 1, details: { pipelineExecutionId: 'exec-2' } },
    ]);
    const list = await listPipelines(store);
    expect(list.map((p) => [p.name, p.lineage, p.versions, p.deleted])).toEqual([
      ['web', 1, 2, true],
      ['web', 2, 1, false],
    ]);
  });

  it('states missing versions, omitted declarations and an unseen creation as gaps', async () => {
    const store = await caseFrom('gaps', (root) => {
      writeLog(root, 'a', [
        update('2026-11-01T09:00:00Z', declaration(), 2),
        update(
          '2026-11-01T10:00:00Z',
          declaration('web', (d) => (d.executionMode = 'PARALLEL')),
          5,
        ),
        call('UpdatePipeline', '2026-11-01T11:00:00Z', {
          request: { omitted: true, originalSize: 412000 },
          response: { pipeline: { name: 'web', version: 6 } },
        }),
        call('UpdatePipeline', '2026-11-01T12:00:00Z', {
          request: { omitted: true, originalSize: 530000 },
          response: { omitted: true, originalSize: 530000 },
          id: 'nameless',
        }),
      ]);
    });
    const lineage = (await pipelineHistory(store, { name: 'web' })).lineages[0]!;
    expect(lineage.versions.map((v) => [v.version, v.declaration_status])).toEqual([
      [2, 'complete'],
      [5, 'complete'],
      [6, 'omitted'],
    ]);
    expect(lineage.gaps.map((g) => g.message)).toEqual([
      "the pipeline's creation (CreatePipeline) is not in these logs",
      'version 1 is not in these logs',
      'versions 3–4 are not in these logs',
      'version 6: CloudTrail omitted the request parameters for size, and the response does not carry the declaration',
      'UpdatePipeline at 2026-11-01T12:00:00Z (event nameless) names no pipeline in this account and region, its parameters omitted for size or without a name: it may be a change of this pipeline',
    ]);
    expect(() => restoreInput(lineage.versions[2]!)).toThrow('version 6 has no declaration in these logs');
  });

  it('counts a version the record does not state, from the version its request replaced, and says so', async () => {
    const store = await caseFrom('derived', (root) => {
      writeLog(root, 'a', [
        create('2026-11-01T09:00:00Z', declaration()),
        call('UpdatePipeline', '2026-11-01T10:00:00Z', {
          request: { pipeline: { ...declaration('web', (d) => (d.executionMode = 'PARALLEL')), version: 1 } },
        }),
      ]);
    });
    const lineage = (await pipelineHistory(store, { name: 'web' })).lineages[0]!;
    expect(lineage.versions.map((v) => [v.version, v.version_derived])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(lineage.gaps).toMatchObject([
      {
        kind: 'version-derived',
        from_version: 2,
        message: 'version 2: the record does not state its version number; Trailscope counted it',
      },
    ]);
  });

  it("loads the CodePipeline user guide's abbreviated UpdatePipeline example and reports what it lacks", async () => {
    const store = await caseFrom('aws-doc', (root) => {
      fs.copyFileSync(
        fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2021.json'),
        path.join(root, 'doc.json'),
      );
    });
    const history = await pipelineHistory(store, { name: 'MyFirstPipeline' });
    expect(history).toMatchObject({ account: '80398EXAMPLE', region: 'us-east-2' });
    const [version] = history.lineages[0]!.versions;
    expect(version).toMatchObject({
      version: 2,
      version_derived: false,
      user_name: 'JaneDoe-CodePipeline',
      access_key_id: 'AKIAIOSFODNN7EXAMPLE',
      declaration_status: 'elided',
      declaration_from: 'requestParameters',
      mfa: false,
    });
    expect(history.lineages[0]!.gaps.map((g) => g.message)).toEqual([
      "the pipeline's creation (CreatePipeline) is not in these logs",
      'version 1 is not in these logs',
      'version 2: the declaration in the record is incomplete: no artifactStore or artifactStores',
    ]);
    expect(() => restoreInput(version!)).toThrow("version 2's declaration is not complete in the logs");
  });

  it('takes the complete declaration of a real 2018 record that came through EventBridge, without recipientAccountId', async () => {
    const store = await caseFrom('eventbridge-2018', (root) => {
      fs.copyFileSync(
        fixture('corpus/codepipeline/eventbridge-capture-UpdatePipeline-continuous-integration-2018.json'),
        path.join(root, 'capture.json'),
      );
    });
    const history = await pipelineHistory(store, { name: 'continuous-integration' });
    expect(history).toMatchObject({ account: '612895797421', region: 'us-west-2' });
    const [version] = history.lineages[0]!.versions;
    expect(version).toMatchObject({
      version: 2,
      declaration_status: 'complete',
      user_name: 'Admin',
      actor_arn: 'arn:aws:sts::612895797421:assumed-role/Admin/sayersr-Isengard',
    });
    const restored = restoreInput(version!);
    expect(restored.pipeline).not.toHaveProperty('version');
    expect(restored.pipeline).toMatchObject({
      name: 'continuous-integration',
      roleArn: 'arn:aws:iam::612895797421:role/AWS-CodePipeline-Service',
    });
    expect((restored.pipeline.stages as unknown[]).length).toBe(3);
  });

  it('diffs two versions of a lineage and flags what matters', async () => {
    const store = await caseFrom('diff', (root) => {
      writeLog(root, 'a', [
        create('2026-11-01T09:00:00Z', declaration()),
        update(
          '2026-11-01T10:00:00Z',
          declaration('web', (d) => {
            (stage(d, 'Build').actions as unknown[]).push({
              name: 'Ship',
              actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
              configuration: { FunctionName: 'arn:aws:lambda:us-east-1:999988887777:function:x' },
              runOrder: 2,
            });
            d.stages = (d.stages as { name: string }[]).filter((s) => s.name !== 'Approve');
          }),
          2,
          { user: 'mallory' },
        ),
      ]);
    });
    const diff = await pipelineDiff(store, { name: 'web', from: 1, to: 2 });
    expect(diff).toMatchObject({ name: 'web', lineage: 1, from_version: 1, to_version: 2, caveats: [] });
    expect(diff.changes.map((c) => [c.path, c.kind, c.security])).toEqual([
      ['stages[Approve]', 'removed', true],
      ['stages[Build].actions[Ship]', 'added', true],
    ]);
    expect(diff.changes[1]!.reason).toContain('points into another account (999988887777)');
    await expect(pipelineDiff(store, { name: 'web', from: 1, to: 7 })).rejects.toThrow(
      'version 7 of "web" (lineage 1) is not in these logs; versions known: 1, 2',
    );
  });

  it('attaches activity to the version in force, and finds a webhook deleted by its own name', async () => {
    const store = await caseFrom('activity', (root) => {
      writeLog(root, 'a', [
        create('2026-11-01T09:00:00Z', declaration()),
        call('PutWebhook', '2026-11-01T09:05:00Z', {
          request: { webhook: { name: 'web-hook', targetPipeline: 'web', targetAction: 'Source' } },
        }),
        call('DisableStageTransition', '2026-11-01T09:10:00Z', {
          request: { pipelineName: 'web', stageName: 'Approve', transitionType: 'Inbound', reason: 'freeze' },
          user: 'mallory',
        }),
        update(
          '2026-11-01T10:00:00Z',
          declaration('web', (d) => (d.executionMode = 'PARALLEL')),
          2,
        ),
        call('PutApprovalResult', '2026-11-01T10:30:00Z', {
          request: {
            pipelineName: 'web',
            stageName: 'Approve',
            actionName: 'Review',
            result: { status: 'Approved', summary: 'lgtm' },
            token: 'tok',
          },
        }),
        call('DeleteWebhook', '2026-11-01T11:00:00Z', { request: { name: 'web-hook' }, user: 'mallory' }),
        call('GetPipelineState', '2026-11-01T11:01:00Z', { request: { name: 'web' } }),
      ]);
    });
    const lineage = (await pipelineHistory(store, { name: 'web' })).lineages[0]!;
    expect(lineage.activity.map((a) => [a.event_name, a.during_version, a.user_name])).toEqual([
      ['PutWebhook', 1, 'alice'],
      ['DisableStageTransition', 1, 'mallory'],
      ['PutApprovalResult', 2, 'alice'],
      ['DeleteWebhook', 2, 'mallory'],
    ]);
    expect(lineage.activity[1]!.details).toEqual({ stageName: 'Approve', transitionType: 'Inbound', reason: 'freeze' });
    expect(lineage.activity[2]!.details.result).toBe('{"status":"Approved","summary":"lgtm"}');
  });

  it('keeps pipelines of the same name in two accounts apart and asks which one is meant', async () => {
    const store = await caseFrom('ambiguous', (root) => {
      writeLog(root, 'a', [create('2026-11-01T09:00:00Z', declaration())]);
      writeLog(root, 'b', [create('2026-11-01T09:00:00Z', declaration(), { account: '444455556666' })], '444455556666');
    });
    await expect(pipelineHistory(store, { name: 'web' })).rejects.toThrow(
      'pipeline "web" exists in 2 places; choose one: --account 111122223333 --region us-east-1 | --account 444455556666 --region us-east-1',
    );
    expect((await pipelineHistory(store, { name: 'web', account: '444455556666' })).account).toBe('444455556666');
    await expect(pipelineHistory(store, { name: 'nope' })).rejects.toThrow('no pipeline named "nope" in this case');
  });
});
