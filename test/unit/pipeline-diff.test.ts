import { describe, expect, it } from 'vitest';
import { diffDeclarations } from '../../electron/core/pipelines/diff.ts';
import type { JsonObject, JsonValue, PipelineChange } from '../../shared/model/pipeline.ts';
import { ACCOUNT, action, declaration, stage, stages } from '../helpers/pipeline-story.ts';

const base = declaration();
const diff = (change: (d: JsonObject) => void) => diffDeclarations(base, declaration('web', change), ACCOUNT).changes;
const keysReversed = (value: JsonValue): JsonValue =>
  Array.isArray(value)
    ? value.map(keysReversed)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, keysReversed(v)]),
        )
      : value;
const summary = (changes: PipelineChange[]) => changes.map((c) => [c.path, c.kind, c.before, c.after, c.security]);

describe('the semantic diff of two declarations', () => {
  it('finds nothing between declarations that differ only in key order, version and artifact form', () => {
    expect(diffDeclarations(base, { ...(keysReversed(base) as JsonObject), version: 7 }).changes).toEqual([]);
    const withoutEmptyArtifacts = declaration('web', (d) => (action(d, 'Approve', 'Review').inputArtifacts = []));
    expect(diffDeclarations(base, withoutEmptyArtifacts).changes).toEqual([]);
  });

  it('reads the documentation\'s "actionType" as the API\'s "actionTypeId"', () => {
    const documented = declaration('web', (d) => {
      const compile = action(d, 'Build', 'Compile');
      compile.actionType = compile.actionTypeId!;
      delete compile.actionTypeId;
    });
    expect(diffDeclarations(documented, base).changes).toEqual([]);
  });

  it('sees a stage renamed when its actions are unchanged', () => {
    expect(summary(diff((d) => (stage(d, 'Build').name = 'Compile')))).toEqual([
      ['stages[Build]', 'renamed', 'Build', 'Compile', false],
    ]);
  });

  it('sees a removed and an added stage when the actions differ too', () => {
    const changes = diff((d) => {
      stage(d, 'Build').name = 'Compile';
      action(d, 'Compile', 'Compile').configuration = { ProjectName: 'other' };
    });
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['stages[Build]', 'removed'],
      ['stages[Compile]', 'added'],
    ]);
  });

  it('reports stages reordered, as the order before and after', () => {
    const changes = diff((d) => {
      const [source, build, approve, deploy] = stages(d);
      d.stages = [source!, build!, deploy!, approve!];
    });
    expect(summary(changes)).toEqual([
      [
        'stages',
        'reordered',
        ['Source', 'Build', 'Approve', 'Deploy'],
        ['Source', 'Build', 'Deploy', 'Approve'],
        false,
      ],
    ]);
  });

  it('reports an action moved between stages, and what changed in it', () => {
    const changes = diff((d) => {
      const compile = action(d, 'Build', 'Compile');
      stage(d, 'Build').actions = [
        {
          name: 'Lint',
          actionTypeId: { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          configuration: { ProjectName: 'lint' },
        },
      ];
      (stage(d, 'Deploy').actions as JsonObject[]).unshift({ ...compile, runOrder: 0 });
    });
    expect(summary(changes)).toEqual([
      ['stages[Build].actions[Compile]', 'moved', 'Build', 'Deploy', false],
      ['stages[Deploy].actions[Compile].runOrder', 'changed', 1, 0, false],
      ['stages[Build].actions[Lint]', 'added', undefined, expect.objectContaining({ name: 'Lint' }), false],
    ]);
  });

  it('compares configuration key by key and flags a source branch change', () => {
    const changes = diff((d) => {
      const source = action(d, 'Source', 'Source');
      source.configuration = {
        ConnectionArn: (source.configuration as JsonObject).ConnectionArn!,
        FullRepositoryId: 'acme/web',
        BranchName: 'attacker',
        DetectChanges: 'false',
      };
    });
    expect(summary(changes)).toEqual([
      ['stages[Source].actions[Source].configuration.BranchName', 'changed', 'main', 'attacker', true],
      ['stages[Source].actions[Source].configuration.DetectChanges', 'added', undefined, 'false', false],
    ]);
    expect(changes[0]!.reason).toBe(
      'source location changed (BranchName): the pipeline now builds from somewhere else',
    );
  });

  it('names each action field that changed: type, role, region, namespace, artifacts', () => {
    const changes = diff((d) => {
      const compile = action(d, 'Build', 'Compile');
      compile.actionTypeId = { category: 'Build', owner: 'Custom', provider: 'Builder', version: '2' };
      compile.roleArn = 'arn:aws:iam::111122223333:role/build';
      compile.region = 'eu-west-1';
      compile.namespace = 'BuildVariables';
      compile.inputArtifacts = [{ name: 'Other' }];
    });
    expect(changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      ['stages[Build].actions[Compile].actionTypeId.owner', 'changed', 'AWS', 'Custom'],
      ['stages[Build].actions[Compile].actionTypeId.provider', 'changed', 'CodeBuild', 'Builder'],
      ['stages[Build].actions[Compile].actionTypeId.version', 'changed', '1', '2'],
      ['stages[Build].actions[Compile].inputArtifacts', 'changed', ['SourceOutput'], ['Other']],
      ['stages[Build].actions[Compile].roleArn', 'added', undefined, 'arn:aws:iam::111122223333:role/build'],
      ['stages[Build].actions[Compile].region', 'added', undefined, 'eu-west-1'],
      ['stages[Build].actions[Compile].namespace', 'added', undefined, 'BuildVariables'],
    ]);
    expect(changes.filter((c) => c.security).map((c) => c.path)).toEqual([
      'stages[Build].actions[Compile].actionTypeId.owner',
      'stages[Build].actions[Compile].actionTypeId.provider',
      'stages[Build].actions[Compile].actionTypeId.version',
      'stages[Build].actions[Compile].roleArn',
    ]);
  });

  it('flags the pipeline role, the artifact store and its key, and a role in another account', () => {
    const changes = diff((d) => {
      d.roleArn = 'arn:aws:iam::999988887777:role/outside';
      d.artifactStore = { type: 'S3', location: 'elsewhere', encryptionKey: { id: 'alias/x', type: 'KMS' } };
    });
    expect(summary(changes)).toEqual([
      [
        'roleArn',
        'changed',
        `arn:aws:iam::${ACCOUNT}:role/service-role/web`,
        'arn:aws:iam::999988887777:role/outside',
        true,
      ],
      ['artifactStore.location', 'changed', `codepipeline-us-east-1-${ACCOUNT}`, 'elsewhere', true],
      ['artifactStore.encryptionKey', 'added', undefined, { id: 'alias/x', type: 'KMS' }, true],
    ]);
    expect(changes[0]!.reason).toContain(
      "points into another account (999988887777), not the pipeline's own (111122223333)",
    );
  });

  it('compares V2 fields: pipeline type, execution mode, variables by name, triggers by source action', () => {
    const changes = diff((d) => {
      d.executionMode = 'PARALLEL';
      d.variables = [
        { name: 'ENV', defaultValue: 'staging' },
        { name: 'REGION', defaultValue: 'us-east-1' },
      ];
      d.triggers = [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: { sourceActionName: 'Source', pullRequest: [{ events: ['OPEN'] }] },
        },
      ];
    });
    expect(changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      ['executionMode', 'changed', 'QUEUED', 'PARALLEL'],
      ['variables[ENV].defaultValue', 'changed', 'prod', 'staging'],
      ['variables[REGION]', 'added', undefined, { name: 'REGION', defaultValue: 'us-east-1' }],
      [
        'triggers[CodeStarSourceConnection:Source].gitConfiguration.push',
        'removed',
        [{ branches: { includes: ['main'] } }],
        undefined,
      ],
      [
        'triggers[CodeStarSourceConnection:Source].gitConfiguration.pullRequest',
        'added',
        undefined,
        [{ events: ['OPEN'] }],
      ],
    ]);
    const v1 = declaration('web', (d) => {
      d.pipelineType = 'V1';
      delete d.variables;
      delete d.triggers;
    });
    expect(diffDeclarations(v1, base).changes.map((c) => [c.path, c.kind])).toEqual([
      ['pipelineType', 'changed'],
      ['variables[ENV]', 'added'],
      ['triggers[CodeStarSourceConnection:Source]', 'added'],
    ]);
  });

  it('flags a removed approval, a new Lambda invoke and a secret-looking configuration value', () => {
    const changes = diff((d) => {
      stage(d, 'Approve').actions = [
        {
          name: 'Wait',
          actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
          configuration: { FunctionName: 'wait' },
        },
      ];
      (action(d, 'Build', 'Compile').configuration as JsonObject).EnvironmentVariables = '[{"name":"X","value":"1"}]';
      (action(d, 'Build', 'Compile').configuration as JsonObject).GitHubToken =
        'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
      (action(d, 'Source', 'Source').configuration as JsonObject).OAuthToken = '****';
    });
    const flagged = Object.fromEntries(changes.map((c) => [c.path, c.reason]));
    expect(flagged).toEqual({
      'stages[Approve].actions[Review]': 'manual approval removed: changes reach later stages without review',
      'stages[Approve].actions[Wait]':
        "new AWS/Invoke/Lambda action: it runs code outside the pipeline's build steps and receives its artifacts",
      'stages[Build].actions[Compile].configuration.EnvironmentVariables': null,
      'stages[Build].actions[Compile].configuration.GitHubToken':
        'configuration value looks like a secret (GitHubToken): anyone who can read the pipeline can read it',
      'stages[Source].actions[Source].configuration.OAuthToken':
        'source location changed (OAuthToken): the pipeline now builds from somewhere else',
    });
  });

  it('flags a removed stage by the approval it held', () => {
    const changes = diff((d) => (d.stages = stages(d).filter((s) => s.name !== 'Approve')));
    expect(changes).toMatchObject([
      {
        path: 'stages[Approve]',
        kind: 'removed',
        security: true,
        reason: 'manual approval removed: changes reach later stages without review',
      },
    ]);
  });
});
