/**
 * Role trust policies as CloudTrail records them: the whole document is one JSON string in
 * requestParameters (`policyDocument` for UpdateAssumeRolePolicy, `assumeRolePolicyDocument`
 * for CreateRole). Who may assume a role lives in a statement's Principal and Condition, which
 * IAM lets authors write as a string or a list, a single statement or an array of them; rules
 * that ask "who is trusted now" need each statement on its own row with those lists made lists.
 */

/** A statement member that IAM accepts as one string or a list of strings, always as a list. */
const strings = (path: string) => `CASE json_type(statement, '${path}')
      WHEN 'ARRAY' THEN json_extract_string(statement, '${path}[*]')
      WHEN 'VARCHAR' THEN [json_extract_string(statement, '${path}')]
      ELSE []::VARCHAR[]
    END`;

/**
 * CTEs (to follow `WITH`) ending in `trust_statements`: one row per statement of every trust
 * policy written by CreateRole or UpdateAssumeRolePolicy, with the event's columns, `role_name`,
 * `trust_policy` (the document), `statement`, `effect`, `principal_is_everyone` (Principal "*"),
 * `aws_principals`, `federated_principals`, `actions` and `condition_text`. A document that is not
 * valid JSON (a truncated record) yields no statement rather than failing the rule.
 */
export const TRUST_STATEMENTS = `trust_writes AS (
  SELECT
    *,
    request_parameters->>'$.roleName' AS role_name,
    coalesce(request_parameters->>'$.policyDocument', request_parameters->>'$.assumeRolePolicyDocument') AS trust_policy
  FROM events
  WHERE event_source = 'iam.amazonaws.com'
    AND event_name IN ('CreateRole', 'UpdateAssumeRolePolicy')
),
trust_statement_rows AS (
  SELECT
    *,
    unnest(CASE WHEN json_valid(trust_policy) THEN
      CASE json_type(trust_policy, '$.Statement')
        WHEN 'ARRAY' THEN json_extract(trust_policy, '$.Statement[*]')
        ELSE [json_extract(trust_policy, '$.Statement')]
      END
    END) AS statement
  FROM trust_writes
),
trust_statements AS (
  SELECT
    *,
    statement->>'$.Effect' AS effect,
    coalesce((statement->>'$.Principal') = '*', false) AS principal_is_everyone,
    ${strings('$.Principal.AWS')} AS aws_principals,
    ${strings('$.Principal.Federated')} AS federated_principals,
    ${strings('$.Action')} AS actions,
    CAST(statement->'$.Condition' AS VARCHAR) AS condition_text
  FROM trust_statement_rows
)`;
