import type { Detection } from '../../../../shared/model/detection.ts';
import { federationIdentityCenter } from './federation-identity-center.ts';
import { federationSignIns } from './federation-sign-ins.ts';
import { PRINCIPAL } from './sql-parts.ts';
import { TRUST_STATEMENTS } from './trust-policies.ts';

const family = 'Persistence and federation';

/** IAM Identity Center's own providers: it makes AWSSSO_…_DO_NOT_DELETE in every account it manages. */
const NOT_BY_IDENTITY_CENTER = `invoked_by IS DISTINCT FROM 'sso.amazonaws.com'`;

/** Identity providers AWS is told to believe, and the role trust policies that let them in. */
const providersAndTrusts: Detection[] = [
  {
    id: 'oidc-provider-created-or-changed',
    title: 'OpenID Connect provider created, or its audiences or thumbprints changed',
    description:
      'CreateOpenIDConnectProvider, AddClientIDToOpenIDConnectProvider and UpdateOpenIDConnectProviderThumbprint: from then on AWS accepts tokens that issuer signs (for token.actions.githubusercontent.com: any GitHub workflow) wherever a role trusts the provider. An intruder adds one to come back from a CI system or identity platform they control; is_github flags GitHub Actions, whose roles must pin the repository in their trust.',
    severity: 'medium',
    attack: ['T1484.002', 'T1556.007'],
    false_positives:
      'Setting up CI/CD federation (GitHub Actions, GitLab, Terraform Cloud), EKS clusters registering their IRSA issuer, and thumbprint rotations after an issuer changed certificates.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.url', response_elements->>'$.openIDConnectProviderArn',
           request_parameters->>'$.openIDConnectProviderArn') AS provider,
  coalesce(request_parameters->'$.clientIDList', request_parameters->'$.clientID') AS client_ids,
  request_parameters->'$.thumbprintList' AS thumbprints,
  coalesce(request_parameters->>'$.url', request_parameters->>'$.openIDConnectProviderArn', '')
    LIKE '%token.actions.githubusercontent.com' AS is_github,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name IN ('CreateOpenIDConnectProvider', 'AddClientIDToOpenIDConnectProvider',
                     'UpdateOpenIDConnectProviderThumbprint')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'saml-provider-created-or-updated',
    title: 'SAML identity provider created or its metadata replaced',
    description:
      'CreateSAMLProvider and UpdateSAMLProvider called by anyone but IAM Identity Center: the metadata document names the signing certificate AWS trusts, so whoever holds its private key can mint SAML assertions for every role trusting the provider (a Golden SAML backdoor). idp_entity_id is the issuer the new metadata declares. The providers Identity Center makes for itself are left out.',
    severity: 'high',
    attack: ['T1484.002', 'T1606.002'],
    false_positives:
      'Onboarding or renewing a corporate IdP (Okta, Entra ID, ADFS): certificate rollovers replace the metadata every year or two, usually from infrastructure-as-code.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(response_elements->>'$.sAMLProviderArn', request_parameters->>'$.sAMLProviderArn',
           request_parameters->>'$.name') AS provider,
  regexp_extract(request_parameters->>'$.sAMLMetadataDocument', 'entityID="([^"]+)"', 1) AS idp_entity_id,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'iam.amazonaws.com'
  AND event_name IN ('CreateSAMLProvider', 'UpdateSAMLProvider')
  AND ${NOT_BY_IDENTITY_CENTER}
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'role-trust-open-to-everyone',
    title: 'Role trust policy allowing any AWS principal',
    description:
      'CreateRole or UpdateAssumeRolePolicy with an Allow statement whose Principal is "*" or {"AWS": "*"} and whose condition does not pin the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn or their org forms): any account in AWS can assume the role. An sts:ExternalId condition does not count, since whoever learns the id gets in.',
    severity: 'critical',
    attack: ['T1098', 'T1484.002'],
    false_positives:
      'Almost none: org-wide roles written with "AWS": "*" carry an aws:PrincipalOrgID condition and are left out; a lab role opened on purpose is the rare exception.',
    family,
    sql: `WITH ${TRUST_STATEMENTS}
SELECT
  event_time,
  event_key,
  event_name,
  role_name,
  CAST(statement AS VARCHAR) AS statement,
  condition_text,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM trust_statements
WHERE effect = 'Allow'
  AND (principal_is_everyone OR list_contains(aws_principals, '*'))
  AND NOT regexp_matches(coalesce(condition_text, ''),
    '(?i)"aws:(PrincipalOrgID|PrincipalOrgPaths|PrincipalAccount|PrincipalArn|SourceAccount|SourceArn|SourceOrgID|SourceOrgPaths)"')
QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY statement) = 1
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'role-trust-to-foreign-account',
    title: 'Role trust granted to a whole foreign account without an external id',
    description:
      "CreateRole or UpdateAssumeRolePolicy with an Allow statement trusting another account as a whole (its root ARN or bare 12-digit id), with no sts:ExternalId, aws:PrincipalArn or aws:PrincipalOrgID condition: every principal that account allows may assume the role, the classic backdoor to the intruder's own account. Vendor integrations (external id) and trusts narrowed to named roles or to the organization are left out.",
    severity: 'high',
    attack: ['T1098', 'T1199'],
    false_positives:
      'Cross-account access between accounts of one company written the short way (a tooling or security account trusted by its root ARN) and partner accounts added by hand.',
    family,
    sql: `WITH ${TRUST_STATEMENTS},
foreign_trusts AS (
  SELECT
    *,
    list_distinct(list_filter(
      list_transform(aws_principals,
        lambda p: regexp_extract(p, '^(?:arn:aws[a-z-]*:iam::)?(\\d{12})(?::root)?$', 1)),
      lambda account: account <> '' AND account IS DISTINCT FROM recipient_account_id
    )) AS foreign_accounts
  FROM trust_statements
  WHERE effect = 'Allow'
)
SELECT
  event_time,
  event_key,
  event_name,
  role_name,
  foreign_accounts,
  condition_text,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM foreign_trusts
WHERE len(foreign_accounts) > 0
  AND NOT regexp_matches(coalesce(condition_text, ''), '(?i)"(sts:ExternalId|aws:PrincipalArn|aws:PrincipalOrgID)"')
QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY statement) = 1
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'github-oidc-trust-without-repository-pin',
    title: 'Role trusting GitHub Actions without pinning the repository owner',
    description:
      'A trust statement for the token.actions.githubusercontent.com provider whose condition has no token.actions.githubusercontent.com:sub value, or a sub value that does not start with a fixed owner ("repo:*", "*", "repo:*/x"): any workflow in any GitHub repository, the intruder\'s included, can assume the role. Roles whose sub names repo:<owner>/… are left out.',
    severity: 'critical',
    attack: ['T1484.002', 'T1199', 'T1078.004'],
    false_positives:
      'Repositories using a customized OIDC subject template (claims such as repository_owner_id instead of repo:) look unpinned here; check the other condition keys before dismissing or escalating.',
    family,
    sql: `WITH ${TRUST_STATEMENTS},
github_trusts AS (
  SELECT
    *,
    flatten(list_transform(
      regexp_extract_all(coalesce(condition_text, ''),
        '"token\\.actions\\.githubusercontent\\.com:sub"\\s*:\\s*(\\[[^\\]]*\\]|"[^"]*")', 1),
      lambda v: regexp_extract_all(v, '"([^"]*)"', 1)
    )) AS allowed_subjects
  FROM trust_statements
  WHERE effect = 'Allow'
    AND len(list_filter(federated_principals,
      lambda f: f LIKE '%:oidc-provider/token.actions.githubusercontent.com')) > 0
)
SELECT
  event_time,
  event_key,
  event_name,
  role_name,
  allowed_subjects,
  condition_text,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM github_trusts
WHERE len(allowed_subjects) = 0
   OR len(list_filter(allowed_subjects, lambda s: NOT regexp_matches(s, '^repo:[A-Za-z0-9_.-]+/'))) > 0
QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY statement) = 1
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'role-trust-to-new-saml-provider',
    title: 'Role trusting a SAML provider created in the case',
    description:
      'A role created or re-trusted to a SAML provider whose CreateSAMLProvider is in the case (made by anyone but Identity Center), at any time after that creation: the second half of a federation backdoor, a new IdP plus a role it can sign into. The hit names both events.',
    severity: 'high',
    attack: ['T1484.002', 'T1606.002'],
    false_positives: 'Onboarding a new corporate identity provider, which creates the provider and then its roles.',
    family,
    sql: `WITH ${TRUST_STATEMENTS},
new_providers AS (
  SELECT
    event_key AS provider_event_key,
    event_time AS created_at,
    recipient_account_id AS provider_account,
    response_elements->>'$.sAMLProviderArn' AS provider_arn
  FROM events
  WHERE event_source = 'iam.amazonaws.com'
    AND event_name = 'CreateSAMLProvider'
    AND error_code IS NULL
    AND ${NOT_BY_IDENTITY_CENTER}
)
SELECT
  p.created_at AS event_time,
  p.provider_event_key AS event_key,
  [p.provider_event_key, t.event_key] AS event_keys,
  p.provider_arn,
  t.event_name,
  t.role_name,
  t.event_time AS trusted_at,
  ${PRINCIPAL} AS principal,
  t.source_ip,
  t.error_code
FROM trust_statements t
JOIN new_providers p
  ON t.recipient_account_id = p.provider_account
 AND list_contains(t.federated_principals, p.provider_arn)
 AND t.event_time >= p.created_at
WHERE t.effect = 'Allow'
QUALIFY row_number() OVER (PARTITION BY t.event_key ORDER BY p.created_at DESC) = 1
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'role-trust-changed-then-assumed-from-new-account',
    title: 'Role assumed from a new account within a day of its trust policy changing',
    description:
      'UpdateAssumeRolePolicy on a role, then within 24 hours an AssumeRole of that role by a caller from another account that had not assumed it before the change in the case: the trust was widened and someone outside walked straight in. The hit names the trust change and the assumption.',
    severity: 'critical',
    attack: ['T1098', 'T1078.004', 'T1199'],
    false_positives:
      'A new cross-account integration set up and tested the same day; the caller account then appears in the trust policy change, which is where to check whether it is known.',
    family,
    sql: `WITH changes AS (
  SELECT
    event_key,
    event_time,
    recipient_account_id AS account,
    request_parameters->>'$.roleName' AS role_name
  FROM events
  WHERE event_source = 'iam.amazonaws.com'
    AND event_name = 'UpdateAssumeRolePolicy'
    AND error_code IS NULL
),
assumptions AS (
  SELECT
    event_key,
    event_time,
    source_ip,
    ${PRINCIPAL} AS principal,
    coalesce(identity_account_id, user_identity->>'$.accountId') AS caller_account,
    request_parameters->>'$.roleArn' AS role_arn,
    regexp_extract(request_parameters->>'$.roleArn', ':iam::(\\d{12}):role/', 1) AS role_account,
    regexp_extract(request_parameters->>'$.roleArn', '/([^/]+)$', 1) AS role_name
  FROM events
  WHERE event_source = 'sts.amazonaws.com'
    AND event_name = 'AssumeRole'
    AND error_code IS NULL
    AND identity_type IS DISTINCT FROM 'AWSService'
)
SELECT
  c.event_time,
  c.event_key,
  [c.event_key, a.event_key] AS event_keys,
  a.role_arn,
  a.caller_account,
  a.principal AS assumed_by,
  a.event_time AS assumed_at,
  a.source_ip
FROM changes c
JOIN assumptions a
  ON a.role_account = c.account
 AND a.role_name = c.role_name
 AND a.event_time > c.event_time
 AND a.event_time <= c.event_time + INTERVAL 24 HOUR
WHERE a.caller_account IS NOT NULL
  AND a.caller_account <> c.account
  AND NOT EXISTS (
    SELECT 1
    FROM assumptions b
    WHERE b.role_account = a.role_account
      AND b.role_name = a.role_name
      AND b.caller_account = a.caller_account
      AND b.event_time < c.event_time
  )
QUALIFY row_number() OVER (PARTITION BY a.event_key ORDER BY c.event_time DESC) = 1
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];

/** Federation backdoors: new identity providers, roles they or outsiders may assume, and their use. */
export const federation: Detection[] = [...providersAndTrusts, ...federationSignIns, ...federationIdentityCenter];
