import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDiff, PipelineHistory, PipelineSummary } from '../../shared/model/pipeline.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { create, declaration, writeLog } from '../helpers/pipeline-story.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const demo = path.join(dir, 'demo.duckdb');
const stories = path.join(dir, 'stories.duckdb');
const HOSTILE = 'evil\u001b[2J\u009b31m';

beforeAll(() => {
  expect(trailscope('ingest', '--case', demo, '--no-detect', 'samples/demo-archive').code).toBe(0);
  const root = path.join(dir, 'stories');
  writeLog(root, 'a', [create('2026-11-01T09:00:00Z', declaration('web'))]);
  writeLog(
    root,
    'b',
    [create('2026-11-01T09:00:00Z', declaration('web'), { account: '444455556666' })],
    '444455556666',
  );
  writeLog(root, 'c', [create('2026-11-01T09:00:00Z', declaration(HOSTILE))]);
  expect(trailscope('ingest', '--case', stories, '--no-detect', root).code).toBe(0);
});

describe('trailscope pipelines on the demo incident', () => {
  it('lists the pipeline with its versions and security changes', () => {
    expect(trailscopeJson<PipelineSummary[]>('pipelines', 'list', '--case', demo, '--json')).toEqual([
      {
        account: '111122223333',
        region: 'us-east-1',
        name: 'deploy-prod',
        lineage: 1,
        versions: 4,
        first_version: 1,
        last_version: 4,
        first_seen: '2026-10-20T14:03:11Z',
        last_seen: '2026-11-02T08:19:40Z',
        last_changed: '2026-11-02T08:19:40Z',
        deleted: false,
        security_changes: 2,
      },
    ]);
  });

  it("tells who changed what: the intruder's version, failed attempt and execution", () => {
    const history = trailscopeJson<PipelineHistory>('pipelines', 'history', '--case', demo, 'deploy-prod', '--json');
    const [lineage] = history.lineages;
    expect(lineage!.versions.map((v) => [v.version, v.user_name, v.access_key_id, v.source_ip])).toEqual([
      [1, 'Admin', 'ASIADEMOALICE0000001', '198.51.100.10'],
      [2, 'Admin', 'ASIADEMOALICE0000001', '198.51.100.10'],
      [3, 'dana', 'AKIAQDEMOLEAKED00001', '203.0.113.66'],
      [4, 'Admin', 'ASIADEMOALICE0000001', '198.51.100.10'],
    ]);
    expect(lineage!.versions[2]).toMatchObject({
      user_agent: '<img src=x onerror=alert(1)> python-requests/2.32.3',
      actor_arn: 'arn:aws:iam::111122223333:user/dana',
    });
    expect(Object.keys(lineage!.versions[0]!)).toEqual(
      expect.arrayContaining([
        'version',
        'event_id',
        'event_time',
        'actor_arn',
        'user_name',
        'access_key_id',
        'source_ip',
        'user_agent',
        'declaration',
      ]),
    );
    expect(lineage!.attempts).toMatchObject([
      { event_name: 'UpdatePipeline', error_code: 'AccessDeniedException', user_name: 'dana' },
    ]);
    expect(lineage!.activity.map((a) => [a.event_name, a.during_version])).toEqual([
      ['GetPipeline', 2],
      ['StartPipelineExecution', 3],
    ]);
    expect(lineage!.gaps).toEqual([]);
    expect(lineage!.deleted_at).toBeNull();
  });

  it('prints the history as a timeline with the failed attempt in place', () => {
    const run = trailscope('pipelines', 'history', '--case', demo, 'deploy-prod');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('v2  2026-10-27T09:41:52Z')).toBeLessThan(at('x   2026-11-02T02:16:30Z  UpdatePipeline FAILED by dana'));
    expect(at('x   2026-11-02T02:16:30Z')).toBeLessThan(at('v3  2026-11-02T02:21:45Z  UpdatePipeline by dana'));
  });

  it("diffs the intruder's change as text, security changes first and marked", () => {
    const run = trailscope('pipelines', 'diff', '--case', demo, 'deploy-prod', '2', '3');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 changes, 2 security-relevant');
    expect(run.stdout).toMatch(/^! removed {3}stages\[Approve\]/m);
    expect(run.stdout).toMatch(/^! added {5}stages\[Build\]\.actions\[Notify\]/m);
    expect(run.stdout).toContain("points into another account (999988887777), not the pipeline's own (111122223333)");
  });

  it("shows alice's restore as a return to version 2, and exports it for update-pipeline", () => {
    const diff = trailscopeJson<PipelineDiff>('pipelines', 'diff', '--case', demo, 'deploy-prod', '2', '4', '--json');
    expect(diff).toMatchObject({ from_version: 2, to_version: 4, changes: [], caveats: [] });
    const restore = trailscopeJson<{ pipeline: Record<string, unknown> }>(
      'pipelines',
      'export',
      '--case',
      demo,
      'deploy-prod',
      '2',
    );
    expect(Object.keys(restore)).toEqual(['pipeline']);
    expect(restore.pipeline).not.toHaveProperty('version');
    expect(restore.pipeline).toMatchObject({ name: 'deploy-prod', pipelineType: 'V2' });
  });
});

describe('trailscope pipelines on awkward input', () => {
  it('asks for --account when a name exists in two accounts, listing the choices', () => {
    const run = trailscope('pipelines', 'history', '--case', stories, 'web');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'trailscope pipelines: pipeline "web" exists in 2 places; choose one: --account 111122223333 --region us-east-1 | --account 444455556666 --region us-east-1\n',
    );
    expect(trailscope('pipelines', 'history', '--case', stories, 'web', '--account', '444455556666').code).toBe(0);
  });

  it('escapes a hostile pipeline name in text and JSON output', () => {
    const list = trailscope('pipelines', 'list', '--case', stories);
    expect(list.stdout).toContain('evil\\u001b[2J\\u009b31m');
    expect(list.stdout).not.toMatch(/[\u001b\u009b]/);
    const json = trailscope('pipelines', 'history', '--case', stories, HOSTILE, '--json');
    expect(json.stdout).not.toMatch(/[\u001b\u009b]/);
    expect((JSON.parse(json.stdout) as PipelineHistory).name).toBe(HOSTILE);
  });

  it.each([
    [['pipelines', 'frobnicate'], /unknown subcommand "frobnicate"/],
    [['pipelines', 'diff', '--case', 'x.duckdb', 'web', 'one', '2'], /FROM must be a whole number from 1, not "one"/],
    [['pipelines', 'history', '--case', 'x.duckdb'], /give the pipeline's NAME/],
    [['pipelines', 'export', 'web', '1'], /--case FILE is required/],
  ])('gives one clear line and exit 2 for %j', (args, message) => {
    const run = trailscope(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each(['list', 'history', 'diff', 'export'])('explains pipelines %s with --help', (sub) => {
    const run = trailscope('pipelines', sub, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: trailscope pipelines ${sub} --case FILE`));
  });
});
