import path from 'node:path';
import { writeFile } from './archives.ts';

export const ACCOUNT = '111111111111';
export const CI_ROLE = `arn:aws:sts::${ACCOUNT}:assumed-role/ci-runner/build`;
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
export const GROUP = 'sg-0abc1234def567890';

const alice = { type: 'IAMUser', arn: ALICE, accountId: ACCOUNT, accessKeyId: 'AKIAALICE', userName: 'alice' };
const ci = { type: 'AssumedRole', arn: CI_ROLE, accountId: ACCOUNT, accessKeyId: 'ASIACI' };

let n = 0;
function call(minute: number, name: string, who: object, ip: string | null, requestParameters: object | null) {
  return {
    eventVersion: '1.08',
    eventID: `search-${String(++n).padStart(2, '0')}`,
    eventTime: `2024-05-06T10:${String(minute).padStart(2, '0')}:00Z`,
    eventSource: name === 'StopLogging' ? 'cloudtrail.amazonaws.com' : 'ec2.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    ...(ip === null ? {} : { sourceIPAddress: ip }),
    userAgent: 'search-fixture',
    userIdentity: who,
    requestParameters,
    recipientAccountId: ACCOUNT,
  };
}

/**
 * Fifteen calls with known answers for search and exclusion: the noisy CI role's ten, a
 * security group, a trail stopped, events without a source IP, and values a search must take
 * literally (`%`, `_`, a backslash, quotes, control characters) beside decoys that a LIKE
 * pattern or a regular expression would also match.
 */
export const searchRecords = [
  call(0, 'CreateSecurityGroup', alice, '198.51.100.7', { groupId: GROUP, groupName: 'web' }),
  call(1, 'StopLogging', alice, '198.51.100.7', { name: TRAIL }),
  call(2, 'PutBucketPolicy', alice, null, { bucketName: 'evidence-bucket-prod' }),
  ...Array.from({ length: 10 }, (_, i) => call(10 + i, 'GetObject', ci, '10.0.0.2', { bucketName: 'ci-artifacts' })),
  call(30, 'RunInstances', alice, null, {
    path: 'C:\\Users\\Admin',
    progress: '100%_done',
    quote: 'it\'s "quoted"',
    control: 'a\u0000b\u001bc',
    name: 'École',
    decoy: 'aXb',
  }),
  call(31, 'RunInstances', alice, '198.51.100.8', { path: 'C:Users', progress: '100 percent done', axb: 'a.b' }),
];

/** The records as one delivered trail log file under `root`; returns the folder to ingest. */
export function writeSearchArchive(root: string): string {
  writeFile(
    path.join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2024', '05', '06', `${ACCOUNT}_search.json`),
    JSON.stringify({ Records: searchRecords }),
  );
  return root;
}
