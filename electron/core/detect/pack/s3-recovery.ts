import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Data protection and recovery';

/*
 * S3 writes its XML request bodies into requestParameters as JSON named after the XML elements
 * (VersioningConfiguration.Status, LifecycleConfiguration.Rule...), and a repeated element
 * becomes an array only when it repeats: one lifecycle Rule is an object, two are an array.
 * Request headers that matter appear as members named after the header.
 */

/** S3 buckets: versions, lifecycle, Object Lock and encryption, what lets data be recovered. */
export const s3Recovery: Detection[] = [
  {
    id: 's3-versioning-suspended',
    title: 'S3 bucket versioning suspended',
    description:
      'PutBucketVersioning with Status Suspended: from then on an overwrite or delete destroys the object instead of keeping the previous version, so the next step (mass deletion, encryption for ransom) cannot be undone from the bucket itself.',
    severity: 'high',
    attack: ['T1490', 'T1485'],
    false_positives:
      'Buckets where versioning was turned on by mistake or costs too much (logs, caches, scratch data).',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->'$.VersioningConfiguration' AS versioning,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name = 'PutBucketVersioning'
  AND (request_parameters->>'$.VersioningConfiguration.Status') = 'Suspended'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 's3-mfa-delete-disabled',
    title: 'S3 MFA Delete turned off',
    description:
      "PutBucketVersioning with MfaDelete Disabled: deleting versions and changing the bucket's versioning no longer needs the root user's MFA code, the last guard in front of permanent deletion. Only the root user can make this change, so it also says who was signed in.",
    severity: 'medium',
    attack: ['T1490'],
    false_positives:
      'Tools that send MfaDelete Disabled explicitly with every versioning change on buckets that never had MFA Delete; a root user retiring MFA Delete on purpose.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->'$.VersioningConfiguration' AS versioning,
  ${PRINCIPAL} AS principal,
  identity_type,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name = 'PutBucketVersioning'
  AND (request_parameters->>'$.VersioningConfiguration.MfaDelete') = 'Disabled'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 's3-lifecycle-expires-everything',
    title: 'S3 lifecycle rule that expires the whole bucket within a day',
    description:
      'PutBucketLifecycle (the event name CloudTrail gives PutBucketLifecycleConfiguration too) with an enabled rule that applies to the whole bucket (no filter, an empty one, or a prefix "" or "*") and expires current objects after one day or less, or noncurrent versions one day or less after they become noncurrent: S3 then deletes the data itself, overnight, with no DeleteObject call to see.',
    severity: 'critical',
    attack: ['T1485.001', 'T1490'],
    false_positives: 'Buckets for temporary files, uploads or caches that are meant to be emptied every day.',
    family,
    sql: `WITH configurations AS (
  SELECT
    *,
    CASE WHEN json_type(request_parameters, '$.LifecycleConfiguration.Rule') = 'ARRAY'
         THEN json_extract(request_parameters, '$.LifecycleConfiguration.Rule[*]')
         ELSE [json_extract(request_parameters, '$.LifecycleConfiguration.Rule')] END AS rules
  FROM events
  WHERE event_source = 's3.amazonaws.com'
    AND event_name IN ('PutBucketLifecycle', 'PutBucketLifecycleConfiguration')
), sweeping AS (
  SELECT
    *,
    list_filter(rules, lambda r:
      json_extract_string(r, '$.Status') = 'Enabled'
      -- a "*" prefix matches only keys that begin with "*", but it says what was meant
      AND coalesce(json_extract_string(r, '$.Prefix'), '') IN ('', '*')
      AND (json_extract(r, '$.Filter') IS NULL
           OR json_extract_string(r, '$.Filter') = ''
           OR (json_type(r, '$.Filter') = 'OBJECT'
               AND list_filter(json_keys(json_extract(r, '$.Filter')), lambda k: k <> 'Prefix') = []
               AND coalesce(json_extract_string(r, '$.Filter.Prefix'), '') IN ('', '*')))
      AND (try_cast(json_extract_string(r, '$.Expiration.Days') AS INTEGER) <= 1
           OR try_cast(json_extract_string(r, '$.NoncurrentVersionExpiration.NoncurrentDays') AS INTEGER) <= 1)
    ) AS sweeping_rules
  FROM configurations
)
SELECT
  event_time,
  event_key,
  request_parameters->>'$.bucketName' AS bucket,
  sweeping_rules,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM sweeping
WHERE len(sweeping_rules) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 's3-object-lock-bypassed-or-released',
    title: 'S3 Object Lock governance bypassed or legal hold released',
    description:
      'Calls that send x-amz-bypass-governance-retention: true (PutObjectRetention shortening or removing a retention, DeleteObject or DeleteObjects of locked versions), and PutObjectLegalHold with Status OFF: the protections that keep backups and evidence undeletable are being set aside, object by object. Needs S3 data events.',
    severity: 'high',
    attack: ['T1490', 'T1485'],
    false_positives:
      'Records managers releasing a legal hold or correcting a retention date, with the approval that requires.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->>'$.key' AS object_key,
  request_parameters->'$.Retention' AS retention,
  request_parameters->'$.LegalHold' AS legal_hold,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name IN ('PutObjectRetention', 'PutObjectLegalHold', 'DeleteObject', 'DeleteObjects')
  AND (lower(request_parameters->>'$."x-amz-bypass-governance-retention"') = 'true'
       OR (event_name = 'PutObjectLegalHold' AND (request_parameters->>'$.LegalHold.Status') = 'OFF'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 's3-object-lock-default-retention-weakened',
    title: 'S3 Object Lock default retention removed or cut to a day',
    description:
      'PutObjectLockConfiguration leaving the bucket without a default retention rule, or with one of a day or less: new objects (the next backups) can then be deleted at once. Object Lock itself cannot be turned off, so this is how its protection is taken away for what comes next.',
    severity: 'medium',
    attack: ['T1490'],
    false_positives:
      'Object Lock turned on for an existing bucket without a default rule; buckets that set retention per object instead of by default; test buckets.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->'$.ObjectLockConfiguration' AS object_lock,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 's3.amazonaws.com'
  AND event_name = 'PutObjectLockConfiguration'
  AND ((request_parameters->'$.ObjectLockConfiguration.Rule.DefaultRetention') IS NULL
       OR (coalesce(try_cast(request_parameters->>'$.ObjectLockConfiguration.Rule.DefaultRetention.Days' AS INTEGER), 0) <= 1
           AND (request_parameters->>'$.ObjectLockConfiguration.Rule.DefaultRetention.Years') IS NULL))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 's3-bucket-deleted-after-object-deletions',
    title: 'S3 bucket deleted after its objects were deleted',
    description:
      'DeleteBucket preceded, within the hour before, by at least one DeleteObjects (multi-object delete) call or ten DeleteObject calls on the same bucket, by anyone: a bucket emptied and then removed, so neither its data nor its name (which someone else may then claim) remains. Needs S3 data events for the deletions.',
    severity: 'high',
    attack: ['T1485', 'T1490'],
    false_positives:
      'Teardown of test or temporary buckets by scripts and infrastructure as code, which empty a bucket before deleting it.',
    family,
    sql: `WITH deletions AS (
  SELECT event_time, event_key, event_name, recipient_account_id, request_parameters->>'$.bucketName' AS bucket,
         ${PRINCIPAL} AS principal
  FROM events
  WHERE event_source = 's3.amazonaws.com'
    AND event_name IN ('DeleteObject', 'DeleteObjects')
), removals AS (
  SELECT event_time, event_key, recipient_account_id, request_parameters->>'$.bucketName' AS bucket,
         ${PRINCIPAL} AS principal, source_ip, error_code
  FROM events
  WHERE event_source = 's3.amazonaws.com'
    AND event_name = 'DeleteBucket'
)
SELECT
  b.bucket,
  b.principal AS deleted_by,
  list(DISTINCT d.principal ORDER BY d.principal) AS emptied_by,
  count(*) FILTER (WHERE d.event_name = 'DeleteObjects') AS multi_object_deletes,
  count(*) FILTER (WHERE d.event_name = 'DeleteObject') AS single_deletes,
  b.event_time AS bucket_deleted_at,
  b.source_ip,
  b.error_code,
  min(d.event_time) AS event_time,
  arg_min(d.event_key, d.event_time) AS event_key,
  list(d.event_key ORDER BY d.event_time) || [b.event_key] AS event_keys
FROM removals b
JOIN deletions d
  ON d.bucket = b.bucket
 AND d.recipient_account_id IS NOT DISTINCT FROM b.recipient_account_id
 AND d.event_time <= b.event_time
 AND d.event_time > b.event_time - INTERVAL 1 HOUR
GROUP BY b.event_key, b.bucket, b.principal, b.event_time, b.source_ip, b.error_code
HAVING count(*) FILTER (WHERE d.event_name = 'DeleteObjects') >= 1
    OR count(*) FILTER (WHERE d.event_name = 'DeleteObject') >= 10
ORDER BY event_time, bucket`,
    origin: 'pack',
  },
  {
    id: 's3-encrypted-with-another-accounts-kms-key',
    title: "S3 data encrypted with another account's KMS key",
    description:
      "PutBucketEncryption making a KMS key of another account the bucket's default, or CopyObject/PutObject writing objects under such a key (x-amz-server-side-encryption-aws-kms-key-id): whoever owns that key decides whether the data can ever be read again, the cloud form of ransomware. Needs S3 data events for the object calls.",
    severity: 'high',
    attack: ['T1486'],
    false_positives:
      "Buckets encrypted with a key of the organisation's central security or logging account; check the key's account.",
    family,
    sql: `WITH writes AS (
  SELECT
    *,
    list_distinct(list_filter(
      regexp_extract_all(
        coalesce(CAST(request_parameters->'$.ServerSideEncryptionConfiguration' AS VARCHAR),
                 request_parameters->>'$."x-amz-server-side-encryption-aws-kms-key-id"'),
        'arn:aws[a-z-]*:kms:[a-z0-9-]+:([0-9]{12}):', 1),
      lambda a: a <> recipient_account_id)) AS key_accounts
  FROM events
  WHERE event_source = 's3.amazonaws.com'
    AND event_name IN ('PutBucketEncryption', 'CopyObject', 'PutObject')
)
SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.bucketName' AS bucket,
  request_parameters->>'$.key' AS object_key,
  key_accounts,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM writes
WHERE len(key_accounts) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
