/**
 * SQL shared by the CI/CD rules (codepipeline*.ts, codebuild.ts, codecommit.ts, codedeploy.ts).
 * Most of them compare a change with what the case saw of the same resource before, so they
 * need the same notion of "who" and of "the same resource".
 */

/**
 * Who acted, at the level a team's habits show: the role for a role session (every CI run has
 * a new session name), the user for an IAM user.
 */
export const ACTOR = `coalesce(session_issuer_arn, identity_arn, principal_id, user_name)`;

/** The account an ARN belongs to; NULL for a bare name, which is always the caller's own account. */
export const accountOf = (arn: string) => `nullif(split_part(${arn}, ':', 5), '')`;

/**
 * Earlier events of the same resource: a window over one account, region and resource name,
 * ordered as the events happened, that ends just before the current event.
 */
export const EARLIER = (resource: string) =>
  `(PARTITION BY recipient_account_id, aws_region, ${resource} ORDER BY event_time, event_key
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;

/**
 * When the case first saw a successful call of the resources grouped by `keys` (the resource,
 * or the resource and an actor), among the rows of the current CTE and those meeting
 * `condition`. "Nobody had run it before" and "this principal never touched it before" become
 * comparisons with the event's time, which stay linear where a correlated NOT EXISTS grew with
 * the square of a busy resource's history.
 */
export const firstSuccess = (keys: string, condition = 'true') =>
  `min(CASE WHEN error_code IS NULL AND ${condition} THEN event_time END)
      OVER (PARTITION BY recipient_account_id, aws_region, ${keys})`;

/**
 * Branch names that are a repository's default by convention; a branch the case saw made the
 * default (UpdateDefaultBranch) counts too, in the rules that look for it.
 */
export const CONVENTIONAL_DEFAULT_BRANCHES = `['main', 'master', 'mainline', 'trunk']`;

/**
 * An inline buildspec rather than the path of one: every buildspec declares `phases`, in YAML
 * (`phases:`) or JSON (`"phases":`), and a file name or an S3 ARN never does.
 */
export const isInlineBuildspec = (text: string) => `regexp_matches(${text}, 'phases"? *:')`;

export const CODEPIPELINE_FAMILY = 'CI/CD: CodePipeline';
export const BUILD_AND_DEPLOY_FAMILY = 'CI/CD: CodeBuild, CodeCommit, CodeDeploy';
