import type { Detection } from '../../../../shared/model/detection.ts';
import { outsidePrincipals, PRINCIPAL, runsOf } from './sql-parts.ts';

const family = 'Images and functions';

/** A role is compared by role, not by session: each CI run or console sign-in is a new session. */
const ACTOR = `coalesce(session_issuer_arn, identity_arn)`;

/** Container images in ECR: who pushes them, who may pull them, and what keeps them. */
export const ecrImages: Detection[] = [
  {
    id: 'ecr-image-pushed-by-new-principal',
    title: 'Image pushed to an ECR repository by a principal that had never pushed to it',
    description:
      'PutImage into a repository that another principal had already pushed to earlier in the case, by an IAM user or role with no earlier successful push to that repository (same account and region; roles are compared by role, not by session). A repository fed by one build role that suddenly receives an image from someone else is how a backdoored image reaches production: whatever pulls the tag runs it.',
    severity: 'medium',
    attack: ['T1525', 'T1204.003'],
    false_positives:
      'A new build role or pipeline, a developer pushing a hotfix by hand, a repository migrated to another CI system; pushes from before the logs begin are unknown, so the first push of a known pusher seen in the case may appear.',
    family,
    sql: `WITH pushes AS (
  SELECT
    *,
    request_parameters->>'$.repositoryName' AS repository,
    coalesce(request_parameters->>'$.registryId', recipient_account_id) AS registry,
    ${ACTOR} AS pusher
  FROM events
  WHERE event_source = 'ecr.amazonaws.com'
    AND event_name = 'PutImage'
)
SELECT
  p.event_time,
  p.event_key,
  p.repository,
  p.request_parameters->>'$.imageTag' AS image_tag,
  p.response_elements->>'$.image.imageId.imageDigest' AS image_digest,
  p.pusher,
  (SELECT list(DISTINCT o.pusher ORDER BY o.pusher) FROM pushes o
   WHERE o.repository = p.repository AND o.registry = p.registry AND o.aws_region IS NOT DISTINCT FROM p.aws_region
     AND o.error_code IS NULL AND o.event_time < p.event_time) AS earlier_pushers,
  p.source_ip,
  p.user_agent,
  p.error_code
FROM pushes p
WHERE EXISTS (
    SELECT 1 FROM pushes o
    WHERE o.repository = p.repository AND o.registry = p.registry AND o.aws_region IS NOT DISTINCT FROM p.aws_region
      AND o.error_code IS NULL AND o.event_time < p.event_time AND o.pusher IS DISTINCT FROM p.pusher
  )
  AND NOT EXISTS (
    SELECT 1 FROM pushes o
    WHERE o.repository = p.repository AND o.registry = p.registry AND o.aws_region IS NOT DISTINCT FROM p.aws_region
      AND o.error_code IS NULL AND o.event_time < p.event_time AND o.pusher = p.pusher
  )
ORDER BY p.event_time, p.event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-tag-immutability-disabled',
    title: 'ECR repository tags made mutable',
    description:
      'PutImageTagMutability setting a repository to MUTABLE (or MUTABLE_WITH_EXCLUSION): an existing tag such as "prod" or a release number can then be moved to another image, so deployments that trust the tag pull whatever was pushed last. Intruders do this just before overwriting a trusted tag. Repositories created mutable are not reported; only the change is.',
    severity: 'medium',
    attack: ['T1525', 'T1204.003'],
    false_positives: 'Teams that re-push a floating tag ("latest", "dev") and turn immutability off to do so.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.repositoryName' AS repository,
  request_parameters->>'$.imageTagMutability' AS tag_mutability,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ecr.amazonaws.com'
  AND event_name = 'PutImageTagMutability'
  AND starts_with(request_parameters->>'$.imageTagMutability', 'MUTABLE')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-repository-policy-opened',
    title: 'ECR repository policy opened to everyone or to another account',
    description:
      'SetRepositoryPolicy whose policy (a JSON string in the request) allows "*" without a Condition, or an AWS account other than the repository\'s own: anyone, or that account, may now pull the images (and the code and secrets baked into them) or, with push actions, replace them. Service principals and the account\'s own roles are not reported.',
    severity: 'high',
    attack: ['T1537', 'T1525'],
    false_positives:
      "Repositories shared on purpose with the organisation's other accounts (workload, build or deployment accounts); public images published deliberately. Check the account numbers against the organisation.",
    family,
    sql: `WITH policies AS (
  SELECT
    *,
    ${outsidePrincipals(`request_parameters->>'$.policyText'`, 'recipient_account_id')} AS granted_to
  FROM events
  WHERE event_source = 'ecr.amazonaws.com'
    AND event_name = 'SetRepositoryPolicy'
)
SELECT
  event_time,
  event_key,
  request_parameters->>'$.repositoryName' AS repository,
  granted_to,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM policies
WHERE len(granted_to) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-image-scanning-disabled',
    title: 'ECR image scanning turned off',
    description:
      'PutImageScanningConfiguration with scanOnPush false on a repository, or PutRegistryScanningConfiguration leaving the registry without any scanning rule: images pushed afterwards are no longer checked for known vulnerabilities or malware, which hides an implanted image.',
    severity: 'medium',
    attack: ['T1562.001', 'T1525'],
    false_positives:
      'Repositories moved to enhanced (Inspector) scanning, whose registry rules replace repository scan-on-push; cost clean-ups of test repositories.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.repositoryName', '(registry)') AS repository,
  coalesce(request_parameters->'$.imageScanningConfiguration', request_parameters->'$.rules') AS configuration,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ecr.amazonaws.com'
  AND ((event_name = 'PutImageScanningConfiguration'
        AND (request_parameters->>'$.imageScanningConfiguration.scanOnPush') = 'false')
    OR (event_name = 'PutRegistryScanningConfiguration'
        AND coalesce(json_array_length(request_parameters->'$.rules'), 0) = 0))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-lifecycle-policy-expires-everything',
    title: 'ECR lifecycle policy that expires (almost) every image',
    description:
      'PutLifecyclePolicy with a rule that selects every image (tagStatus "any", or a tag pattern "*") and keeps at most one of them (imageCountMoreThan 1 or less) or expires images pushed more than a day ago (sinceImagePushed, 1 day or less): ECR then deletes the repository\'s images itself within a day, a destruction that leaves no DeleteImage call by the intruder.',
    severity: 'high',
    attack: ['T1485.001', 'T1490'],
    false_positives: 'Scratch or test repositories that are meant to keep only the newest image.',
    family,
    sql: `WITH policies AS (
  SELECT
    *,
    list_filter(
      json_extract(try_cast(request_parameters->>'$.lifecyclePolicyText' AS JSON), '$.rules[*]'),
      lambda r: (json_extract_string(r, '$.selection.tagStatus') = 'any'
                 OR list_contains(json_extract_string(r, '$.selection.tagPatternList[*]'), '*'))
        AND json_extract_string(r, '$.action.type') = 'expire'
        AND try_cast(json_extract_string(r, '$.selection.countNumber') AS INTEGER) <= 1
        AND json_extract_string(r, '$.selection.countType') IN ('imageCountMoreThan', 'sinceImagePushed')
    ) AS sweeping_rules
  FROM events
  WHERE event_source = 'ecr.amazonaws.com'
    AND event_name = 'PutLifecyclePolicy'
)
SELECT
  event_time,
  event_key,
  request_parameters->>'$.repositoryName' AS repository,
  sweeping_rules,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM policies
WHERE len(sweeping_rules) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-replication-to-another-account',
    title: 'ECR registry replicating images to another account',
    description:
      "PutReplicationConfiguration with a destination registry (registryId) other than the account's own: every image pushed from then on is copied into that account, an exfiltration channel for the code, models and secrets inside images that needs no further call.",
    severity: 'high',
    attack: ['T1537'],
    false_positives:
      "Replication to the organisation's disaster-recovery or deployment accounts; check the destination account ids.",
    family,
    sql: `WITH configurations AS (
  SELECT
    *,
    list_filter(
      json_extract_string(request_parameters, '$.replicationConfiguration.rules[*].destinations[*].registryId'),
      lambda r: r <> recipient_account_id) AS foreign_registries
  FROM events
  WHERE event_source = 'ecr.amazonaws.com'
    AND event_name = 'PutReplicationConfiguration'
)
SELECT
  event_time,
  event_key,
  list_distinct(foreign_registries) AS destination_accounts,
  request_parameters->'$.replicationConfiguration' AS configuration,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM configurations
WHERE len(foreign_registries) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'ecr-image-deletion-burst',
    title: 'Burst of ECR image deletions by one principal',
    description:
      'BatchDeleteImage calls by one principal that together name ten or more images, each call within ten minutes of the one before, in one account: wiping the images a service runs (or restores from) makes recovery depend on rebuilding them. Failed calls count, as attempts.',
    severity: 'high',
    attack: ['T1485', 'T1490'],
    false_positives:
      'Clean-up scripts pruning old or untagged images by hand; ECR lifecycle expirations are not made by a principal and do not count.',
    family,
    sql: `WITH acts AS (
  SELECT
    *,
    ${PRINCIPAL} AS principal,
    coalesce(json_array_length(request_parameters->'$.imageIds'), 1) AS images
  FROM events
  WHERE event_source = 'ecr.amazonaws.com'
    AND event_name = 'BatchDeleteImage'
), runs AS (
  ${runsOf('acts', 'recipient_account_id, principal', '10 MINUTE')}
)
SELECT
  principal,
  recipient_account_id AS account,
  sum(images) AS images_named,
  count(*) AS calls,
  count(error_code) AS failed_calls,
  list(DISTINCT request_parameters->>'$.repositoryName' ORDER BY request_parameters->>'$.repositoryName') AS repositories,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys
FROM runs
GROUP BY principal, recipient_account_id, run
HAVING sum(images) >= 10
ORDER BY event_time, principal`,
    origin: 'pack',
  },
];
