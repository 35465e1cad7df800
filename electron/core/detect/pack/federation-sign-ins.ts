import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Persistence and federation';

/** The issuer a federated sign-in came through: the provider ARN for IAM-registered issuers. */
const SIGN_IN_PROVIDER = `CASE event_name
    WHEN 'AssumeRoleWithSAML' THEN request_parameters->>'$.principalArn'
    ELSE coalesce(response_elements->>'$.provider', user_identity->>'$.identityProvider')
  END`;

/** Who the token said the caller was: a GitHub subject is repo:<owner>/<repo>:<context>. */
const SIGN_IN_SUBJECT = `coalesce(response_elements->>'$.subjectFromWebIdentityToken', response_elements->>'$.subject', user_name)`;

/** Sign-ins through federation, and credentials minted to outlive or dress up a stolen key. */
export const federationSignIns: Detection[] = [
  {
    id: 'sign-in-through-new-identity-provider',
    title: 'Federated sign-in through an identity provider created or changed in the case',
    description:
      'AssumeRoleWithWebIdentity or AssumeRoleWithSAML through a provider that was created, given a new audience or thumbprint, or given new SAML metadata in the case (by anyone but Identity Center) up to seven days before: the new door is being used. One hit per provider change and role, at its first sign-in; the hit names the change and the sign-in.',
    severity: 'high',
    attack: ['T1078.004', 'T1550.001'],
    false_positives:
      'The first CI runs or SSO sign-ins after a planned federation set-up; the subject column says which repository or user signed in.',
    family,
    sql: `WITH provider_changes AS (
  SELECT
    event_key,
    event_time,
    event_name,
    coalesce(response_elements->>'$.openIDConnectProviderArn', request_parameters->>'$.openIDConnectProviderArn',
             response_elements->>'$.sAMLProviderArn', request_parameters->>'$.sAMLProviderArn') AS provider_arn
  FROM events
  WHERE event_source = 'iam.amazonaws.com'
    AND event_name IN ('CreateOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider',
                       'UpdateOpenIDConnectProviderThumbprint', 'CreateSAMLProvider', 'UpdateSAMLProvider')
    AND error_code IS NULL
    AND invoked_by IS DISTINCT FROM 'sso.amazonaws.com'
),
sign_ins AS (
  SELECT
    *,
    ${SIGN_IN_PROVIDER} AS provider_arn,
    ${SIGN_IN_SUBJECT} AS subject,
    request_parameters->>'$.roleArn' AS role_arn
  FROM events
  WHERE event_source = 'sts.amazonaws.com'
    AND event_name IN ('AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML')
    AND error_code IS NULL
),
uses AS (
  SELECT
    p.event_key AS change_key,
    p.event_time AS changed_at,
    p.event_name AS change,
    s.*
  FROM sign_ins s
  JOIN provider_changes p
    ON p.provider_arn = s.provider_arn
   AND s.event_time >= p.event_time
   AND s.event_time <= p.event_time + INTERVAL 7 DAY
  -- a sign-in is pinned to the latest change before it
  QUALIFY row_number() OVER (PARTITION BY s.event_key ORDER BY p.event_time DESC) = 1
),
first_uses AS (
  SELECT *
  FROM uses
  QUALIFY row_number() OVER (PARTITION BY change_key, role_arn ORDER BY event_time, event_key) = 1
)
SELECT
  changed_at AS event_time,
  change_key AS event_key,
  [change_key, event_key] AS event_keys,
  change,
  event_name AS sign_in,
  provider_arn,
  role_arn,
  subject,
  event_time AS signed_in_at,
  source_ip,
  user_agent
FROM first_uses
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'github-actions-sign-in-from-new-owner',
    title: 'Role assumed from GitHub Actions by a repository owner new to it',
    description:
      "AssumeRoleWithWebIdentity through token.actions.githubusercontent.com where the token subject names a repository owner (repo:<owner>/…) that had not signed in to that role earlier in the case while another owner had: a role trusting more of GitHub than intended, used from someone else's repository. Roles with a single owner so far are left out, so the first sign-in of a new pipeline does not count.",
    severity: 'medium',
    attack: ['T1078.004', 'T1199'],
    false_positives:
      'A repository transferred to another organization, forks used in CI, or a second organization of the same company starting to deploy.',
    family,
    sql: `WITH github AS (
  SELECT
    *,
    request_parameters->>'$.roleArn' AS role_arn,
    ${SIGN_IN_SUBJECT} AS subject,
    regexp_extract(${SIGN_IN_SUBJECT}, '^repo:([^/]+)/', 1) AS owner
  FROM events
  WHERE event_source = 'sts.amazonaws.com'
    AND event_name = 'AssumeRoleWithWebIdentity'
    AND error_code IS NULL
    AND ${SIGN_IN_PROVIDER} LIKE '%token.actions.githubusercontent.com'
),
firsts AS (
  SELECT *
  FROM github
  QUALIFY row_number() OVER (PARTITION BY role_arn, owner ORDER BY event_time, event_key) = 1
),
judged AS (
  SELECT
    f.*,
    (SELECT list(DISTINCT g.owner ORDER BY g.owner)
     FROM github g
     WHERE g.role_arn = f.role_arn
       AND g.owner <> f.owner
       AND g.event_time < f.event_time) AS earlier_owners
  FROM firsts f
)
SELECT
  event_time,
  event_key,
  role_arn,
  owner,
  subject,
  earlier_owners,
  source_ip,
  user_agent
FROM judged
WHERE len(earlier_owners) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'federation-token-with-broad-policy',
    title: 'Federation token minted with an allow-everything session policy',
    description:
      'GetFederationToken whose session policy allows "Action": "*" or passes AdministratorAccess: an IAM user\'s access key turned into temporary credentials with all of the user\'s rights, which keep working after the key is deleted or deactivated (they can only be cut by a deny policy on the user). Federation brokers pass narrow policies and are left out.',
    severity: 'high',
    attack: ['T1098.001', 'T1078.004'],
    false_positives: 'A home-grown federation broker that deliberately grants its users full access.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.name' AS federated_name,
  response_elements->>'$.federatedUser.arn' AS federated_user,
  request_parameters->>'$.policy' AS session_policy,
  json_extract_string(request_parameters, '$.policyArns[*].arn') AS policy_arns,
  ${PRINCIPAL} AS principal,
  access_key_id,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'sts.amazonaws.com'
  AND event_name = 'GetFederationToken'
  AND (regexp_matches(coalesce(request_parameters->>'$.policy', ''), '"Action"\\s*:\\s*(\\[[^\\]]*)?"\\*"')
       OR list_contains(coalesce(json_extract_string(request_parameters, '$.policyArns[*].arn'), []),
                        'arn:aws:iam::aws:policy/AdministratorAccess'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'console-session-from-api-credentials',
    title: 'Console sign-in token requested with federation-token or instance credentials',
    description:
      "GetSigninToken (the federation endpoint that turns API credentials into a console session) called by a federated user, the only way an IAM user's access key reaches the console without its password, or by a role session named after an EC2 instance (i-…), credentials taken from an instance's metadata. Tools such as aws_consoler do this with stolen keys; Identity Center and people's own role sessions are left out.",
    severity: 'medium',
    attack: ['T1550.001', 'T1078.004'],
    false_positives:
      'Federation brokers built on GetFederationToken that hand their users a console link, and administrators opening the console from an instance on purpose.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  identity_type,
  identity_arn,
  session_issuer_arn,
  principal_id,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'signin.amazonaws.com'
  AND event_name = 'GetSigninToken'
  AND (identity_type = 'FederatedUser'
       OR regexp_matches(coalesce(principal_id, identity_arn, ''), '[:/]i-[0-9a-f]{8,17}$'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
