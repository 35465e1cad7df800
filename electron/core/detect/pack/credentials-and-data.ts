import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Credentials and data';

/** Hunts for secrets read and data exposed, shared or destroyed. */
export const credentialsAndData: Detection[] = [
  {
    id: 'secrets-read-burst',
    title: 'Bursts of secret reads (Secrets Manager, SSM SecureString)',
    description:
      'Principals that read ten or more Secrets Manager secrets or decrypted SSM parameters within a ten-minute window (clock-aligned; a GetParameters or BatchGetSecretValue call counts every name it lists): harvesting credentials after a foothold. The hit names every read of the window.',
    severity: 'medium',
    attack: ['T1555.006'],
    false_positives:
      "Applications starting up and configuration tools read many secrets at once; compare with the principal's usual pattern.",
    family,
    origin: 'pack',
    sql: `WITH reads AS (
  SELECT
    *,
    -- one call can read several: GetParameters names a list, BatchGetSecretValue may too
    CASE
      WHEN event_name = 'GetParameters' THEN coalesce(json_array_length(request_parameters->'$.names'), 1)
      WHEN event_name = 'BatchGetSecretValue' THEN coalesce(json_array_length(request_parameters->'$.secretIdList'), 1)
      ELSE 1
    END AS secrets
  FROM events
  WHERE (event_source = 'secretsmanager.amazonaws.com'
         AND event_name IN ('GetSecretValue', 'BatchGetSecretValue'))
     OR (event_source = 'ssm.amazonaws.com'
         AND event_name IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
         AND (request_parameters->>'$.withDecryption') = 'true')
)
SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
  sum(secrets) AS secrets_read,
  count(*) AS calls,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  count(error_code) AS failed_calls,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
FROM reads
GROUP BY ALL
HAVING sum(secrets) >= 10
ORDER BY event_time, principal`,
  },
  {
    id: 'ec2-password-data-read',
    title: 'EC2 Windows password data retrieved',
    description:
      'GetPasswordData calls, which return the encrypted Administrator password of Windows instances: a way into instances from the control plane. Many instances in a row, or many denied calls, are not routine.',
    severity: 'medium',
    attack: ['T1552'],
    false_positives:
      'Administrators connecting to a new Windows instance over RDP for the first time make the same call.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.instanceId' AS instance_id,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name = 'GetPasswordData'
ORDER BY event_time, event_key`,
  },
  {
    id: 's3-public-access-block-removed',
    title: 'S3 Block Public Access removed or relaxed',
    description:
      'S3 Block Public Access configurations deleted (for a bucket or the whole account), or set with any of the four protections turned off: the safety net that keeps a public policy or ACL from taking effect.',
    severity: 'high',
    attack: ['T1530'],
    false_positives: 'Buckets that host public websites or public datasets are configured this way on purpose.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->'$.PublicAccessBlockConfiguration' AS configuration,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_name IN ('DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock')
   OR (event_source = 's3.amazonaws.com'
       AND event_name = 'PutBucketPublicAccessBlock'
       AND 'false' IN (request_parameters->>'$.PublicAccessBlockConfiguration.BlockPublicAcls',
                       request_parameters->>'$.PublicAccessBlockConfiguration.IgnorePublicAcls',
                       request_parameters->>'$.PublicAccessBlockConfiguration.BlockPublicPolicy',
                       request_parameters->>'$.PublicAccessBlockConfiguration.RestrictPublicBuckets'))
ORDER BY event_time, event_key`,
  },
  {
    id: 's3-bucket-policy-or-acl-public',
    title: 'S3 bucket policies or ACLs granting access to everyone',
    description:
      'Bucket policies with a "*" principal, and bucket or object ACLs granting AllUsers or AuthenticatedUsers (directly or through a public canned ACL): data exposed to the internet for collection.',
    severity: 'high',
    attack: ['T1530'],
    false_positives:
      'A "*" principal restricted by a condition (an organization, a VPC endpoint, a source account) is not public, so read the policy; public website buckets are public on purpose.',
    family,
    origin: 'pack',
    sql: `WITH changes AS (
  SELECT
    *,
    -- a policy may come as an object or as an escaped string (as IAM writes policy
    -- documents); unescaping lets one pattern read both
    replace(CAST(request_parameters AS VARCHAR), '\\"', '"') AS request_text
  FROM events
  WHERE event_source = 's3.amazonaws.com'
    AND event_name IN ('PutBucketPolicy', 'PutBucketAcl', 'PutObjectAcl')
)
SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->>'$.key' AS object_key,
  identity_arn,
  source_ip,
  error_code
FROM changes
WHERE regexp_matches(request_text, '"Principal"\\s*:\\s*(?:"\\*"|\\{\\s*"AWS"\\s*:\\s*(?:"\\*"|\\[[^\\]]*"\\*"))')
   OR regexp_matches(request_text, 'acs\\.amazonaws\\.com/groups/global/(?:AllUsers|AuthenticatedUsers)')
   OR regexp_matches(request_text, '"x-amz-acl"\\s*:\\s*\\[?\\s*"(?:public-read|public-read-write|authenticated-read)"')
ORDER BY event_time, event_key`,
  },
  {
    id: 'snapshot-or-image-shared',
    title: 'EBS snapshots or AMIs shared with other accounts or made public',
    description:
      'EBS snapshot create-volume permissions and AMI launch permissions added for another account, an organization, or the group "all" (public): a disk copied out of the account in one call.',
    severity: 'high',
    attack: ['T1537'],
    false_positives:
      'Sharing with your own backup, disaster-recovery or build accounts is routine; check the account numbers.',
    family,
    origin: 'pack',
    sql: `WITH shares AS (
  SELECT
    *,
    CAST(coalesce(request_parameters->'$.createVolumePermission.add',
                  request_parameters->'$.launchPermission.add') AS VARCHAR) AS added
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('ModifySnapshotAttribute', 'ModifyImageAttribute')
)
SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.snapshotId', request_parameters->>'$.imageId') AS resource_id,
  regexp_extract_all(added, '"(?:userId|group|organizationArn|organizationalUnitArn)"\\s*:\\s*"([^"]+)"', 1) AS shared_with,
  identity_arn,
  source_ip,
  error_code
FROM shares
WHERE added IS NOT NULL
ORDER BY event_time, event_key`,
  },
  {
    id: 'rds-snapshot-shared',
    title: 'RDS snapshots shared with other accounts or made public',
    description:
      'RDS DB and cluster snapshots whose restore permission was given to other accounts ("all" means public): a database copied out of the account. Calls that add no account are left out.',
    severity: 'high',
    attack: ['T1537'],
    false_positives: 'Cross-account backup and migrations share snapshots too; check the account numbers.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.dBSnapshotIdentifier', request_parameters->>'$.dBClusterSnapshotIdentifier') AS snapshot,
  request_parameters->'$.valuesToAdd' AS shared_with,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'rds.amazonaws.com'
  AND event_name IN ('ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute')
  AND (request_parameters->>'$.attributeName') = 'restore'
  AND json_array_length(request_parameters->'$.valuesToAdd') > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 's3-mass-deletion',
    title: 'Mass deletion in S3 buckets',
    description:
      'Principals making twenty or more object or bucket deletions in one bucket within a ten-minute window (clock-aligned): destruction, or the clean-up after exfiltration. Needs S3 data events in the trail; the hit names every deletion of the window.',
    severity: 'medium',
    attack: ['T1485'],
    false_positives:
      'Applications purging caches and temporary files delete in bursts too; lifecycle expirations do not appear.',
    family,
    origin: 'pack',
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  request_parameters->>'$.bucketName' AS bucket,
  time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
  count(*) AS deletions,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  count(error_code) AS failed_calls,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name IN ('DeleteObject', 'DeleteObjects', 'DeleteBucket')
GROUP BY ALL
HAVING count(*) >= 20
ORDER BY event_time, principal`,
  },
];
