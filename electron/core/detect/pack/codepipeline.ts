import type { Detection } from '../../../../shared/model/detection.ts';
import { accountOf, CODEPIPELINE_FAMILY, EARLIER } from './cicd-parts.ts';
import { codepipelineOperations } from './codepipeline-operations.ts';

/*
 * CreatePipeline and UpdatePipeline carry the whole pipeline declaration (roles, artifact
 * stores, every stage and action, V2 triggers), but never the version they replace: what
 * changed is only known by comparing with the versions the case saw earlier, so a pipeline's
 * first version in the case is the baseline and cannot itself be called a change.
 */

/** Every pipeline version submitted, with its actions flattened out of their stages. */
const DECLARATIONS = `declarations AS (
  SELECT
    event_time, event_key, event_name, recipient_account_id, aws_region, error_code,
    identity_arn, source_ip, user_agent,
    request_parameters->>'$.pipeline.name' AS pipeline,
    request_parameters,
    coalesce(json_extract(request_parameters, '$.pipeline.stages[*].actions[*]'), []) AS actions
  FROM events
  WHERE event_source = 'codepipeline.amazonaws.com'
    AND event_name IN ('CreatePipeline', 'UpdatePipeline')
)`;

/** The last successful version before this one; a refused update changed nothing. */
const previousVersionOf = (expression: string) =>
  `last_value(CASE WHEN error_code IS NULL THEN ${expression} END IGNORE NULLS) OVER ${EARLIER('pipeline')}`;

const declarationRules: Detection[] = [
  {
    id: 'codepipeline-role-in-another-account',
    title: 'Pipeline given a role in an account it did not use before',
    description:
      "CreatePipeline or UpdatePipeline whose pipeline role, action roles or CloudFormation RoleArn lie in an account other than the pipeline's own, where no earlier version of that pipeline in the case used that account. A stage that assumes a foreign role hands the pipeline's artifacts and source to whoever owns that account, and runs their code in its deployments: a trusted relationship planted in the delivery path. Refused attempts are listed with their error.",
    severity: 'high',
    attack: ['T1199', 'T1195.002', 'T1677'],
    false_positives:
      "Cross-account deployments set up on purpose (a tools account deploying to workload accounts) when the first version of that pipeline precedes the case's logs, and new target accounts added to such a pipeline.",
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
roles AS (
  SELECT
    *,
    list_distinct(list_filter(
      list_concat(
        [request_parameters->>'$.pipeline.roleArn'],
        json_extract_string(request_parameters, '$.pipeline.stages[*].actions[*].roleArn'),
        json_extract_string(request_parameters, '$.pipeline.stages[*].actions[*].configuration.RoleArn')),
      lambda arn: ${accountOf('arn')} <> recipient_account_id)) AS foreign_roles
  FROM declarations
),
known AS (
  SELECT
    *,
    flatten(list(list_transform(foreign_roles, lambda arn: ${accountOf('arn')})) FILTER (WHERE error_code IS NULL)
      OVER ${EARLIER('pipeline')}) AS known_accounts
  FROM roles
),
added AS (
  SELECT
    *,
    list_filter(foreign_roles, lambda arn: NOT list_contains(coalesce(known_accounts, []), ${accountOf('arn')}))
      AS new_foreign_roles
  FROM known
)
SELECT
  event_time,
  event_key,
  event_name,
  pipeline,
  recipient_account_id AS pipeline_account,
  new_foreign_roles,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM added
WHERE len(new_foreign_roles) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-source-changed',
    title: 'Pipeline source switched to a repository, branch or object it never used',
    description:
      "UpdatePipeline (or a re-created pipeline) whose source actions name a repository, branch, connection, S3 bucket or key, or image tag that no earlier version of the same pipeline in the case used (CodeCommit RepositoryName/BranchName, CodeStar connection FullRepositoryId/BranchName/ConnectionArn, GitHub Owner/Repo/Branch, S3 S3Bucket/S3ObjectKey, ECR RepositoryName/ImageTag). Pointing a release pipeline at the intruder's branch or fork ships their code with the pipeline's rights. Needs an earlier version of the pipeline in the case to compare with.",
    severity: 'high',
    attack: ['T1195.002', 'T1677'],
    false_positives:
      'Repository migrations, a release branch switched on purpose (main to release/2.0), and renamed repositories.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
sources AS (
  SELECT
    *,
    list_transform(
      list_filter(actions, lambda a: (a->>'$.actionTypeId.category') = 'Source'),
      lambda a: concat_ws(' ',
        a->>'$.actionTypeId.provider',
        'repository=' || coalesce(a->>'$.configuration.FullRepositoryId', a->>'$.configuration.RepositoryName',
                                  (a->>'$.configuration.Owner') || '/' || (a->>'$.configuration.Repo')),
        'branch=' || coalesce(a->>'$.configuration.BranchName', a->>'$.configuration.Branch'),
        'bucket=' || (a->>'$.configuration.S3Bucket'),
        'key=' || (a->>'$.configuration.S3ObjectKey'),
        'tag=' || (a->>'$.configuration.ImageTag'),
        'connection=' || (a->>'$.configuration.ConnectionArn'))) AS source_list
  FROM declarations
),
known AS (
  SELECT *, flatten(list(source_list) FILTER (WHERE error_code IS NULL) OVER ${EARLIER('pipeline')}) AS earlier_sources
  FROM sources
),
added AS (
  SELECT *, list_filter(source_list, lambda s: NOT list_contains(earlier_sources, s)) AS new_sources
  FROM known
)
SELECT
  event_time,
  event_key,
  event_name,
  pipeline,
  new_sources,
  list_distinct(earlier_sources) AS earlier_sources,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM added
WHERE len(earlier_sources) > 0
  AND len(new_sources) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-approval-removed',
    title: 'Manual approval removed from a pipeline',
    description:
      'UpdatePipeline whose declaration holds fewer Approval actions than the last successful version of the same pipeline in the case: the human gate before production is gone, so whatever reaches the source now deploys unreviewed. Lists the approval actions (stage/action) that disappeared. Needs an earlier version of the pipeline in the case.',
    severity: 'high',
    attack: ['T1562.001', 'T1195.002', 'T1677'],
    false_positives:
      'Approvals retired on purpose (a pipeline moving to automated tests as its gate), and approvals merged into one.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
approvals AS (
  SELECT
    *,
    list_transform(
      list_filter(actions, lambda a: (a->>'$.actionTypeId.category') = 'Approval'),
      lambda a: a->>'$.name') AS approval_actions
  FROM declarations
),
compared AS (
  SELECT *, ${previousVersionOf('approval_actions')} AS previous_approvals
  FROM approvals
)
SELECT
  event_time,
  event_key,
  pipeline,
  list_filter(previous_approvals, lambda a: NOT list_contains(approval_actions, a)) AS removed_approvals,
  len(previous_approvals) AS approvals_before,
  len(approval_actions) AS approvals_after,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name = 'UpdatePipeline'
  AND len(approval_actions) < len(previous_approvals)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-artifact-store-changed',
    title: "Pipeline's artifact bucket or encryption key changed",
    description:
      'UpdatePipeline whose artifact stores (artifactStore, or artifactStores per region: the S3 location and its KMS encryptionKey) differ from the last successful version of the same pipeline in the case. Every stage reads and writes its artifacts there: a bucket or key the intruder controls lets them read the source and swap build outputs before deployment. Shows whether the new key lies in another account. Needs an earlier version of the pipeline in the case.',
    severity: 'medium',
    attack: ['T1195.002', 'T1199'],
    false_positives:
      'Moving to a customer managed KMS key, bucket consolidation, and a pipeline extended to a new region (a new artifactStores entry).',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
stores AS (
  SELECT
    *,
    list_sort(list_transform(
      list_concat(
        CASE WHEN json_exists(request_parameters, '$.pipeline.artifactStore')
             THEN [request_parameters->'$.pipeline.artifactStore'] ELSE [] END,
        json_extract(request_parameters, '$.pipeline.artifactStores.*')),
      lambda s: concat_ws(' ', s->>'$.location', 'key=' || (s->>'$.encryptionKey.id')))) AS store_list,
    json_extract_string(request_parameters, '$.pipeline.artifactStore.encryptionKey.id') AS key_id
  FROM declarations
),
compared AS (
  SELECT *, ${previousVersionOf('store_list')} AS previous_stores
  FROM stores
)
SELECT
  event_time,
  event_key,
  pipeline,
  previous_stores,
  store_list AS artifact_stores,
  key_id LIKE 'arn:%' AND ${accountOf('key_id')} <> recipient_account_id AS key_in_another_account,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name = 'UpdatePipeline'
  AND previous_stores IS NOT NULL
  AND store_list <> previous_stores
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-trigger-filters-widened',
    title: "V2 pipeline's Git triggers widened",
    description:
      'UpdatePipeline of a V2 pipeline whose triggers (triggers[].gitConfiguration) now start it for more than the last successful version in the case did: a new wildcard branch or tag include pattern (such as "*"), a branch or tag exclude pattern dropped, or pull-request triggers added where there were none. A pipeline that runs for any branch or any pull request runs code nobody reviewed, with its role: the entry point of poisoned pipeline execution. Needs an earlier version of the pipeline in the case.',
    severity: 'medium',
    attack: ['T1677', 'T1195.002'],
    false_positives:
      'Teams adopting release branches (release/*) or building pull requests in a pipeline on purpose, usually for test stages that do not deploy.',
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
triggers AS (
  SELECT
    *,
    struct_pack(
      includes := list_distinct(list_concat(
        json_extract_string(request_parameters, '$.pipeline.triggers[*].gitConfiguration.push[*].branches.includes[*]'),
        json_extract_string(request_parameters, '$.pipeline.triggers[*].gitConfiguration.push[*].tags.includes[*]'),
        json_extract_string(request_parameters,
                            '$.pipeline.triggers[*].gitConfiguration.pullRequest[*].branches.includes[*]'))),
      excludes := list_distinct(list_concat(
        json_extract_string(request_parameters, '$.pipeline.triggers[*].gitConfiguration.push[*].branches.excludes[*]'),
        json_extract_string(request_parameters, '$.pipeline.triggers[*].gitConfiguration.push[*].tags.excludes[*]'),
        json_extract_string(request_parameters,
                            '$.pipeline.triggers[*].gitConfiguration.pullRequest[*].branches.excludes[*]'))),
      pull_requests := len(json_extract(request_parameters, '$.pipeline.triggers[*].gitConfiguration.pullRequest[*]'))
    ) AS filters
  FROM declarations
),
compared AS (
  SELECT *, ${previousVersionOf('filters')} AS previous
  FROM triggers
),
widened AS (
  SELECT
    *,
    list_filter(filters.includes, lambda p: contains(p, '*') AND NOT list_contains(previous.includes, p))
      AS new_wildcards,
    list_filter(previous.excludes, lambda p: NOT list_contains(filters.excludes, p)) AS dropped_excludes,
    filters.pull_requests > 0 AND previous.pull_requests = 0 AS pull_requests_added
  FROM compared
  WHERE event_name = 'UpdatePipeline' AND previous IS NOT NULL
)
SELECT
  event_time,
  event_key,
  pipeline,
  new_wildcards,
  dropped_excludes,
  pull_requests_added,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM widened
WHERE len(new_wildcards) > 0 OR len(dropped_excludes) > 0 OR pull_requests_added
ORDER BY event_time, event_key`,
  },
  {
    id: 'codepipeline-executable-action-added',
    title: 'Pipeline given a new build, test, deploy, invoke or compute action',
    description:
      "UpdatePipeline that adds an action of category Build, Test, Deploy, Invoke or Compute (CodeBuild projects, Lambda invocations, Commands actions, deployments) that the last successful version of the same pipeline in the case did not have with the same provider, configuration, commands, role and region. Such an action runs code with the pipeline's artifacts and often its role: the simplest way to poison a pipeline. Needs an earlier version of the pipeline in the case.",
    severity: 'medium',
    attack: ['T1677', 'T1195.002'],
    false_positives:
      "Ordinary pipeline development: new test or deployment stages, and an action's configuration edited (a new project name, a new target), which reads as a new action.",
    family: CODEPIPELINE_FAMILY,
    origin: 'pack',
    sql: `WITH ${DECLARATIONS},
executable AS (
  SELECT
    *,
    list_transform(
      list_filter(actions, lambda a:
        (a->>'$.actionTypeId.category') IN ('Build', 'Test', 'Deploy', 'Invoke', 'Compute')),
      lambda a: struct_pack(
        name := a->>'$.name',
        signature := concat_ws(' ',
          a->>'$.actionTypeId.category', a->>'$.actionTypeId.owner', a->>'$.actionTypeId.provider',
          CAST(a->'$.configuration' AS VARCHAR), CAST(a->'$.commands' AS VARCHAR),
          a->>'$.roleArn', a->>'$.region'))) AS executable_actions
  FROM declarations
),
compared AS (
  SELECT *, ${previousVersionOf('list_transform(executable_actions, lambda x: x.signature)')} AS previous_signatures
  FROM executable
),
added AS (
  SELECT
    *,
    list_filter(executable_actions, lambda x: NOT list_contains(previous_signatures, x.signature)) AS new_actions
  FROM compared
  WHERE event_name = 'UpdatePipeline' AND previous_signatures IS NOT NULL
)
SELECT
  event_time,
  event_key,
  pipeline,
  list_transform(new_actions, lambda x: x.name) AS added_actions,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM added
WHERE len(new_actions) > 0
ORDER BY event_time, event_key`,
  },
];

/** Pipeline definitions and operations: who changed, ran, approved or deleted a pipeline. */
export const codepipeline: Detection[] = [...declarationRules, ...codepipelineOperations];
