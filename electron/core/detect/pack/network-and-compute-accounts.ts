import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Network, compute and accounts';

/*
 * The organisation's guardrails, the account's contacts, and services abused for their bill:
 * generative models and bulk e-mail. Leaving or deleting the organisation is covered by
 * organizations-membership-changed.
 */
export const accountsAndAbuse: Detection[] = [
  {
    id: 'scp-detached-or-disabled',
    title: 'Service or resource control policies detached, or their policy type disabled',
    description:
      'Organizations DetachPolicy of a control policy, and DisablePolicyType for SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY on a root: the guardrails that deny actions even to administrators of member accounts lifted from a root, an OU or an account. The AWS-managed FullAWSAccess policies, and policies the case shows were created as another type (tag, backup, AI opt-out), are left out; a policy created before the logs begin is kept, since its type is unknown.',
    severity: 'high',
    attack: ['T1666', 'T1562'],
    false_positives:
      'Platform teams restructuring the organisation or replacing one control policy by another (an attach usually follows).',
    family,
    sql: `WITH policy_types AS (
  SELECT
    response_elements->>'$.policy.policySummary.id' AS policy_id,
    response_elements->>'$.policy.policySummary.type' AS policy_type
  FROM events
  WHERE event_source = 'organizations.amazonaws.com'
    AND event_name = 'CreatePolicy'
    AND error_code IS NULL
  -- one row per policy, so that the join cannot repeat a change
  QUALIFY row_number() OVER (PARTITION BY policy_id ORDER BY event_time) = 1
),
changes AS (
  SELECT
    e.*,
    e.request_parameters->>'$.policyId' AS policy_id,
    coalesce(t.policy_type, e.request_parameters->>'$.policyType') AS policy_type,
    coalesce(e.request_parameters->>'$.targetId', e.request_parameters->>'$.rootId') AS target
  FROM events e
  LEFT JOIN policy_types t ON t.policy_id = (e.request_parameters->>'$.policyId')
  WHERE e.event_source = 'organizations.amazonaws.com'
    AND e.event_name IN ('DetachPolicy', 'DisablePolicyType')
)
SELECT
  event_time,
  event_key,
  event_name,
  policy_id,
  coalesce(policy_type, 'unknown') AS policy_type,
  target,
  CASE
    WHEN target LIKE 'r-%' THEN 'root'
    WHEN target LIKE 'ou-%' THEN 'organizational unit'
    ELSE 'account'
  END AS target_kind,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM changes
WHERE coalesce(policy_type, 'SERVICE_CONTROL_POLICY') IN ('SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY')
  AND policy_id IS DISTINCT FROM 'p-FullAWSAccess'
  AND policy_id IS DISTINCT FROM 'p-RCPFullAWSAccess'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'account-moved-to-root-or-new-ou',
    title: 'Account moved to the organisation root or to a freshly created OU',
    description:
      "MoveAccount with the root (r-...) as destination, or an OU created in the 24 hours before the move: the account leaves the control policies attached to its former OUs while staying in the organisation, a quieter way out of the guardrails than leaving. Moves between existing OUs are left out. A move into a new OU names the OU's creation as its first event.",
    severity: 'high',
    attack: ['T1666'],
    false_positives: 'Re-organisations that create a new OU structure and move accounts into it on the same day.',
    family,
    sql: `WITH new_units AS (
  SELECT
    recipient_account_id AS account,
    response_elements->>'$.organizationalUnit.id' AS unit_id,
    event_time AS created_at,
    event_key AS created_key
  FROM events
  WHERE event_source = 'organizations.amazonaws.com'
    AND event_name = 'CreateOrganizationalUnit'
    AND error_code IS NULL
),
move_calls AS (
  SELECT *, recipient_account_id AS account, request_parameters->>'$.destinationParentId' AS destination
  FROM events
  WHERE event_source = 'organizations.amazonaws.com'
    AND event_name = 'MoveAccount'
),
-- the latest creation of the destination OU before the move, if within a day
moves AS (
  SELECT
    m.*,
    CASE WHEN n.created_at > m.event_time - INTERVAL 24 HOUR THEN n.created_at END AS created_at,
    CASE WHEN n.created_at > m.event_time - INTERVAL 24 HOUR THEN n.created_key END AS created_key
  FROM move_calls m
  ASOF LEFT JOIN new_units n
    ON n.unit_id = m.destination
   AND n.account = m.account
   AND n.created_at <= m.event_time
)
SELECT
  coalesce(created_at, event_time) AS event_time,
  coalesce(created_key, event_key) AS event_key,
  CASE WHEN created_key IS NULL THEN [event_key] ELSE [created_key, event_key] END AS event_keys,
  request_parameters->>'$.accountId' AS moved_account,
  request_parameters->>'$.sourceParentId' AS from_parent,
  destination AS to_parent,
  CASE WHEN destination LIKE 'r-%' THEN 'root' ELSE 'new organizational unit' END AS destination_kind,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM moves
WHERE destination LIKE 'r-%' OR created_key IS NOT NULL
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'account-security-contact-or-email-changed',
    title: "Account's security contact, primary contact or root e-mail changed",
    description:
      "The SECURITY alternate contact set or deleted, the primary contact information rewritten, and the root user's e-mail address change started or confirmed (Account Management API): where AWS sends abuse and compromise notices, and what account recovery relies on, redirected to the intruder. Billing and operations contacts are left out.",
    severity: 'medium',
    attack: ['T1098', 'T1531'],
    false_positives: 'Staff changes in the security team, and account vending that fills in contacts for new accounts.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.accountId', recipient_account_id) AS account,
  request_parameters->>'$.alternateContactType' AS contact_type,
  coalesce(request_parameters->>'$.emailAddress', request_parameters->>'$.primaryEmail') AS email,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'account.amazonaws.com'
  AND ((event_name IN ('PutAlternateContact', 'DeleteAlternateContact')
        AND upper(request_parameters->>'$.alternateContactType') = 'SECURITY')
       OR event_name IN ('PutContactInformation', 'StartPrimaryEmailUpdate', 'AcceptPrimaryEmailUpdate'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'bedrock-invocation-logging-deleted',
    title: 'Bedrock model invocation logging deleted',
    description:
      "DeleteModelInvocationLoggingConfiguration: the record of every prompt and response sent to Bedrock models in the region switched off, what an intruder does before using the account's models for themselves (LLMjacking). Setting or changing the logging configuration is left out.",
    severity: 'high',
    attack: ['T1562.008', 'T1496.004'],
    false_positives: 'Teams moving invocation logging to another destination, or turning it off in test accounts.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  aws_region,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'bedrock.amazonaws.com'
  AND event_name = 'DeleteModelInvocationLoggingConfiguration'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'bedrock-model-access-burst',
    title: 'Access to several Bedrock models enabled by one principal within an hour',
    description:
      "Principals that accepted model agreements, requested entitlements or submitted the use-case form (CreateFoundationModelAgreement, PutFoundationModelEntitlement, PutUseCaseForModelAccess) for three or more distinct region and model pairs within a clock hour: unlocking as many models as possible to resell or consume at the account's expense (LLMjacking).",
    severity: 'medium',
    attack: ['T1496.004'],
    false_positives:
      'Teams adopting Bedrock that enable a family of models, or the same model in several regions, at once.',
    family,
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  recipient_account_id AS account,
  time_bucket(INTERVAL 1 HOUR, event_time) AS hour,
  count(DISTINCT aws_region || ':' || (request_parameters->>'$.modelId')) AS models_enabled,
  list(DISTINCT request_parameters->>'$.modelId' ORDER BY request_parameters->>'$.modelId')
    FILTER (WHERE (request_parameters->>'$.modelId') IS NOT NULL) AS model_ids,
  list(DISTINCT aws_region ORDER BY aws_region) AS regions,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  count(error_code) AS failed_calls,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys
FROM events
WHERE event_source = 'bedrock.amazonaws.com'
  AND event_name IN ('CreateFoundationModelAgreement', 'PutFoundationModelEntitlement', 'PutUseCaseForModelAccess')
GROUP BY ALL
HAVING count(DISTINCT aws_region || ':' || (request_parameters->>'$.modelId')) >= 3
ORDER BY event_time, principal`,
    origin: 'pack',
  },
  {
    id: 'ses-sending-set-up',
    title: 'SES sending enabled, production access requested, or identities verified in bulk',
    description:
      'Per principal, region and clock hour: SES sending switched on (UpdateAccountSendingEnabled, PutAccountSendingAttributes), production access requested (PutAccountDetails with productionAccessEnabled), or three or more sender identities verified (VerifyEmailIdentity, VerifyDomainIdentity, VerifyEmailAddress, CreateEmailIdentity): a stolen account readied to send spam and phishing under its reputation. A single identity verified, or sending paused, is left out.',
    severity: 'medium',
    attack: ['T1496.004'],
    false_positives:
      'Teams setting up SES for a new application, who verify their domains and ask for production access once.',
    family,
    sql: `WITH setup AS (
  SELECT
    *,
    event_name IN ('VerifyEmailIdentity', 'VerifyDomainIdentity', 'VerifyEmailAddress', 'CreateEmailIdentity') AS new_identity,
    (event_name = 'UpdateAccountSendingEnabled' AND (request_parameters->>'$.enabled') = 'true')
      OR (event_name = 'PutAccountSendingAttributes' AND (request_parameters->>'$.sendingEnabled') = 'true')
      OR (event_name = 'PutAccountDetails' AND (request_parameters->>'$.productionAccessEnabled') = 'true') AS opens_sending
  FROM events
  WHERE event_source = 'ses.amazonaws.com'
    AND event_name IN ('VerifyEmailIdentity', 'VerifyDomainIdentity', 'VerifyEmailAddress', 'CreateEmailIdentity',
                       'UpdateAccountSendingEnabled', 'PutAccountSendingAttributes', 'PutAccountDetails')
)
SELECT
  ${PRINCIPAL} AS principal,
  recipient_account_id AS account,
  aws_region,
  time_bucket(INTERVAL 1 HOUR, event_time) AS hour,
  count(*) FILTER (WHERE new_identity) AS identities_verified,
  list(coalesce(request_parameters->>'$.emailAddress', request_parameters->>'$.domain',
                request_parameters->>'$.emailIdentity') ORDER BY event_time) FILTER (WHERE new_identity) AS identities,
  bool_or(opens_sending) AS sending_opened,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys
FROM setup
WHERE new_identity OR opens_sending
GROUP BY ALL
HAVING count(*) FILTER (WHERE new_identity) >= 3 OR bool_or(opens_sending)
ORDER BY event_time, principal`,
    origin: 'pack',
  },
];
