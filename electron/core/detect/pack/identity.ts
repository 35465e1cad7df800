import type { Detection } from '../../../../shared/model/detection.ts';
import { FROM_AN_ADDRESS, PRINCIPAL } from './sql-parts.ts';

const family = 'Identity';

/** Hunts about identities: sign-ins, keys, users, policies, roles and MFA. */
export const identity: Detection[] = [
  {
    id: 'root-account-activity',
    title: 'Root user activity',
    description:
      'Everything the root user did itself (calls AWS services made on its behalf are left out): root needs no permission and cannot be restricted by IAM, so any use outside a documented break-glass procedure is a finding.',
    severity: 'high',
    attack: ['T1078.004', 'T1078.001'],
    false_positives:
      'A few legitimate root calls remain for billing, support plans, closing the account and other settings only root can change.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  source_ip,
  user_agent,
  error_code,
  error_message
FROM events
WHERE identity_type = 'Root'
  AND invoked_by IS NULL
ORDER BY event_time, event_key`,
  },
  {
    id: 'console-login-without-mfa',
    title: 'Console sign-ins without MFA',
    description:
      'Successful console sign-ins of IAM users and root that did not use MFA: a stolen password alone was enough. Federated and Identity Center sign-ins are left out because their MFA happens at the identity provider and CloudTrail reports MFAUsed "No" for them.',
    severity: 'medium',
    attack: ['T1078.004'],
    false_positives: 'Users not yet enrolled in MFA, and accounts that do not enforce it, sign in this way every day.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  identity_type,
  identity_arn,
  user_name,
  source_ip,
  user_agent,
  additional_event_data->>'$.MFAUsed' AS mfa_used
FROM events
WHERE event_name = 'ConsoleLogin'
  AND (response_elements->>'$.ConsoleLogin') = 'Success'
  AND identity_type IN ('IAMUser', 'Root')
  -- written "Yes" or "YES" depending on the record
  AND upper(coalesce(additional_event_data->>'$.MFAUsed', 'No')) <> 'YES'
ORDER BY event_time, event_key`,
  },
  {
    id: 'console-login-failures',
    title: 'Failed console sign-ins',
    description:
      'Console sign-ins that failed: password guessing, or a stolen password meeting MFA. A run of failures followed by a success from the same address deserves a look; CloudTrail may hide the user name of a failed sign-in.',
    severity: 'low',
    attack: ['T1110', 'T1110.001'],
    false_positives: 'Users mistyping their password cause isolated failures.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  identity_type,
  user_name,
  identity_arn,
  source_ip,
  user_agent,
  error_message,
  additional_event_data->>'$.MFAUsed' AS mfa_used
FROM events
WHERE event_name = 'ConsoleLogin'
  AND (response_elements->>'$.ConsoleLogin') = 'Failure'
ORDER BY event_time, event_key`,
  },
  {
    id: 'console-login-from-many-ips',
    title: 'One identity signing in to the console from three or more addresses in a day',
    description:
      'Identities whose successful console sign-ins came from three or more source addresses on one UTC day: shared or stolen credentials used in parallel. The hit names every sign-in of that day.',
    severity: 'medium',
    attack: ['T1078.004'],
    false_positives: 'Travel, mobile networks and VPN exits rotate addresses too.',
    family,
    origin: 'pack',
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 1 DAY, event_time) AS day,
  count(DISTINCT source_ip) AS addresses,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  count(*) AS sign_ins,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
FROM events
WHERE event_name = 'ConsoleLogin'
  AND (response_elements->>'$.ConsoleLogin') = 'Success'
GROUP BY ALL
HAVING count(DISTINCT source_ip) >= 3
ORDER BY event_time, principal`,
  },
  {
    id: 'access-key-used-from-several-ips',
    title: 'Access keys used from more than one address',
    description:
      "Each access key seen calling from two or more source addresses over the whole case, most addresses first: the signature of a leaked key used by someone else beside its owner. Calls made by AWS services on the key's behalf are not counted; the hit names every call of the key.",
    severity: 'medium',
    attack: ['T1078.004'],
    false_positives: 'Keys of laptops on the move, CI fleets and NAT changes also spread across addresses.',
    family,
    origin: 'pack',
    sql: `WITH uses AS (
  SELECT access_key_id, identity_arn, source_ip, event_time, event_key
  FROM events
  WHERE nullif(access_key_id, '') IS NOT NULL
    AND ${FROM_AN_ADDRESS}
),
-- The keys seen from two addresses, found before any list is built: most keys (every role
-- session has its own) are used from one, and lists for all of them cost seconds per million.
spread AS (
  SELECT access_key_id FROM uses GROUP BY access_key_id HAVING count(DISTINCT source_ip) >= 2
)
SELECT
  access_key_id,
  list(DISTINCT identity_arn ORDER BY identity_arn) AS identities,
  count(DISTINCT source_ip) AS addresses,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  count(*) AS calls,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys,
  max(event_time) AS last_seen
FROM uses JOIN spread USING (access_key_id)
GROUP BY access_key_id
ORDER BY addresses DESC, event_time, access_key_id`,
  },
  {
    id: 'access-key-created-for-another-user',
    title: 'Access keys created for another user',
    description:
      "CreateAccessKey naming a user other than the calling IAM user: a classic persistence step, a second key on someone else's account that survives a password reset. Keys users make for themselves are left out, while keys made from a role session always count, since a session name is whatever the caller chose.",
    severity: 'medium',
    attack: ['T1098.001'],
    false_positives: 'Administrators issuing keys for service users and automation accounts do the same.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  identity_arn,
  user_name AS caller,
  request_parameters->>'$.userName' AS for_user,
  response_elements->>'$.accessKey.accessKeyId' AS new_access_key_id,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name = 'CreateAccessKey'
  -- without userName, IAM makes the key for the caller itself
  AND (request_parameters->>'$.userName') IS NOT NULL
  AND (request_parameters->>'$.userName') IS DISTINCT FROM user_name
ORDER BY event_time, event_key`,
  },
  {
    id: 'iam-user-or-login-profile-created',
    title: 'IAM users created, console passwords given or reset for others',
    description:
      "New IAM users, new console passwords (login profiles), and passwords reset on another user: an intruder making an account of their own or taking over an existing one. IAM users resetting their own password are left out, role sessions resetting anyone's are not.",
    severity: 'medium',
    attack: ['T1136.003', 'T1098'],
    false_positives:
      'Onboarding, automation that provisions users, and help-desk password resets create users and passwords too.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.userName' AS target_user,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND (event_name IN ('CreateUser', 'CreateLoginProfile')
       OR (event_name = 'UpdateLoginProfile'
           AND (request_parameters->>'$.userName') <> user_name))
ORDER BY event_time, event_key`,
  },
  {
    id: 'iam-policy-attached-or-changed',
    title: 'IAM policies attached, inline policies written, policy versions made default',
    description:
      'Managed policies attached to users, roles and groups, inline policies put on them, and new default policy versions: how an intruder grants themselves more (watch for AdministratorAccess and "Action": "*"). New policy versions not made default are left out.',
    severity: 'medium',
    attack: ['T1098.003'],
    false_positives: 'Deployments and approved access requests cause most of these.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.userName', request_parameters->>'$.roleName', request_parameters->>'$.groupName') AS granted_to,
  coalesce(request_parameters->>'$.policyArn', request_parameters->>'$.policyName') AS policy,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND (event_name IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy',
                      'PutUserPolicy', 'PutRolePolicy', 'PutGroupPolicy', 'SetDefaultPolicyVersion')
       OR (event_name = 'CreatePolicyVersion' AND (request_parameters->>'$.setAsDefault') = 'true'))
ORDER BY event_time, event_key`,
  },
  {
    id: 'iam-role-trust-policy-changed',
    title: 'IAM role trust policies changed',
    description:
      'UpdateAssumeRolePolicy calls, with the account numbers the new trust policy names that are not the account itself: a backdoor that lets an outside account assume the role.',
    severity: 'medium',
    attack: ['T1098'],
    false_positives:
      'Cross-account setups and SSO changes also edit trust policies; an empty foreign_accounts list is usually benign.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.roleName' AS role_name,
  list_filter(
    list_distinct(regexp_extract_all(request_parameters->>'$.policyDocument', 'arn:aws[a-z-]*:iam::(\\d{12}):', 1)),
    lambda account: account <> recipient_account_id
  ) AS foreign_accounts,
  request_parameters->>'$.policyDocument' AS trust_policy,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name = 'UpdateAssumeRolePolicy'
ORDER BY event_time, event_key`,
  },
  {
    id: 'mfa-device-removed',
    title: 'MFA devices deactivated or deleted',
    description:
      "MFA devices deactivated or virtual MFA devices deleted: removing the second factor so a stolen password is enough, or to enrol the intruder's own device.",
    severity: 'medium',
    attack: ['T1556.006'],
    false_positives: 'Users replacing a lost or new phone cause the same pair of calls.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.userName' AS target_user,
  request_parameters->>'$.serialNumber' AS serial_number,
  identity_arn,
  source_ip,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name IN ('DeactivateMFADevice', 'DeleteVirtualMFADevice')
ORDER BY event_time, event_key`,
  },
  {
    id: 'assume-role-chain',
    title: 'Roles assumed from another role session (role chaining)',
    description:
      'AssumeRole called with credentials that are themselves a role session (role chaining): how an intruder hops from a compromised workload or SSO session to a more powerful role. Look for chains that end somewhere new.',
    severity: 'low',
    attack: ['T1548.005'],
    false_positives: 'Identity Center users and pipelines that step through deployment roles chain by design.',
    family,
    origin: 'pack',
    sql: `SELECT
  event_time,
  event_key,
  identity_arn AS from_session,
  session_issuer_arn AS from_role,
  request_parameters->>'$.roleArn' AS to_role,
  request_parameters->>'$.roleSessionName' AS session_name,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'sts.amazonaws.com'
  AND event_name = 'AssumeRole'
  AND identity_type = 'AssumedRole'
ORDER BY event_time, event_key`,
  },
  {
    id: 'assume-role-from-new-ip',
    title: 'First assumption of each role from each address',
    description:
      'For every role, the first time the case shows it assumed from each source address, with how many other addresses assumed it before: a role suddenly assumed from a new place is how stolen credentials show up. AWS services assuming roles are left out; rows with earlier_addresses above zero matter most.',
    severity: 'low',
    attack: ['T1078.004'],
    false_positives:
      'The first address of every role is new by definition, and roles used from laptops, CI runners and new networks gain addresses routinely.',
    family,
    origin: 'pack',
    sql: `WITH assumptions AS (
  SELECT
    *,
    request_parameters->>'$.roleArn' AS role_arn
  FROM events
  WHERE event_source = 'sts.amazonaws.com'
    AND event_name IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity')
    AND identity_type IS DISTINCT FROM 'AWSService'
    AND (request_parameters->>'$.roleArn') IS NOT NULL
),
firsts AS (
  SELECT *
  FROM assumptions
  QUALIFY row_number() OVER (PARTITION BY role_arn, source_ip ORDER BY event_time, event_key) = 1
)
SELECT
  f.event_time,
  f.event_key,
  f.role_arn,
  f.source_ip,
  (SELECT count(DISTINCT a.source_ip)
   FROM assumptions a
   WHERE a.role_arn = f.role_arn
     AND (a.event_time < f.event_time OR (a.event_time = f.event_time AND a.event_key < f.event_key))
  ) AS earlier_addresses,
  f.identity_type,
  f.identity_arn,
  f.user_agent,
  f.error_code
FROM firsts f
ORDER BY f.event_time, f.event_key`,
  },
];
