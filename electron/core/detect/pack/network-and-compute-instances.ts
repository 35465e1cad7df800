import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Network, compute and accounts';

/*
 * Instance profiles associated or replaced. EC2's newer calls log their parameters inside a
 * <Action>Request object in API casing and their answer inside <Action>Response; both forms
 * are read. ReplaceIamInstanceProfileAssociation names an association, not an instance, so
 * the instance comes from the answer. Roles are compared by role, not by session.
 */
const PROFILE_CHANGES = `SELECT
    *,
    recipient_account_id AS account,
    coalesce(session_issuer_arn, identity_arn) AS actor,
    coalesce(response_elements->'$.AssociateIamInstanceProfileResponse.iamInstanceProfileAssociation',
             response_elements->'$.ReplaceIamInstanceProfileAssociationResponse.iamInstanceProfileAssociation',
             response_elements->'$.iamInstanceProfileAssociation') AS association
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation')`;
const PROFILE_INSTANCE = `coalesce(association->>'$.instanceId',
             request_parameters->>'$.AssociateIamInstanceProfileRequest.InstanceId',
             request_parameters->>'$.instanceId')`;
const PROFILE_NAME = `coalesce(association->>'$.iamInstanceProfile.arn',
             request_parameters->>'$.AssociateIamInstanceProfileRequest.IamInstanceProfile.Arn',
             request_parameters->>'$.AssociateIamInstanceProfileRequest.IamInstanceProfile.Name',
             request_parameters->>'$.ReplaceIamInstanceProfileAssociationRequest.IamInstanceProfile.Arn',
             request_parameters->>'$.ReplaceIamInstanceProfileAssociationRequest.IamInstanceProfile.Name',
             request_parameters->>'$.iamInstanceProfile.arn',
             request_parameters->>'$.iamInstanceProfile.name')`;

/** Instances: their roles, boot scripts, metadata service and launches. */
export const instances: Detection[] = [
  {
    id: 'instance-profile-changed-by-new-principal',
    title: 'Instance profiles attached or swapped by principals that never managed them before',
    description:
      "AssociateIamInstanceProfile and ReplaceIamInstanceProfileAssociation by an IAM user or role that has no earlier successful profile change, and no earlier successful launch with an instance profile, in the case: giving an instance the intruder can reach a more powerful role, whose credentials they then read from the metadata service. A principal's first legitimate change, and roles that launched instances before the logs begin, appear too.",
    severity: 'medium',
    attack: ['T1098.003'],
    false_positives:
      'New administrators or automation (Systems Manager default host management, Quick Setup) attaching profiles for the first time.',
    family,
    sql: `WITH changes AS (
  ${PROFILE_CHANGES}
),
launches AS (
  SELECT recipient_account_id AS account, coalesce(session_issuer_arn, identity_arn) AS actor, event_time
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name = 'RunInstances'
    AND error_code IS NULL
    AND json_exists(request_parameters, '$.iamInstanceProfile')
)
SELECT
  c.event_time,
  c.event_key,
  c.event_name,
  ${PROFILE_INSTANCE} AS instance_id,
  ${PROFILE_NAME} AS instance_profile,
  c.actor AS principal,
  c.identity_arn,
  c.source_ip,
  c.user_agent,
  c.error_code
FROM changes c
WHERE c.actor IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM changes e
    WHERE e.actor = c.actor AND e.account IS NOT DISTINCT FROM c.account
      AND e.error_code IS NULL AND e.event_time < c.event_time)
  AND NOT EXISTS (
    SELECT 1 FROM launches l
    WHERE l.actor = c.actor AND l.account IS NOT DISTINCT FROM c.account AND l.event_time < c.event_time)
ORDER BY c.event_time, c.event_key`,
    origin: 'pack',
  },
  {
    id: 'instance-role-and-user-data-changed',
    title: "An instance's role and its user data changed within an hour",
    description:
      "The same instance given a new instance profile (AssociateIamInstanceProfile, ReplaceIamInstanceProfileAssociation) and new user data (ModifyInstanceAttribute) within one hour of each other, both successful: the boot script will run as root with the new role's credentials at hand, the classic path from EC2 permissions to any role the intruder may pass. Each change alone is reported by other rules.",
    severity: 'high',
    attack: ['T1651', 'T1098.003'],
    false_positives:
      'An administrator rebuilding one instance by hand, changing its role and bootstrap script in the same session.',
    family,
    sql: `WITH profiles AS (
  SELECT *, ${PROFILE_INSTANCE} AS instance_id, ${PROFILE_NAME} AS instance_profile
  FROM (${PROFILE_CHANGES}) p
  WHERE error_code IS NULL
),
user_data AS (
  SELECT
    event_key,
    event_time,
    recipient_account_id AS account,
    request_parameters->>'$.instanceId' AS instance_id,
    ${PRINCIPAL} AS actor,
    source_ip
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name = 'ModifyInstanceAttribute'
    AND json_exists(request_parameters, '$.userData')
    AND error_code IS NULL
)
SELECT
  least(p.event_time, u.event_time) AS event_time,
  CASE WHEN p.event_time <= u.event_time THEN p.event_key ELSE u.event_key END AS event_key,
  CASE WHEN p.event_time <= u.event_time THEN [p.event_key, u.event_key] ELSE [u.event_key, p.event_key] END AS event_keys,
  p.instance_id,
  p.instance_profile,
  coalesce(p.identity_arn, p.actor) AS profile_changed_by,
  u.actor AS user_data_changed_by,
  list_distinct([p.source_ip, u.source_ip]) AS source_ips
FROM profiles p
JOIN user_data u
  ON u.instance_id = p.instance_id
 AND u.account IS NOT DISTINCT FROM p.account
 AND u.event_time BETWEEN p.event_time - INTERVAL 1 HOUR AND p.event_time + INTERVAL 1 HOUR
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'direct-vm-access-enabled',
    title: 'EC2 serial console access enabled or Instance Connect endpoint created',
    description:
      "EnableSerialConsoleAccess (an account-wide switch, off by default, that lets a principal reach any Nitro instance's console without network access) and CreateInstanceConnectEndpoint (SSH and RDP into private subnets from outside the VPC): the ways in that bypass security groups and bastions. Turning serial access off is left out.",
    severity: 'medium',
    attack: ['T1021.008'],
    false_positives:
      'Administrators recovering an unreachable instance through its serial console, and teams replacing bastion hosts with Instance Connect endpoints.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('EnableSerialConsoleAccess', 'CreateInstanceConnectEndpoint')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'imds-v1-allowed',
    title: 'Instance metadata service set to accept IMDSv1 requests',
    description:
      'ModifyInstanceMetadataOptions, or the account default ModifyInstanceMetadataDefaults, with HttpTokens "optional": the metadata service answers token-less requests again, so that a server-side request forgery in an application can read the instance role\'s credentials. Changes that require tokens are left out.',
    severity: 'medium',
    attack: ['T1552.005'],
    false_positives: 'Old agents or AMIs that do not support IMDSv2, re-enabled on purpose while they are upgraded.',
    family,
    sql: `WITH options AS (
  SELECT
    *,
    coalesce(request_parameters->'$.ModifyInstanceMetadataOptionsRequest',
             request_parameters->'$.ModifyInstanceMetadataDefaultsRequest',
             request_parameters) AS options
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('ModifyInstanceMetadataOptions', 'ModifyInstanceMetadataDefaults')
)
SELECT
  event_time,
  event_key,
  event_name,
  coalesce(options->>'$.InstanceId', options->>'$.instanceId', '(account default)') AS instance_id,
  coalesce(options->>'$.HttpTokens', options->>'$.httpTokens') AS http_tokens,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM options
WHERE lower(coalesce(options->>'$.HttpTokens', options->>'$.httpTokens')) = 'optional'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'accelerated-instances-launched',
    title: 'GPU or accelerator instances requested',
    description:
      'RunInstances and RequestSpotInstances for GPU, machine-learning accelerator or FPGA instance families (p, g, inf, trn, dl, f, vt), successful or not: the expensive capacity crypto-miners and model trainers go for on a stolen account, often refused by quotas first. A single instance is enough here; ec2-many-instances-launched counts bursts of any type.',
    severity: 'medium',
    attack: ['T1496.001', 'T1578.002'],
    false_positives:
      'Machine-learning, rendering and video teams that use such instances as a matter of course; check the principal and region.',
    family,
    sql: `WITH launches AS (
  SELECT
    *,
    lower(coalesce(request_parameters->>'$.instanceType',
                   request_parameters->>'$.launchSpecification.instanceType',
                   response_elements->>'$.instancesSet.items[0].instanceType')) AS instance_type
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('RunInstances', 'RequestSpotInstances')
)
SELECT
  event_time,
  event_key,
  event_name,
  aws_region,
  instance_type,
  list_sum(TRY_CAST(json_extract_string(request_parameters, '$.instancesSet.items[*].maxCount') AS INTEGER[])) AS requested,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM launches
WHERE regexp_matches(instance_type, '^(p|g|inf|trn|dl|f|vt)[0-9]')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'instances-launched-in-unused-region',
    title: 'Instances launched in a region the account had not used',
    description:
      "The first EC2 launch (RunInstances, RequestSpotInstances, RequestSpotFleet, CreateFleet) in a region where the account shows no earlier event of any kind except the launching principal's own in the hour before (its preparation: key pairs, security groups, image look-ups), in an account whose activity in the case began at least an hour earlier: resources hidden where nobody looks. Lists that principal's events in the region in that hour. Global services (IAM, STS, sign-in, Organizations, account, billing, support) and AWS services acting on their own do not count as using a region.",
    severity: 'high',
    attack: ['T1535', 'T1578.002'],
    false_positives:
      'A team starting to work in a new region, and cases holding only a short slice of logs, where a region seldom used may not appear before its launch.',
    family,
    // Identity, sign-in and other global services log in one region whatever the caller did, and
    // AWS services act in every region on their own; neither says that someone used a region.
    sql: `WITH activity AS (
  SELECT event_key, event_time, recipient_account_id AS account, aws_region, event_name, event_source,
         coalesce(session_issuer_arn, identity_arn) AS actor
  FROM events
  WHERE recipient_account_id IS NOT NULL
    AND aws_region IS NOT NULL
    AND identity_type IS DISTINCT FROM 'AWSService'
    AND event_type IS DISTINCT FROM 'AwsServiceEvent'
    AND event_source NOT IN ('iam.amazonaws.com', 'sts.amazonaws.com', 'signin.amazonaws.com',
                             'organizations.amazonaws.com', 'account.amazonaws.com', 'health.amazonaws.com',
                             'support.amazonaws.com', 'ce.amazonaws.com', 'billingconsole.amazonaws.com')
),
-- when each principal first appears in each region, and when each account first appears at all
region_firsts AS (
  SELECT account, aws_region, actor, min(event_time) AS first_seen
  FROM activity
  GROUP BY ALL
),
account_firsts AS (
  SELECT account, min(first_seen) AS first_seen
  FROM region_firsts
  GROUP BY ALL
),
firsts AS (
  SELECT *
  FROM activity
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('RunInstances', 'RequestSpotInstances', 'RequestSpotFleet', 'CreateFleet')
  QUALIFY row_number() OVER (PARTITION BY account, aws_region ORDER BY event_time, event_key) = 1
),
hits AS (
  SELECT
    f.*,
    (SELECT list(a.event_key ORDER BY a.event_time, a.event_key)
     FROM activity a
     WHERE a.account = f.account AND a.aws_region = f.aws_region AND a.actor IS NOT DISTINCT FROM f.actor
       AND a.event_time BETWEEN f.event_time - INTERVAL 1 HOUR AND f.event_time) AS event_keys,
    (SELECT min(a.event_time)
     FROM activity a
     WHERE a.account = f.account AND a.aws_region = f.aws_region AND a.actor IS NOT DISTINCT FROM f.actor
       AND a.event_time BETWEEN f.event_time - INTERVAL 1 HOUR AND f.event_time) AS first_time
  FROM firsts f
  JOIN account_firsts c ON c.account = f.account
  WHERE c.first_seen <= f.event_time - INTERVAL 1 HOUR
    AND NOT EXISTS (
      SELECT 1 FROM region_firsts r
      WHERE r.account = f.account AND r.aws_region = f.aws_region
        AND ((r.actor IS DISTINCT FROM f.actor AND r.first_seen < f.event_time)
             OR (r.actor IS NOT DISTINCT FROM f.actor AND r.first_seen < f.event_time - INTERVAL 1 HOUR)))
)
SELECT
  first_time AS event_time,
  event_keys[1] AS event_key,
  event_keys,
  aws_region,
  event_name AS launch,
  event_time AS launched_at,
  account,
  actor AS principal
FROM hits
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ssm-association-runs-commands',
    title: 'Systems Manager associations that run shell or PowerShell scripts',
    description:
      'State Manager associations created (CreateAssociation, CreateAssociationBatch) with AWS-RunShellScript, AWS-RunPowerShellScript or AWS-RunRemoteScript: commands run as root on every targeted instance, and run again on schedule and on every new instance matching the targets, a persistence that Run Command alone does not give. Inventory, patching and agent-update associations are left out.',
    severity: 'medium',
    attack: ['T1651'],
    false_positives:
      'Configuration scripts that administrators schedule through State Manager, usually deployed by infrastructure as code.',
    family,
    sql: `WITH associations AS (
  SELECT
    *,
    CASE event_name
      WHEN 'CreateAssociation' THEN [request_parameters->>'$.name']
      ELSE json_extract_string(request_parameters, '$.entries[*].name')
    END AS documents
  FROM events
  WHERE event_source = 'ssm.amazonaws.com'
    AND event_name IN ('CreateAssociation', 'CreateAssociationBatch')
)
SELECT
  event_time,
  event_key,
  event_name,
  documents,
  coalesce(CAST(request_parameters->'$.targets' AS VARCHAR), request_parameters->>'$.instanceId',
           CAST(request_parameters->'$.entries' AS VARCHAR)) AS targets,
  request_parameters->>'$.scheduleExpression' AS schedule,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM associations
-- a document may also be named by its ARN
WHERE list_bool_or(list_transform(documents,
        lambda d: regexp_matches(d, '(^|/)AWS-Run(ShellScript|PowerShellScript|RemoteScript)$')))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ec2-account-protections-disabled',
    title: 'EBS default encryption or snapshot and AMI public-sharing blocks turned off',
    description:
      'DisableEbsEncryptionByDefault, DisableSnapshotBlockPublicAccess and DisableImageBlockPublicAccess: the region-wide settings that keep new volumes encrypted and stop snapshots and images from being made public, removed before copying disks out. Turning them on is left out.',
    severity: 'medium',
    attack: ['T1562', 'T1537'],
    false_positives: 'Teams that publish public AMIs or snapshots on purpose, and test accounts being reset.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name IN ('DisableEbsEncryptionByDefault', 'DisableSnapshotBlockPublicAccess', 'DisableImageBlockPublicAccess')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ebs-encrypted-with-another-accounts-key',
    title: "EBS default key or snapshot copies set to another account's KMS key",
    description:
      'ModifyEbsDefaultKmsKeyId and CopySnapshot naming a KMS key ARN of another account: new volumes, or copies of existing ones, encrypted under a key the intruder controls and can revoke, the EBS form of ransomware. Keys given by id or alias belong to the account itself and are left out.',
    severity: 'high',
    attack: ['T1486'],
    false_positives: 'Central key-management accounts whose keys are shared with every member account on purpose.',
    family,
    sql: `WITH keyed AS (
  SELECT
    *,
    coalesce(request_parameters->>'$.ModifyEbsDefaultKmsKeyIdRequest.KmsKeyId',
             request_parameters->>'$.kmsKeyId', request_parameters->>'$.KmsKeyId') AS kms_key
  FROM events
  WHERE event_source = 'ec2.amazonaws.com'
    AND event_name IN ('ModifyEbsDefaultKmsKeyId', 'CopySnapshot')
)
SELECT
  event_time,
  event_key,
  event_name,
  kms_key,
  regexp_extract(kms_key, '^arn:aws[a-z-]*:kms:[^:]*:(\\d{12}):', 1) AS key_account,
  request_parameters->>'$.sourceSnapshotId' AS source_snapshot_id,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM keyed
WHERE regexp_extract(kms_key, '^arn:aws[a-z-]*:kms:[^:]*:(\\d{12}):', 1) NOT IN ('', recipient_account_id)
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
