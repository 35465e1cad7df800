import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Persistence and federation';

/**
 * Permission-set changes that amount to full control: AdministratorAccess, or IAMFullAccess
 * (which grants itself the rest), attached; or an inline policy allowing "*" or "iam:*".
 */
const ADMIN_PERMISSION_SET_CHANGE = `event_source = 'sso.amazonaws.com'
  AND ((event_name = 'AttachManagedPolicyToPermissionSet'
        AND regexp_matches(coalesce(request_parameters->>'$.managedPolicyArn', ''),
                           ':policy/(AdministratorAccess|IAMFullAccess)$'))
       OR (event_name = 'PutInlinePolicyToPermissionSet'
           AND regexp_matches(coalesce(request_parameters->>'$.inlinePolicy', ''),
                              '"Action"\\s*:\\s*(\\[[^\\]]*)?"(\\*|iam:\\*)"')))`;

/** IAM Identity Center: permission sets, the accounts they open, and who may sign in at all. */
export const federationIdentityCenter: Detection[] = [
  {
    id: 'identity-center-permission-set-made-admin',
    title: 'Identity Center permission set given administrator rights',
    description:
      'AttachManagedPolicyToPermissionSet with AdministratorAccess or IAMFullAccess, or PutInlinePolicyToPermissionSet with a policy allowing "*" or "iam:*": every user or group assigned that permission set, in every account it is provisioned to, becomes an administrator. Read-only and scoped policies are left out.',
    severity: 'high',
    attack: ['T1098.003'],
    false_positives: "Building or repairing the organization's own administrator permission set.",
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  request_parameters->>'$.permissionSetArn' AS permission_set,
  coalesce(request_parameters->>'$.managedPolicyArn', request_parameters->>'$.inlinePolicy') AS policy,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE ${ADMIN_PERMISSION_SET_CHANGE}
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'identity-center-admin-permission-set-assigned',
    title: 'Identity Center assignment of an administrator permission set',
    description:
      'CreateAccountAssignment of a permission set that the case shows to be administrative: AdministratorAccess or IAMFullAccess attached to it or an allow-everything inline policy put on it (at any time in the case), or a name containing "admin". The assigned user or group gets an administrator role in the target account; read-only assignments are left out.',
    severity: 'high',
    attack: ['T1098.003', 'T1078.004'],
    false_positives: 'Granting administrators their access, break-glass procedures and onboarding of platform teams.',
    family,
    sql: `WITH admin_sets AS (
  SELECT request_parameters->>'$.permissionSetArn' AS permission_set_arn
  FROM events
  WHERE ${ADMIN_PERMISSION_SET_CHANGE}
    AND error_code IS NULL
  UNION
  SELECT response_elements->>'$.permissionSet.permissionSetArn'
  FROM events
  WHERE event_source = 'sso.amazonaws.com'
    AND event_name = 'CreatePermissionSet'
    AND regexp_matches(coalesce(request_parameters->>'$.name', ''), '(?i)admin')
),
set_names AS (
  SELECT
    response_elements->>'$.permissionSet.permissionSetArn' AS permission_set_arn,
    request_parameters->>'$.name' AS permission_set_name
  FROM events
  WHERE event_source = 'sso.amazonaws.com'
    AND event_name = 'CreatePermissionSet'
    AND error_code IS NULL
  QUALIFY row_number() OVER (PARTITION BY permission_set_arn ORDER BY event_time) = 1
)
SELECT
  e.event_time,
  e.event_key,
  e.request_parameters->>'$.permissionSetArn' AS permission_set,
  n.permission_set_name,
  e.request_parameters->>'$.principalType' AS principal_type,
  e.request_parameters->>'$.principalId' AS principal_id,
  e.request_parameters->>'$.targetId' AS target_account,
  coalesce(e.identity_arn, e.principal_id, e.user_name) AS principal,
  e.source_ip,
  e.error_code
FROM events e
LEFT JOIN set_names n ON n.permission_set_arn = (e.request_parameters->>'$.permissionSetArn')
WHERE e.event_source = 'sso.amazonaws.com'
  AND e.event_name = 'CreateAccountAssignment'
  AND (e.request_parameters->>'$.permissionSetArn') IN (SELECT permission_set_arn FROM admin_sets)
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'identity-center-new-user-given-access',
    title: 'Identity Center user created and given account access within a day',
    description:
      "A user created in the Identity Center directory (identitystore or sso-directory CreateUser) who, within 24 hours, is assigned to an AWS account directly (CreateAccountAssignment naming the user) or is added to a group that has an assignment in the case: a fresh identity of the intruder's own that survives the loss of the credentials first used. The hit names the creation, the group membership if any, and the assignment.",
    severity: 'medium',
    attack: ['T1136.003', 'T1098.003'],
    false_positives:
      'Onboarding new staff in a directory managed by hand (directories synchronized from an external IdP create users through SCIM instead).',
    family,
    sql: `WITH new_users AS (
  SELECT
    event_key,
    event_time,
    coalesce(response_elements->>'$.userId', response_elements->>'$.user.userId') AS user_id,
    request_parameters->>'$.userName' AS user_name_given,
    ${PRINCIPAL} AS principal,
    source_ip
  FROM events
  WHERE event_source IN ('identitystore.amazonaws.com', 'sso-directory.amazonaws.com')
    AND event_name = 'CreateUser'
    AND error_code IS NULL
),
memberships AS (
  SELECT
    event_key,
    event_time,
    request_parameters->>'$.groupId' AS group_id,
    coalesce(request_parameters->>'$.memberId.userId', request_parameters->>'$.member.memberId') AS user_id
  FROM events
  WHERE (event_source = 'identitystore.amazonaws.com' AND event_name = 'CreateGroupMembership')
     OR (event_source = 'sso-directory.amazonaws.com' AND event_name = 'AddMemberToGroup')
),
assignments AS (
  SELECT
    event_key,
    event_time,
    request_parameters->>'$.principalType' AS principal_type,
    request_parameters->>'$.principalId' AS principal_id,
    request_parameters->>'$.targetId' AS target_account,
    request_parameters->>'$.permissionSetArn' AS permission_set_arn
  FROM events
  WHERE event_source = 'sso.amazonaws.com'
    AND event_name = 'CreateAccountAssignment'
    AND error_code IS NULL
),
direct AS (
  SELECT
    u.event_time,
    u.event_key,
    [u.event_key, a.event_key] AS event_keys,
    u.user_id,
    u.user_name_given,
    NULL::VARCHAR AS via_group,
    a.target_account,
    a.permission_set_arn,
    u.principal,
    u.source_ip
  FROM new_users u
  JOIN assignments a
    ON a.principal_type = 'USER'
   AND a.principal_id = u.user_id
   AND a.event_time BETWEEN u.event_time AND u.event_time + INTERVAL 24 HOUR
),
through_group AS (
  SELECT
    u.event_time,
    u.event_key,
    [u.event_key, m.event_key, a.event_key] AS event_keys,
    u.user_id,
    u.user_name_given,
    m.group_id AS via_group,
    a.target_account,
    a.permission_set_arn,
    u.principal,
    u.source_ip
  FROM new_users u
  JOIN memberships m
    ON m.user_id = u.user_id
   AND m.event_time BETWEEN u.event_time AND u.event_time + INTERVAL 24 HOUR
  JOIN assignments a
    ON a.principal_type = 'GROUP'
   AND a.principal_id = m.group_id
   AND a.event_time <= m.event_time + INTERVAL 24 HOUR
)
SELECT * FROM direct
UNION ALL
SELECT * FROM through_group
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'identity-center-identity-source-changed',
    title: 'Identity Center identity source or SCIM provisioning changed',
    description:
      'The directory Identity Center trusts was swapped (AssociateDirectory, DisassociateDirectory), its external identity provider configuration was created, updated, enabled, disabled or deleted, or a SCIM bearer token was issued (CreateBearerToken): whoever controls the new IdP or token decides who signs in to every account, the hybrid-identity version of a Golden SAML backdoor.',
    severity: 'high',
    attack: ['T1556.007', 'T1484.002'],
    false_positives:
      'Migrating Identity Center to a new IdP, yearly SAML certificate rotation and the SCIM token renewal that IdP connectors need.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  coalesce(request_parameters->>'$.directoryId', request_parameters->>'$.identityStoreId',
           request_parameters->>'$.instanceArn') AS directory,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE (event_source = 'sso-directory.amazonaws.com'
       AND event_name IN ('CreateExternalIdPConfigurationForDirectory', 'UpdateExternalIdPConfigurationForDirectory',
                          'EnableExternalIdPConfigurationForDirectory', 'DisableExternalIdPConfigurationForDirectory',
                          'DeleteExternalIdPConfigurationForDirectory', 'CreateBearerToken'))
   OR (event_source = 'sso.amazonaws.com' AND event_name IN ('AssociateDirectory', 'DisassociateDirectory'))
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'identity-center-mfa-weakened',
    title: 'Identity Center MFA settings changed or a user MFA device deleted',
    description:
      "PutMfaDeviceManagementForDirectory (the directory's MFA policy: when MFA is asked and who may register devices; CloudTrail does not log the new setting) and DeleteMfaDeviceForUser (an administrator removing a user's MFA device, so the next sign-in can enrol the intruder's): both open the way for a stolen password.",
    severity: 'medium',
    attack: ['T1556.006'],
    false_positives: 'Help-desk resets for users who lost their phone and deliberate changes of the MFA policy.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_source,
  event_name,
  coalesce(request_parameters->>'$.directoryId', request_parameters->>'$.instanceArn') AS directory,
  coalesce(request_parameters->>'$.userId', request_parameters->>'$.mfaDeviceId') AS target,
  ${PRINCIPAL} AS principal,
  source_ip,
  error_code
FROM events
WHERE (event_source = 'sso.amazonaws.com' AND event_name = 'PutMfaDeviceManagementForDirectory')
   OR (event_source = 'sso-directory.amazonaws.com' AND event_name = 'DeleteMfaDeviceForUser')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
