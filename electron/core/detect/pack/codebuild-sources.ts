import type { Detection } from '../../../../shared/model/detection.ts';
import { BUILD_AND_DEPLOY_FAMILY, EARLIER } from './cicd-parts.ts';

/** The value of the project's latest successful call before this one that set it. */
const lastSuccessful = (value: string) =>
  `last_value(CASE WHEN error_code IS NULL THEN ${value} END IGNORE NULLS) OVER ${EARLIER('project')}`;

/** Where a CodeBuild project takes its code from, what starts it, and who may see it. */
export const codebuildSources: Detection[] = [
  {
    id: 'codebuild-source-changed',
    title: "CodeBuild project's source repository or branch changed",
    description:
      "UpdateProject whose source location (repository URL, bucket path) or default source version (branch, tag, commit) differs from the project's state the case last saw (its latest successful create or update). A build project pointed at the intruder's fork or branch builds and publishes their code with the project's role, while the pipeline around it looks unchanged. Needs an earlier state of the project in the case. Refused attempts are listed with their error.",
    severity: 'medium',
    attack: ['T1195.002', 'T1677'],
    false_positives: 'Repository migrations and renames, and a project moved to a new release branch on purpose.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH projects AS (
  SELECT
    *,
    request_parameters->>'$.name' AS project,
    request_parameters->>'$.source.location' AS requested_location,
    request_parameters->>'$.sourceVersion' AS requested_version,
    coalesce(response_elements->>'$.project.source.location', request_parameters->>'$.source.location')
      AS location_state,
    coalesce(response_elements->>'$.project.sourceVersion', request_parameters->>'$.sourceVersion') AS version_state
  FROM events
  WHERE event_source = 'codebuild.amazonaws.com'
    AND event_name IN ('CreateProject', 'UpdateProject')
),
compared AS (
  SELECT
    *,
    ${lastSuccessful('location_state')} AS previous_location,
    ${lastSuccessful('version_state')} AS previous_version
  FROM projects
)
SELECT
  event_time,
  event_key,
  project,
  previous_location,
  requested_location,
  previous_version,
  requested_version,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name = 'UpdateProject'
  AND ((requested_location <> previous_location) OR (requested_version <> previous_version))
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-webhook-filters-loosened',
    title: 'CodeBuild webhook lets more pushes or pull requests start builds',
    description:
      'CreateWebhook or UpdateWebhook whose filter groups (a) drop a filter other than EVENT (HEAD_REF, BASE_REF, ACTOR_ACCOUNT_ID, FILE_PATH and the like) that the last successful webhook call of the project in the case had, (b) start builds on pull requests with no ACTOR_ACCOUNT_ID filter in the group, so that anyone able to open a pull request runs code in the build, or (c) filter actors with an ACTOR_ACCOUNT_ID pattern not anchored by ^ and $, which any GitHub account id containing a trusted one also matches (the flaw Wiz Research disclosed as "CodeBreach" in January 2026). Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1677', 'T1195.002'],
    false_positives:
      'Private repositories where only members can open pull requests, and filters rewritten on purpose (a renamed branch reads as a dropped HEAD_REF filter).',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH hooks AS (
  SELECT
    *,
    request_parameters->>'$.projectName' AS project,
    CASE WHEN json_exists(request_parameters, '$.filterGroups')
         THEN CAST(json_extract(request_parameters, '$.filterGroups') AS JSON[]) END AS groups,
    CASE WHEN json_exists(request_parameters, '$.filterGroups') THEN list_sort(list_distinct(list_transform(
      list_filter(json_extract(request_parameters, '$.filterGroups[*][*]'), lambda f: (f->>'$.type') <> 'EVENT'),
      lambda f: concat_ws(' ', f->>'$.type', f->>'$.pattern', coalesce(f->>'$.excludeMatchedPattern', 'false'))))) END
      AS restrictions
  FROM events
  WHERE event_source = 'codebuild.amazonaws.com'
    AND event_name IN ('CreateWebhook', 'UpdateWebhook')
),
compared AS (
  SELECT
    *,
    ${lastSuccessful('restrictions')} AS previous,
    list_filter(groups, lambda g:
      len(list_filter(CAST(g AS JSON[]), lambda f: (f->>'$.type') = 'EVENT'
        AND contains(f->>'$.pattern', 'PULL_REQUEST')
        AND coalesce(f->>'$.excludeMatchedPattern', 'false') <> 'true')) > 0
      AND len(list_filter(CAST(g AS JSON[]), lambda f: (f->>'$.type') = 'ACTOR_ACCOUNT_ID'
        AND coalesce(f->>'$.excludeMatchedPattern', 'false') <> 'true')) = 0) AS open_pull_request_groups,
    list_filter(
      json_extract(request_parameters, '$.filterGroups[*][*]'),
      lambda f: (f->>'$.type') = 'ACTOR_ACCOUNT_ID'
        AND NOT (starts_with(f->>'$.pattern', '^') AND ends_with(f->>'$.pattern', '$'))) AS unanchored_actor_filters
  FROM hooks
),
loosened AS (
  SELECT
    *,
    list_filter(coalesce(previous, []), lambda r: NOT list_contains(restrictions, r)) AS dropped_filters
  FROM compared
  WHERE groups IS NOT NULL
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  dropped_filters,
  len(open_pull_request_groups) AS open_pull_request_groups,
  list_transform(unanchored_actor_filters, lambda f: f->>'$.pattern') AS unanchored_actor_patterns,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM loosened
WHERE len(dropped_filters) > 0 OR len(open_pull_request_groups) > 0 OR len(unanchored_actor_filters) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-project-made-public',
    title: 'CodeBuild project made publicly readable',
    description:
      "UpdateProjectVisibility to PUBLIC_READ: the project's build logs, results and artifacts become readable by anyone without an AWS account. Build logs routinely print environment variables, tokens and internal host names, so a public project leaks them. Refused attempts are listed with their error.",
    severity: 'medium',
    attack: ['T1530', 'T1213.003'],
    false_positives: 'Open-source projects that publish their build status and logs on purpose.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.projectArn' AS project_arn,
  request_parameters->>'$.resourceAccessRole' AS resource_access_role,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'codebuild.amazonaws.com'
  AND event_name = 'UpdateProjectVisibility'
  AND (request_parameters->>'$.projectVisibility') = 'PUBLIC_READ'
ORDER BY event_time, event_key`,
  },
];
