import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { seededRandom } from './seeded-random.ts';

export interface GeneratedArchive {
  root: string;
  files: string[];
  events: number;
  compressedBytes: number;
}

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const USER_AGENTS = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/5.10.213-201.855.amzn2.x86_64 exe/x86_64.amzn.2 prompt/off command/s3.cp',
  'Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.15.0 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36',
  'aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.155.0',
  'python-requests/2.31.0',
];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const hex = (rand: Rand, n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
const uuid = (rand: Rand) => `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`;

interface Shape {
  source: string;
  name: string;
  readOnly: boolean;
  request: (rand: Rand, i: number) => unknown;
}

const SHAPES: Shape[] = [
  {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    readOnly: true,
    request: (r, i) => ({
      bucketName: `bucket-${i % 97}`,
      Host: `bucket-${i % 97}.s3.amazonaws.com`,
      key: `data/${hex(r, 8)}/part-${i % 1000}.parquet`,
    }),
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'DescribeInstances',
    readOnly: true,
    request: (r) => ({
      instancesSet: { items: [{ instanceId: `i-${hex(r, 17)}` }] },
      filterSet: { items: [{ name: 'tag:env', valueSet: { items: [{ value: 'prod' }] } }] },
    }),
  },
  {
    source: 'sts.amazonaws.com',
    name: 'AssumeRole',
    readOnly: true,
    request: (r) => ({
      roleArn: `arn:aws:iam::111122223333:role/deploy-${hex(r, 4)}`,
      roleSessionName: `session-${hex(r, 6)}`,
      durationSeconds: 3600,
    }),
  },
  {
    source: 'iam.amazonaws.com',
    name: 'AttachRolePolicy',
    readOnly: false,
    request: (r) => ({ roleName: `role-${hex(r, 5)}`, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
  },
  {
    source: 'kms.amazonaws.com',
    name: 'Decrypt',
    readOnly: true,
    request: (r) => ({
      encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      encryptionContext: { 'aws:lambda:FunctionArn': `arn:aws:lambda:us-east-1:111122223333:function:fn-${hex(r, 6)}` },
    }),
  },
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'GetSecretValue',
    readOnly: true,
    request: (r) => ({ secretId: `prod/db/${hex(r, 6)}` }),
  },
  {
    source: 'codepipeline.amazonaws.com',
    name: 'StartPipelineExecution',
    readOnly: false,
    request: (r) => ({ name: `pipeline-${Math.floor(r() * 20)}`, clientRequestToken: uuid(r) }),
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'Invoke',
    readOnly: false,
    request: (r) => ({
      functionName: `arn:aws:lambda:us-east-1:111122223333:function:fn-${hex(r, 6)}`,
      invocationType: 'RequestResponse',
      logType: 'None',
      qualifier: '$LATEST',
    }),
  },
];

/** The benchmark's long-lived pipeline: one version every so many events, 500 in all. */
export const BENCH_PIPELINE = { name: 'release-train', account: '111122223333', region: 'us-east-1', versions: 500 };

function pipelineDeclaration(version: number): Record<string, unknown> {
  const { name, account, region } = BENCH_PIPELINE;
  const action = (
    stage: string,
    n: number,
    category: string,
    provider: string,
    configuration: Record<string, string>,
  ) => ({
    name: `${stage}-${n}`,
    actionTypeId: { category, owner: 'AWS', provider, version: '1' },
    configuration,
    inputArtifacts: category === 'Source' ? [] : [{ name: 'SourceOutput' }],
    outputArtifacts: category === 'Source' ? [{ name: 'SourceOutput' }] : [{ name: `${stage}${n}Output` }],
    runOrder: 1 + (n % 2),
  });
  const stages = [
    {
      name: 'Source',
      actions: [
        action('Source', 0, 'Source', 'CodeStarSourceConnection', {
          ConnectionArn: `arn:aws:codeconnections:${region}:${account}:connection/0a1b2c3d`,
          FullRepositoryId: 'acme/release-train',
          BranchName: version % 50 === 0 ? 'hotfix' : 'main',
        }),
      ],
    },
    {
      name: 'Build',
      actions: Array.from({ length: 3 }, (_, n) =>
        action('Build', n, 'Build', 'CodeBuild', {
          ProjectName: `train-build-${n}`,
          EnvironmentVariables: JSON.stringify([{ name: 'RELEASE', value: `r${version}` }]),
        }),
      ),
    },
    {
      name: 'Test',
      actions: Array.from({ length: 2 + (version % 3) }, (_, n) =>
        action('Test', n, 'Test', 'CodeBuild', { ProjectName: `train-test-${n}` }),
      ),
    },
    ...(version % 7 === 0
      ? []
      : [
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
        ]),
    {
      name: 'Deploy',
      actions: [
        action('Deploy', 0, 'Deploy', 'CloudFormation', {
          ActionMode: 'CREATE_UPDATE',
          StackName: 'release-train',
          TemplatePath: 'Build0Output::template.yaml',
          RoleArn: `arn:aws:iam::${account}:role/cfn-deploy`,
        }),
      ],
    },
  ];
  return {
    name,
    roleArn: `arn:aws:iam::${account}:role/service-role/${name}`,
    artifactStore: { type: 'S3', location: `codepipeline-${region}-${account}` },
    stages,
    version,
    pipelineType: 'V2',
    executionMode: 'QUEUED',
  };
}

function pipelineRecord(rand: Rand, time: Date, version: number): Record<string, unknown> {
  const { account, region } = BENCH_PIPELINE;
  const base = record(rand, time, account, region, 0);
  const changed = pipelineDeclaration(version);
  return {
    ...base,
    eventSource: 'codepipeline.amazonaws.com',
    eventName: version === 1 ? 'CreatePipeline' : 'UpdatePipeline',
    errorCode: undefined,
    errorMessage: undefined,
    requestParameters: { pipeline: { ...changed, version: Math.max(1, version - 1) } },
    responseElements: { pipeline: changed },
    readOnly: false,
    managementEvent: true,
  };
}

const USERS = Array.from({ length: 200 }, (_, i) => `user-${i}`);

function record(rand: Rand, time: Date, account: string, region: string, i: number): Record<string, unknown> {
  const shape = pick(rand, SHAPES);
  const user = pick(rand, USERS);
  const assumed = rand() < 0.5;
  const failed = rand() < 0.03;
  return {
    eventVersion: '1.09',
    userIdentity: assumed
      ? {
          type: 'AssumedRole',
          principalId: `AROA${hex(rand, 16).toUpperCase()}:${user}`,
          arn: `arn:aws:sts::${account}:assumed-role/ops-role/${user}`,
          accountId: account,
          accessKeyId: `ASIA${hex(rand, 16).toUpperCase()}`,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: `AROA${hex(rand, 16).toUpperCase()}`,
              arn: `arn:aws:iam::${account}:role/ops-role`,
              accountId: account,
              userName: 'ops-role',
            },
            webIdFederationData: {},
            attributes: {
              creationDate: new Date(time.getTime() - 600_000).toISOString().replace('.000', ''),
              mfaAuthenticated: rand() < 0.3 ? 'true' : 'false',
            },
          },
        }
      : {
          type: 'IAMUser',
          principalId: `AIDA${hex(rand, 16).toUpperCase()}`,
          arn: `arn:aws:iam::${account}:user/${user}`,
          accountId: account,
          accessKeyId: `AKIA${hex(rand, 16).toUpperCase()}`,
          userName: user,
        },
    eventTime: time.toISOString().replace('.000', ''),
    eventSource: shape.source,
    eventName: shape.name,
    awsRegion: region,
    sourceIPAddress: `${Math.floor(rand() * 223) + 1}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`,
    userAgent: pick(rand, USER_AGENTS),
    ...(failed
      ? {
          errorCode: 'AccessDenied',
          errorMessage: `User is not authorized to perform: ${shape.source.split('.')[0]}:${shape.name}`,
        }
      : {}),
    requestParameters: shape.request(rand, i),
    responseElements: null,
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly: shape.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: !shape.readOnly || shape.source !== 's3.amazonaws.com',
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${shape.source.split('.')[0]}.${region}.amazonaws.com`,
    },
  };
}

/** One log file where CloudTrail puts it under `logs` (AWSLogs/, or AWSLogs/ORG/ for an org trail). */
function writeLog(
  logs: string,
  account: string,
  region: string,
  delivered: Date,
  records: unknown[],
  rand: Rand,
): { file: string; bytes: number } {
  const day = delivered.toISOString().slice(0, 10).replaceAll('-', '/');
  const stamp = delivered.toISOString().replace(/[-:]/g, '').slice(0, 13);
  const dir = path.join(logs, account, 'CloudTrail', region, day);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${account}_CloudTrail_${region}_${stamp}Z_${hex(rand, 16)}.json.gz`);
  const gz = zlib.gzipSync(JSON.stringify({ Records: records }), { level: 6 });
  fs.writeFileSync(file, gz);
  return { file, bytes: gz.length };
}

/**
 * Writes `events` CloudTrail records as gzip files in the S3 layout: files of 1–500 records,
 * records shuffled within each file (CloudTrail does not write in event order), one file
 * per account, region and delivery slot. Large archives also carry BENCH_PIPELINE's 500
 * versions. Same seed, same bytes.
 */
export function generateArchive(root: string, events: number, seed = 1): GeneratedArchive {
  const rand = seededRandom(seed);
  const files: string[] = [];
  let compressedBytes = 0;
  let written = 0;
  const start = Date.UTC(2026, 9, 1);
  const span = 14 * 24 * 3600 * 1000;
  // Small archives (the tests') get no pipeline; large ones spread its versions evenly.
  const pipelineStep = events >= 20 * BENCH_PIPELINE.versions ? Math.floor(events / BENCH_PIPELINE.versions) : 0;
  while (written < events) {
    const count = Math.min(events - written, 1 + Math.floor(rand() * 500));
    const account = pick(rand, ACCOUNTS);
    const region = pick(rand, REGIONS);
    const delivered = new Date(start + (written / events) * span);
    const records = Array.from({ length: count }, (_, k) => {
      const jitter = Math.floor(rand() * 15 * 60 * 1000);
      const time = new Date(Math.floor((delivered.getTime() - jitter) / 1000) * 1000);
      const index = written + k;
      const version = pipelineStep > 0 && index % pipelineStep === 0 ? index / pipelineStep + 1 : 0;
      if (version < 1 || version > BENCH_PIPELINE.versions) return record(rand, time, account, region, index);
      // A pipeline's versions are made one after another: their times follow the version order.
      return pipelineRecord(rand, new Date(Math.floor((start + (index / events) * span) / 1000) * 1000), version);
    });
    for (let k = records.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [records[k], records[j]] = [records[j]!, records[k]!];
    }
    const { file, bytes } = writeLog(path.join(root, 'AWSLogs'), account, region, delivered, records, rand);
    files.push(file);
    compressedBytes += bytes;
    written += count;
  }
  return { root, files, events: written, compressedBytes };
}

const ORG_ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(100000000000 + i * 37_111_111));
const ORG_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];
const FIVE_MINUTES = 5 * 60 * 1000;

/**
 * An archive shaped like a real organization trail: 20 accounts × 17 regions, one file per
 * account, region and 5 minutes where there was activity, most of them a few records (1–3 KB
 * gzipped), so that per-file costs show. The home regions are busy, the others quiet. Records
 * are those of `generateArchive`, BENCH_PIPELINE's 500 versions among them. Same seed, same bytes.
 */
export function generateOrgTrail(root: string, events: number, seed = 1): GeneratedArchive {
  const rand = seededRandom(seed);
  const files: string[] = [];
  let compressedBytes = 0;
  let written = 0;
  const start = Date.UTC(2026, 9, 1);
  const pipelineStep = events >= 20 * BENCH_PIPELINE.versions ? Math.floor(events / BENCH_PIPELINE.versions) : 0;
  // Mean records per file ~9, active in ~35% of slots: about events / 9 files.
  const streams = ORG_ACCOUNTS.flatMap((account) =>
    ORG_REGIONS.map((region, r) => ({ account, region, busy: r < 2 ? 0.95 : r < 6 ? 0.5 : 0.22 })),
  );
  for (let slot = 0; written < events; slot++) {
    const delivered = new Date(start + slot * FIVE_MINUTES);
    for (const { account, region, busy } of streams) {
      if (written >= events || rand() >= busy) continue;
      const count = Math.min(events - written, 1 + Math.floor(rand() * 17));
      const records = Array.from({ length: count }, (_, k) => {
        const time = new Date(Math.floor((delivered.getTime() - rand() * FIVE_MINUTES) / 1000) * 1000);
        const index = written + k;
        const version = pipelineStep > 0 && index % pipelineStep === 0 ? index / pipelineStep + 1 : 0;
        if (version < 1 || version > BENCH_PIPELINE.versions) return record(rand, time, account, region, index);
        return pipelineRecord(rand, time, version);
      });
      const org = path.join(root, 'AWSLogs', 'o-a1b2c3d4e5');
      const { file, bytes } = writeLog(org, account, region, delivered, records, rand);
      files.push(file);
      compressedBytes += bytes;
      written += count;
    }
  }
  return { root, files, events: written, compressedBytes };
}
