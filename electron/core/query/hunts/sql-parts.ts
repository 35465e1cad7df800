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
