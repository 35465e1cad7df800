import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { JsonObject } from '../../shared/model/pipeline.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

/** A complete V2 declaration: CodeStar source, CodeBuild build, manual approval, CloudFormation deploy. */
export function declaration(name = 'web', changes: (d: JsonObject) => void = () => {}): JsonObject {
  const d: JsonObject = {
    name,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/${name}`,
    artifactStore: { type: 'S3', location: `codepipeline-${REGION}-${ACCOUNT}` },
    pipelineType: 'V2',
    executionMode: 'QUEUED',
    variables: [{ name: 'ENV', defaultValue: 'prod' }],
    triggers: [
      {
        providerType: 'CodeStarSourceConnection',
        gitConfiguration: { sourceActionName: 'Source', push: [{ branches: { includes: ['main'] } }] },
      },
    ],
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Source',
            actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
            configuration: {
              ConnectionArn: `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/abc`,
              FullRepositoryId: 'acme/web',
              BranchName: 'main',
            },
            outputArtifacts: [{ name: 'SourceOutput' }],
            runOrder: 1,
          },
        ],
      },
      {
        name: 'Build',
        actions: [
          {
            name: 'Compile',
            actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
            configuration: { ProjectName: 'web-build' },
            inputArtifacts: [{ name: 'SourceOutput' }],
            outputArtifacts: [{ name: 'BuildOutput' }],
            runOrder: 1,
          },
        ],
      },
      {
        name: 'Approve',
        actions: [
          {
            name: 'Review',
            actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
            runOrder: 1,
          },
        ],
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Stack',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
            configuration: {
              ActionMode: 'CREATE_UPDATE',
              StackName: 'web',
              TemplatePath: 'BuildOutput::template.yaml',
              RoleArn: `arn:aws:iam::${ACCOUNT}:role/cfn-deploy`,
            },
            inputArtifacts: [{ name: 'BuildOutput' }],
            runOrder: 1,
          },
        ],
      },
    ],
  };
  changes(d);
  return d;
}

export const stages = (d: JsonObject) => d.stages as JsonObject[];
export const stage = (d: JsonObject, name: string) => stages(d).find((s) => s.name === name)!;
export const action = (d: JsonObject, stageName: string, name: string) =>
  (stage(d, stageName).actions as JsonObject[]).find((a) => a.name === name)!;

interface CallOptions {
  id?: string;
  account?: string;
  region?: string;
  user?: string;
  ip?: string;
  errorCode?: string;
  request?: unknown;
  response?: unknown;
}

let counter = 0;

/** A CodePipeline CloudTrail record as a trail delivers it. */
export function call(eventName: string, time: string, options: CallOptions = {}): JsonObject {
  const account = options.account ?? ACCOUNT;
  const user = options.user ?? 'alice';
  counter += 1;
  const record: JsonObject = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: `AIDA${user.toUpperCase()}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      accessKeyId: `AKIA${user.toUpperCase().padEnd(16, 'X')}`,
      userName: user,
    },
    eventTime: time,
    eventSource: 'codepipeline.amazonaws.com',
    eventName,
    awsRegion: options.region ?? REGION,
    sourceIPAddress: options.ip ?? '198.51.100.10',
    userAgent: 'aws-cli/2.22.0',
    requestParameters: (options.request ?? null) as JsonObject | null,
    responseElements: (options.response ?? null) as JsonObject | null,
    requestID: `req-${counter}`,
    eventID: options.id ?? `evt-${counter}-${eventName}`,
    readOnly: eventName.startsWith('Get'),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  if (options.errorCode) {
    record.errorCode = options.errorCode;
    record.errorMessage = `${options.errorCode}: refused`;
  }
  return record;
}

export const create = (time: string, d: JsonObject, options: CallOptions = {}) =>
  call('CreatePipeline', time, {
    request: { pipeline: { ...d, version: 1 } },
    response: { pipeline: { ...d, version: 1 } },
    ...options,
  });

/** An UpdatePipeline that made version `version`: the request carries the one it replaced. */
export const update = (time: string, d: JsonObject, version: number, options: CallOptions = {}) =>
  call('UpdatePipeline', time, {
    request: { pipeline: { ...d, version: version - 1 } },
    response: { pipeline: { ...d, version } },
    ...options,
  });

export const remove = (time: string, name: string, options: CallOptions = {}) =>
  call('DeletePipeline', time, { request: { name }, ...options });

/** Writes records as one gzipped trail log file in the S3 layout; returns its path. */
export function writeLog(
  root: string,
  fileName: string,
  records: JsonObject[],
  account = ACCOUNT,
  region = REGION,
): string {
  const file = path.join(
    root,
    'AWSLogs',
    account,
    'CloudTrail',
    region,
    '2026',
    '11',
    '01',
    `${account}_CloudTrail_${region}_${fileName}.json.gz`,
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zlib.gzipSync(JSON.stringify({ Records: records })));
  return file;
}
