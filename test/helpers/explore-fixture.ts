import path from 'node:path';
import zlib from 'node:zlib';
import { writeFile } from './archives.ts';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

const alice = {
  type: 'IAMUser',
  principalId: 'AIDAALICE',
  arn: `arn:aws:iam::${ACCOUNT_A}:user/alice`,
  accountId: ACCOUNT_A,
  accessKeyId: 'AKIAALICE',
  userName: 'alice',
};
const bob = {
  type: 'AssumedRole',
  principalId: 'AROABOB:bob',
  arn: `arn:aws:sts::${ACCOUNT_A}:assumed-role/ops/bob`,
  accountId: ACCOUNT_A,
  accessKeyId: 'ASIABOB',
};
const service = { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' };
const federated = { type: 'WebIdentityUser', principalId: 'accounts.google.com:1234', userName: '1234' };

type Identity = typeof alice | typeof bob | typeof service | typeof federated;

let n = 0;
function call(
  time: string,
  account: string,
  region: string,
  source: string,
  name: string,
  identity: Identity,
  ip: string | undefined,
  errorCode?: string,
) {
  return {
    eventVersion: '1.08',
    eventID: `fx-${String(++n).padStart(2, '0')}`,
    eventTime: time,
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    awsRegion: region,
    ...(ip === undefined ? {} : { sourceIPAddress: ip }),
    userAgent: 'fixture-agent',
    userIdentity: identity,
    recipientAccountId: account,
    ...(errorCode ? { errorCode, errorMessage: 'no' } : {}),
  };
}

/**
 * Twelve calls with known answers for the explorer: two accounts, two regions, two errors,
 * eleven event names (one twice), a service principal, a federated one without an ARN, and
 * one call without a source IP. 2024-03-04 was a Monday.
 */
export const exploreRecords = [
  call('2024-03-04T10:00:05Z', ACCOUNT_A, 'us-east-1', 'iam', 'CreateUser', alice, '1.1.1.1'),
  call('2024-03-04T10:00:50Z', ACCOUNT_A, 'us-east-1', 'iam', 'CreateUser', alice, '1.1.1.1', 'AccessDenied'),
  call('2024-03-04T10:07:00Z', ACCOUNT_A, 'us-east-1', 's3', 'GetObject', alice, '1.1.1.1'),
  call('2024-03-04T10:20:00Z', ACCOUNT_A, 'eu-west-1', 's3', 'PutObject', bob, '2.2.2.2'),
  call('2024-03-04T11:00:00Z', ACCOUNT_A, 'eu-west-1', 'kms', 'Decrypt', service, 'cloudtrail.amazonaws.com'),
  call('2024-03-04T11:30:00Z', ACCOUNT_B, 'us-east-1', 'sts', 'AssumeRole', bob, '2.2.2.2'),
  call('2024-03-04T12:00:00Z', ACCOUNT_B, 'us-east-1', 'ec2', 'DescribeInstances', federated, undefined),
  call(
    '2024-03-04T12:59:59Z',
    ACCOUNT_B,
    'us-east-1',
    'ec2',
    'RunInstances',
    bob,
    '2.2.2.2',
    'Client.UnauthorizedOperation',
  ),
  call('2024-03-05T09:00:00Z', ACCOUNT_A, 'us-east-1', 'iam', 'ListUsers', alice, '1.1.1.1'),
  call('2024-03-05T09:00:01Z', ACCOUNT_A, 'us-east-1', 'iam', 'GetUser', alice, '1.1.1.1'),
  call('2024-03-05T09:00:02Z', ACCOUNT_A, 'us-east-1', 'iam', 'ListRoles', alice, '1.1.1.1'),
  call('2024-03-05T09:00:03Z', ACCOUNT_A, 'us-east-1', 'iam', 'ListPolicies', alice, '1.1.1.1'),
];

export const ARN = { alice: alice.arn, bob: bob.arn };

/** The records as one delivered trail log file under `root`; returns the folder to ingest. */
export function writeExploreArchive(root: string): string {
  const file = path.join(
    root,
    'AWSLogs',
    ACCOUNT_A,
    'CloudTrail',
    'us-east-1',
    '2024',
    '03',
    '04',
    `${ACCOUNT_A}_CloudTrail_us-east-1_20240304T1000Z_fixture.json.gz`,
  );
  writeFile(file, zlib.gzipSync(JSON.stringify({ Records: exploreRecords })));
  return root;
}
