import type { Detection } from '../../../../shared/model/detection.ts';
import { ACTOR, BUILD_AND_DEPLOY_FAMILY, CONVENTIONAL_DEFAULT_BRANCHES, EARLIER, firstSuccess } from './cicd-parts.ts';

/*
 * CodeCommit's branch protection lives in IAM policies (a Deny on GitPush to refs/heads/main),
 * which CloudTrail shows only as IAM changes; what CloudTrail does show is the repository side:
 * approval rules, default branches, pushes and commits made through the API.
 */

const CODECOMMIT = `event_source = 'codecommit.amazonaws.com'`;

/** Branches made a repository's default by UpdateDefaultBranch, as the case saw them. */
const DEFAULTS = `defaults AS (
  SELECT event_time, recipient_account_id, aws_region,
         request_parameters->>'$.repositoryName' AS repository,
         request_parameters->>'$.defaultBranchName' AS branch
  FROM events
  WHERE ${CODECOMMIT} AND event_name = 'UpdateDefaultBranch' AND error_code IS NULL
)`;

/** The branches of `alias`'s repository that were its default up to `alias`'s time. */
const defaultBranchesOf = (alias: string) => `list_concat(${CONVENTIONAL_DEFAULT_BRANCHES}, coalesce((
    SELECT list(d.branch) FROM defaults d
    WHERE d.recipient_account_id IS NOT DISTINCT FROM ${alias}.recipient_account_id
      AND d.aws_region IS NOT DISTINCT FROM ${alias}.aws_region
      AND d.repository = ${alias}.repository
      AND d.event_time <= ${alias}.event_time), []))`;

export const codecommit: Detection[] = [
  {
    id: 'codecommit-approval-rule-template-removed',
    title: 'Approval rule template detached from repositories, deleted or weakened',
    description:
      'Successful DisassociateApprovalRuleTemplateFromRepository, and BatchDisassociateApprovalRuleTemplateFromRepositories that detached at least one repository; DeleteApprovalRuleTemplate of a template the case saw associated with a repository (a template in use cannot be deleted, so it was detached first); and UpdateApprovalRuleTemplateContent that lowers the number of approvals needed below the latest content the case saw. New pull requests on those repositories then merge without the reviews the template required. A draft template deleted without ever being associated is left out.',
    severity: 'high',
    attack: ['T1562.001', 'T1195.002'],
    false_positives:
      'Templates replaced by new ones, repositories being archived, and review policies relaxed on purpose.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH templates AS (
  SELECT
    *,
    request_parameters->>'$.approvalRuleTemplateName' AS template,
    try(list_max(CAST(json_extract_string(
      coalesce(request_parameters->>'$.approvalRuleTemplateContent', request_parameters->>'$.newRuleContent'),
      '$.Statements[*].NumberOfApprovalsNeeded') AS INTEGER[]))) AS approvals_needed
  FROM events
  WHERE ${CODECOMMIT}
    AND event_name IN ('CreateApprovalRuleTemplate', 'UpdateApprovalRuleTemplateContent',
                       'AssociateApprovalRuleTemplateWithRepository', 'BatchAssociateApprovalRuleTemplateWithRepositories',
                       'DisassociateApprovalRuleTemplateFromRepository',
                       'BatchDisassociateApprovalRuleTemplateFromRepositories', 'DeleteApprovalRuleTemplate')
    AND error_code IS NULL
),
compared AS (
  SELECT
    *,
    last_value(approvals_needed IGNORE NULLS) OVER ${EARLIER('template')} AS approvals_needed_before,
    count(*) FILTER (WHERE event_name NOT IN ('CreateApprovalRuleTemplate', 'UpdateApprovalRuleTemplateContent',
                                              'DeleteApprovalRuleTemplate'))
      OVER ${EARLIER('template')} AS associations_seen
  FROM templates
)
SELECT
  event_time,
  event_key,
  event_name,
  template,
  coalesce(CAST(response_elements->'$.disassociatedRepositoryNames' AS VARCHAR[]),
           CAST(request_parameters->'$.repositoryNames' AS VARCHAR[]),
           [request_parameters->>'$.repositoryName']) AS repositories,
  approvals_needed_before,
  approvals_needed,
  identity_arn,
  source_ip,
  user_agent
FROM compared
WHERE event_name = 'DisassociateApprovalRuleTemplateFromRepository'
   OR (event_name = 'BatchDisassociateApprovalRuleTemplateFromRepositories'
       AND coalesce(json_array_length(response_elements->'$.disassociatedRepositoryNames'), 1) > 0)
   OR (event_name = 'DeleteApprovalRuleTemplate' AND associations_seen > 0)
   OR (event_name = 'UpdateApprovalRuleTemplateContent' AND approvals_needed < approvals_needed_before)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codecommit-pull-request-approval-bypassed',
    title: "Pull request's approval rules overridden or deleted",
    description:
      "Successful OverridePullRequestApprovalRules with overrideStatus OVERRIDE, and DeletePullRequestApprovalRule: the pull request can merge without the approvals its rules require. Shows whether the caller is the pull request's author (from its CreatePullRequest in the case), the telling case of someone approving their own change. A REVOKE, which restores the rules, is left out.",
    severity: 'medium',
    attack: ['T1562.001', 'T1195.002'],
    false_positives:
      'Emergency fixes merged by an administrator, and rules deleted from pull requests that were created with a mistaken rule.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH authors AS (
  SELECT response_elements->>'$.pullRequest.pullRequestId' AS pull_request,
         response_elements->>'$.pullRequest.authorArn' AS author, recipient_account_id, aws_region
  FROM events
  WHERE ${CODECOMMIT} AND event_name = 'CreatePullRequest' AND error_code IS NULL
)
SELECT
  b.event_time,
  b.event_key,
  b.event_name,
  b.request_parameters->>'$.pullRequestId' AS pull_request,
  b.request_parameters->>'$.approvalRuleName' AS approval_rule,
  a.author,
  a.author = b.identity_arn AS by_author,
  b.identity_arn,
  b.source_ip,
  b.user_agent
FROM events b
LEFT JOIN authors a
  ON a.pull_request = (b.request_parameters->>'$.pullRequestId')
  AND a.recipient_account_id IS NOT DISTINCT FROM b.recipient_account_id
  AND a.aws_region IS NOT DISTINCT FROM b.aws_region
WHERE b.event_source = 'codecommit.amazonaws.com'
  AND b.error_code IS NULL
  AND ((b.event_name = 'OverridePullRequestApprovalRules' AND (b.request_parameters->>'$.overrideStatus') = 'OVERRIDE')
    OR b.event_name = 'DeletePullRequestApprovalRule')
ORDER BY b.event_time, b.event_key`,
  },
  {
    id: 'codecommit-default-branch-moved-or-deleted',
    title: "Repository's default branch moved to an unusual branch, or a default branch deleted",
    description:
      "UpdateDefaultBranch to a branch other than main, master, mainline or trunk, and DeleteBranch of one of those or of a branch the case saw made the default. Protections and pipelines are written for the default branch: moving it to the intruder's branch, then deleting the old default (CodeCommit refuses to delete the current default), erases history and slips their code in as the base of new work. Refused attempts are listed with their error: a refused deletion of the default shows the intent.",
    severity: 'high',
    attack: ['T1485', 'T1562.001', 'T1195.002'],
    false_positives: 'Teams whose default is develop or a release branch, and repositories being retired.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH ${DEFAULTS},
changes AS (
  SELECT
    *,
    request_parameters->>'$.repositoryName' AS repository,
    coalesce(request_parameters->>'$.defaultBranchName', request_parameters->>'$.branchName') AS branch
  FROM events
  WHERE ${CODECOMMIT}
    AND event_name IN ('UpdateDefaultBranch', 'DeleteBranch')
)
SELECT
  c.event_time,
  c.event_key,
  c.event_name,
  c.repository,
  c.branch,
  c.identity_arn,
  c.source_ip,
  c.user_agent,
  c.error_code
FROM changes c
WHERE (c.event_name = 'UpdateDefaultBranch' AND NOT list_contains(${CONVENTIONAL_DEFAULT_BRANCHES}, c.branch))
   OR (c.event_name = 'DeleteBranch' AND list_contains(${defaultBranchesOf('c')}, c.branch))
ORDER BY c.event_time, c.event_key`,
  },
  {
    id: 'codecommit-push-to-default-branch-by-new-principal',
    title: 'Direct push to a default branch by a principal new to the repository',
    description:
      'GitPush updating refs/heads/main, master, mainline or trunk (or a branch the case saw made the default) of a repository, by a principal (role, or IAM user) with no earlier GitPush to that repository in the case, where others had pushed to it before in the case. A direct push skips pull requests and their approval rules; from someone who never pushed there, it is the classic use of a stolen Git credential or key to plant code. Refused pushes are listed with their error.',
    severity: 'high',
    attack: ['T1195.002', 'T1078.004', 'T1677'],
    false_positives: 'New team members and new release automation, and repositories where direct pushes are the norm.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH ${DEFAULTS},
pushes AS (
  SELECT
    *,
    ${ACTOR} AS actor,
    additional_event_data->>'$.repositoryName' AS repository,
    json_extract_string(request_parameters, '$.references[*].ref') AS refs
  FROM events
  WHERE ${CODECOMMIT}
    AND event_name = 'GitPush'
    AND len(json_extract_string(request_parameters, '$.references[*].ref')) > 0
),
branches AS (
  SELECT
    p.*,
    ${defaultBranchesOf('p')} AS default_branches,
    ${firstSuccess('repository, actor')} AS actor_first_push,
    ${firstSuccess('repository')} AS first_push
  FROM pushes p
),
pushed AS (
  SELECT
    *,
    list_filter(refs, lambda r: starts_with(r, 'refs/heads/') AND list_contains(default_branches, substr(r, 12)))
      AS default_refs
  FROM branches
)
SELECT
  event_time,
  event_key,
  repository,
  default_refs,
  actor AS principal,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM pushed
WHERE len(default_refs) > 0
  AND first_push < event_time
  AND (actor_first_push IS NULL OR actor_first_push >= event_time)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codecommit-commit-to-default-branch-via-api',
    title: 'Commit written straight onto a default branch through the API',
    description:
      'PutFile, DeleteFile and CreateCommit on main, master, mainline or trunk (or a branch the case saw made the default), and MergeBranchesByFastForward, MergeBranchesBySquash or MergeBranchesByThreeWay into one: code changed on the default branch without a pull request, from the console or an SDK, where no Git client or review is involved. Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1195.002', 'T1677'],
    false_positives: 'Quick documentation edits in the console, and release automation that merges branches by API.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH ${DEFAULTS},
commits AS (
  SELECT
    *,
    request_parameters->>'$.repositoryName' AS repository,
    coalesce(request_parameters->>'$.branchName', request_parameters->>'$.targetBranch') AS branch
  FROM events
  WHERE ${CODECOMMIT}
    AND event_name IN ('PutFile', 'DeleteFile', 'CreateCommit', 'MergeBranchesByFastForward', 'MergeBranchesBySquash',
                       'MergeBranchesByThreeWay')
)
SELECT
  c.event_time,
  c.event_key,
  c.event_name,
  c.repository,
  c.branch,
  c.request_parameters->>'$.filePath' AS file_path,
  c.identity_arn,
  c.source_ip,
  c.user_agent,
  c.error_code
FROM commits c
WHERE list_contains(${defaultBranchesOf('c')}, c.branch)
ORDER BY c.event_time, c.event_key`,
  },
];
