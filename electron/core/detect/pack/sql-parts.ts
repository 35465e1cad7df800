/**
 * DuckDB's ->> binds more loosely than = and IS, so in the hunts an extraction compared in a
 * condition sits in parentheses: (request_parameters->>'$.userName') IS NOT NULL.
 */

/** Who acted: the ARN when CloudTrail gives one (failed sign-ins may carry only a name). */
export const PRINCIPAL = `coalesce(identity_arn, principal_id, user_name)`;

/**
 * CloudTrail writes a caller's address, or the service that called on its behalf
 * ("ec2.amazonaws.com", "AWS Internal"); only the first says where a credential was used.
 */
export const FROM_AN_ADDRESS = `source_ip NOT LIKE '%.amazonaws.com' AND source_ip NOT IN ('AWS Internal', '')`;

/**
 * The principals an IAM-style policy document lets in from outside `account`: "*" (anyone;
 * counted only when its statement has no Condition, since aws:PrincipalOrgID, aws:SourceArn and
 * the like narrow it) and other accounts' ids, read from the Principal of each Allow
 * statement. `policy` is SQL giving the document as text (resource policies reach CloudTrail as
 * JSON strings); text that is not JSON lets nobody in.
 */
export function outsidePrincipals(policy: string, account: string): string {
  const doc = `try_cast(${policy} AS JSON)`;
  return `list_sort(list_distinct(flatten(list_transform(
    list_filter(
      CASE WHEN json_type(${doc}, '$.Statement') = 'ARRAY' THEN json_extract(${doc}, '$.Statement[*]')
           ELSE [json_extract(${doc}, '$.Statement')] END,
      lambda st: json_extract_string(st, '$.Effect') = 'Allow'),
    lambda st: list_transform(
      list_filter(regexp_extract_all(CAST(json_extract(st, '$.Principal') AS VARCHAR), '"\\*"|\\d{12}'),
        lambda p: (p = '"*"' AND json_extract(st, '$.Condition') IS NULL) OR (p <> '"*"' AND p <> ${account})),
      lambda p: trim(p, '"'))))))`;
}

/**
 * `source` (a CTE with event_time and event_key) with a `run` number per `by`: a run ends when
 * the next event of its kind comes more than `gap` later, so grouping by `by` and `run` gives
 * bursts however they straddle the clock, one hit per burst.
 */
export function runsOf(source: string, by: string, gap: string): string {
  return `SELECT *, sum(CAST(starts AS INTEGER)) OVER (PARTITION BY ${by} ORDER BY event_time, event_key) AS run
  FROM (
    SELECT *, coalesce(event_time - lag(event_time) OVER (PARTITION BY ${by} ORDER BY event_time, event_key)
                       > INTERVAL ${gap}, true) AS starts
    FROM ${source}
  )`;
}
