import type { Detection } from '../../../../shared/model/detection.ts';
import { ACTOR, accountOf, BUILD_AND_DEPLOY_FAMILY, EARLIER, firstSuccess, isInlineBuildspec } from './cicd-parts.ts';

/*
 * CreateProject and UpdateProject log the project as requested (UpdateProject only the parts
 * it changes) and usually the whole project after the change in responseElements.project;
 * StartBuild and StartBuildBatch log their per-build overrides. What a project was before a
 * change is the state the case last saw: the response of its latest successful create or
 * update, or that request when the response is missing.
 */

const PROJECT = `coalesce(request_parameters->>'$.name', request_parameters->>'$.projectName')`;
const PROJECT_CALLS = `event_source = 'codebuild.amazonaws.com'
    AND event_name IN ('CreateProject', 'UpdateProject', 'StartBuild', 'StartBuildBatch')`;

/** Every buildspec an event sets or overrides, primary and secondary. */
const BUILDSPECS = `list_concat(
      [request_parameters->>'$.source.buildspec', request_parameters->>'$.buildspecOverride'],
      json_extract_string(request_parameters, '$.secondarySources[*].buildspec'),
      json_extract_string(request_parameters, '$.secondarySourcesOverride[*].buildspec'))`;

/** The project's state after a successful create or update, for the window of later events. */
const lastKnown = (state: string) =>
  `last_value(CASE WHEN error_code IS NULL AND event_name IN ('CreateProject', 'UpdateProject') THEN ${state} END
      IGNORE NULLS) OVER ${EARLIER('project')}`;

/** Names that announce a secret; a SECRET_ARN or TOKEN_URL matches too, so values are never needed. */
const SECRET_NAME = `'(?i)(secret|token|passw|pwd|api_?key|access_?key|private_?key|credential)'`;

export const codebuild: Detection[] = [
  {
    id: 'codebuild-inline-buildspec',
    title: 'Build commands written inline into a CodeBuild project or build',
    description:
      "CreateProject or UpdateProject whose source (or a secondary source) carries an inline buildspec instead of the path of one in the repository, and StartBuild or StartBuildBatch with an inline buildspecOverride. An inline buildspec runs whatever commands its author typed with the project's service role, outside code review and the repository's history. A buildspec is inline when it declares its phases; paths and S3 ARNs never do. Refused attempts are listed with their error.",
    severity: 'medium',
    attack: ['T1677', 'T1195.002'],
    false_positives:
      'Projects defined in infrastructure-as-code with the buildspec embedded, and one-off maintenance builds run by administrators.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  ${PROJECT} AS project,
  list_filter(${BUILDSPECS}, lambda b: ${isInlineBuildspec('b')}) AS inline_buildspecs,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE ${PROJECT_CALLS}
  AND len(list_filter(${BUILDSPECS}, lambda b: ${isInlineBuildspec('b')})) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-privileged-mode-enabled',
    title: 'CodeBuild privileged mode turned on',
    description:
      "CreateProject with environment.privilegedMode true, UpdateProject that sets it true on a project the case last saw without it (or never saw), and StartBuild or StartBuildBatch with privilegedModeOverride true. Privileged mode runs the build container with root access to the Docker daemon of its host: what a build needs to escape its container, tamper with images it builds, or reach the host's credentials. Refused attempts are listed with their error.",
    severity: 'medium',
    attack: ['T1677', 'T1578.005'],
    false_positives:
      'Projects that build Docker images (privileged mode is required for docker build), created or reconfigured on purpose.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH changes AS (
  SELECT
    *,
    ${PROJECT} AS project,
    coalesce(request_parameters->>'$.environment.privilegedMode', request_parameters->>'$.privilegedModeOverride')
      AS requested,
    coalesce(response_elements->>'$.project.environment.privilegedMode',
             request_parameters->>'$.environment.privilegedMode') AS privileged_state
  FROM events
  WHERE ${PROJECT_CALLS}
),
compared AS (
  SELECT *, ${lastKnown('privileged_state')} AS was_privileged
  FROM changes
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  was_privileged,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE requested = 'true'
  AND (event_name <> 'UpdateProject' OR was_privileged IS DISTINCT FROM 'true')
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-plaintext-secret-variable',
    title: 'Secret-looking CodeBuild variable stored in plain text',
    description:
      'CreateProject or UpdateProject environment variables, and StartBuild or StartBuildBatch environmentVariablesOverride, of type PLAINTEXT (or no type, which means PLAINTEXT) whose name looks like a secret (SECRET, TOKEN, PASSWORD, PWD, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIAL). A plain-text variable is readable by anyone who may read the project or its builds, and lands in logs; an intruder also plants their own keys this way so that builds publish with them. Only names and types are read, never values.',
    severity: 'medium',
    attack: ['T1552.001'],
    false_positives:
      'Variables whose name merely mentions a secret (SECRET_ARN, TOKEN_URL), and non-production projects with throwaway credentials.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH variables AS (
  SELECT
    *,
    ${PROJECT} AS project,
    list_filter(
      list_concat(
        json_extract(request_parameters, '$.environment.environmentVariables[*]'),
        json_extract(request_parameters, '$.environmentVariablesOverride[*]')),
      lambda v: coalesce(v->>'$.type', 'PLAINTEXT') = 'PLAINTEXT'
        AND regexp_matches(v->>'$.name', ${SECRET_NAME})) AS exposed
  FROM events
  WHERE ${PROJECT_CALLS}
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  list_transform(exposed, lambda v: v->>'$.name') AS variables,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM variables
WHERE len(exposed) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-variables-changed',
    title: "CodeBuild project's environment variables changed",
    description:
      "UpdateProject whose environment variables (name, type and value) differ from the project's state the case last saw (its latest successful create or update). Variables steer builds (target accounts, registries, feature flags) and carry secrets or references to them; a changed one can redirect a build or swap in the intruder's credentials. Lists the names that were added, removed or changed, never the values. Needs an earlier state of the project in the case.",
    severity: 'low',
    attack: ['T1677', 'T1552.001'],
    false_positives: 'Routine configuration changes by the project owners; the usual case.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH projects AS (
  SELECT
    *,
    ${PROJECT} AS project,
    CASE WHEN json_exists(request_parameters, '$.environment') THEN list_sort(list_transform(
      json_extract(request_parameters, '$.environment.environmentVariables[*]'),
      lambda v: concat_ws(' ', v->>'$.name', coalesce(v->>'$.type', 'PLAINTEXT'), v->>'$.value'))) END AS requested,
    list_sort(list_transform(
      CASE WHEN json_exists(response_elements, '$.project.environment')
           THEN json_extract(response_elements, '$.project.environment.environmentVariables[*]')
           WHEN json_exists(request_parameters, '$.environment')
           THEN json_extract(request_parameters, '$.environment.environmentVariables[*]') END,
      lambda v: concat_ws(' ', v->>'$.name', coalesce(v->>'$.type', 'PLAINTEXT'), v->>'$.value'))) AS state
  FROM events
  WHERE event_source = 'codebuild.amazonaws.com'
    AND event_name IN ('CreateProject', 'UpdateProject')
),
compared AS (
  SELECT *, ${lastKnown('state')} AS previous
  FROM projects
)
SELECT
  event_time,
  event_key,
  project,
  list_sort(list_distinct(list_transform(
    list_concat(list_filter(requested, lambda v: NOT list_contains(previous, v)),
                list_filter(previous, lambda v: NOT list_contains(requested, v))),
    lambda v: split_part(v, ' ', 1)))) AS changed_variables,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name = 'UpdateProject'
  AND requested IS NOT NULL
  AND previous IS NOT NULL
  AND requested <> previous
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-build-overridden-by-new-principal',
    title: 'Build started with overrides by a principal new to the project',
    description:
      "StartBuild or StartBuildBatch carrying any override (buildspecOverride, sourceVersion, sourceLocationOverride, sourceTypeOverride, secondary sources, environmentVariablesOverride, privilegedModeOverride, serviceRoleOverride, imageOverride, sourceAuthOverride) by a principal (role, or IAM user) that had never started a build of that project before in the case, on a project that others had already built in the case. A build with another source, buildspec or role runs the caller's code with the project's rights while the project itself looks untouched. Refused attempts are listed with their error.",
    severity: 'high',
    attack: ['T1677', 'T1195.002', 'T1078.004'],
    false_positives:
      'New CI automation (a pipeline, a webhook relay, a scheduled rule) starting builds of a commit for the first time, and new team members.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH builds AS (
  SELECT
    *,
    ${ACTOR} AS actor,
    request_parameters->>'$.projectName' AS project,
    list_filter(
      ['buildspecOverride', 'sourceVersion', 'sourceLocationOverride', 'sourceTypeOverride', 'secondarySourcesOverride',
       'secondarySourcesVersionOverride', 'environmentVariablesOverride', 'privilegedModeOverride',
       'serviceRoleOverride', 'imageOverride', 'sourceAuthOverride'],
      lambda k: json_exists(request_parameters, '$.' || k)) AS overrides
  FROM events
  WHERE event_source = 'codebuild.amazonaws.com'
    AND event_name IN ('StartBuild', 'StartBuildBatch')
),
firsts AS (
  SELECT *, ${firstSuccess('project, actor')} AS actor_first_build, ${firstSuccess('project')} AS first_build
  FROM builds
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  overrides,
  request_parameters->>'$.sourceVersion' AS source_version,
  actor AS principal,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM firsts
WHERE len(overrides) > 0
  AND first_build < event_time
  AND (actor_first_build IS NULL OR actor_first_build >= event_time)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-privileged-inline-build-by-new-principal',
    title: 'Privileged build with inline commands by a principal new to the project',
    description:
      "UpdateProject, StartBuild or StartBuildBatch that sets an inline buildspec while the build runs in privileged mode (requested in the same call, or the project's state the case last saw), by a principal (role, or IAM user) with no earlier successful create, update or build of that project in the case, on a project that others had already worked with in the case. Arbitrary commands, root on the build host and the project's role, from someone who never touched the project: the shape of a poisoned pipeline execution with stolen credentials.",
    severity: 'critical',
    attack: ['T1677', 'T1195.002', 'T1078.004'],
    false_positives:
      'A new administrator or new automation taking over a Docker image build project and moving its buildspec inline.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH activity AS (
  SELECT
    *,
    ${ACTOR} AS actor,
    ${PROJECT} AS project,
    len(list_filter(${BUILDSPECS}, lambda b: ${isInlineBuildspec('b')})) > 0 AS inline_buildspec,
    coalesce(response_elements->>'$.project.environment.privilegedMode',
             request_parameters->>'$.environment.privilegedMode') AS privileged_state
  FROM events
  WHERE ${PROJECT_CALLS}
),
compared AS (
  SELECT
    *,
    ${lastKnown('privileged_state')} AS was_privileged,
    ${firstSuccess('project, actor')} AS actor_first_seen,
    ${firstSuccess('project')} AS project_first_seen
  FROM activity
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  actor AS principal,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name <> 'CreateProject'
  AND inline_buildspec
  AND coalesce(request_parameters->>'$.environment.privilegedMode', request_parameters->>'$.privilegedModeOverride',
               privileged_state, was_privileged) = 'true'
  -- whatever the case saw of the project before this event, others did it
  AND project_first_seen < event_time
  AND (actor_first_seen IS NULL OR actor_first_seen >= event_time)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codebuild-source-credentials-imported',
    title: 'Source provider credentials imported into CodeBuild',
    description:
      "ImportSourceCredentials (a GitHub, GitHub Enterprise, GitLab or Bitbucket token, app password or connection) by a principal (role, or IAM user) that had not imported credentials for that server type in the account and region before in the case. Every project of the region then clones and reports with that identity: an intruder's token makes builds pull from repositories they control, and a token of theirs stays behind as access. A token rotated by whoever imported the previous one is left out. Refused attempts are listed with their error.",
    severity: 'medium',
    attack: ['T1098.001', 'T1195.002'],
    false_positives:
      'Initial setup of a source provider, and a rotation done by someone other than the previous importer.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH imports AS (
  SELECT *, ${ACTOR} AS actor, request_parameters->>'$.serverType' AS server_type
  FROM events
  WHERE event_source = 'codebuild.amazonaws.com'
    AND event_name = 'ImportSourceCredentials'
)
SELECT
  i.event_time,
  i.event_key,
  i.server_type,
  i.request_parameters->>'$.authType' AS auth_type,
  i.request_parameters->>'$.username' AS username,
  i.actor AS principal,
  i.identity_arn,
  i.source_ip,
  i.user_agent,
  i.error_code
FROM imports i
WHERE NOT EXISTS (
  SELECT 1 FROM imports e
  WHERE e.recipient_account_id IS NOT DISTINCT FROM i.recipient_account_id
    AND e.aws_region IS NOT DISTINCT FROM i.aws_region
    AND e.server_type IS NOT DISTINCT FROM i.server_type
    AND e.actor = i.actor
    AND e.error_code IS NULL
    AND e.event_time < i.event_time)
ORDER BY i.event_time, i.event_key`,
  },
  {
    id: 'codebuild-service-role-changed',
    title: "CodeBuild project's service role swapped",
    description:
      "UpdateProject that names a service role other than the one the case last saw on the project, StartBuild or StartBuildBatch with a serviceRoleOverride other than the project's known role (or any, when the role is not known), and any of these or CreateProject naming a role in another account. A build runs its commands with this role: pointing a project at a stronger role is privilege escalation through iam:PassRole, and a foreign role is a planted trust. Roles are compared by name, so an ARN and a bare name of the same role agree. Refused attempts are listed with their error.",
    severity: 'high',
    attack: ['T1098.003', 'T1199', 'T1677'],
    false_positives:
      'Planned role migrations (a new least-privilege role per project) and roles re-created under a new name.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH roles AS (
  SELECT
    *,
    ${PROJECT} AS project,
    coalesce(request_parameters->>'$.serviceRole', request_parameters->>'$.serviceRoleOverride') AS requested_role,
    coalesce(response_elements->>'$.project.serviceRole', request_parameters->>'$.serviceRole') AS role_state
  FROM events
  WHERE ${PROJECT_CALLS}
),
compared AS (
  SELECT *, ${lastKnown('role_state')} AS previous_role
  FROM roles
)
SELECT
  event_time,
  event_key,
  event_name,
  project,
  previous_role,
  requested_role,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE requested_role IS NOT NULL
  AND ((requested_role LIKE 'arn:%' AND ${accountOf('requested_role')} <> recipient_account_id)
    OR (event_name = 'UpdateProject' AND previous_role IS NOT NULL
        AND regexp_extract(requested_role, '[^/]+$') <> regexp_extract(previous_role, '[^/]+$'))
    OR (event_name IN ('StartBuild', 'StartBuildBatch')
        AND regexp_extract(requested_role, '[^/]+$') IS DISTINCT FROM regexp_extract(previous_role, '[^/]+$')))
ORDER BY event_time, event_key`,
  },
];
