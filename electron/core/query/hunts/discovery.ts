import type { HuntingQuery } from '../../../../shared/model/hunting.ts';
import { PRINCIPAL } from './sql-parts.ts';

/** Hunts for an intruder finding their way: denials, enumeration, who-am-I calls. */
export const discovery: HuntingQuery[] = [
  {
    id: 'access-denied-burst',
    title: 'Bursts of access-denied errors from one principal',
    description:
      'Principals refused ten or more times within a ten-minute window (clock-aligned): someone probing what a stolen credential can do. Misconfigured applications retrying one denied call produce the same count, but with a single API.',
    attack: { id: 'T1580', name: 'Cloud Infrastructure Discovery' },
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
  count(*) AS denials,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(DISTINCT error_code ORDER BY error_code) AS error_codes,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key
FROM events
WHERE regexp_matches(error_code, 'AccessDenied|Unauthorized|Forbidden|AuthorizationError')
GROUP BY ALL
HAVING count(*) >= 10
ORDER BY event_time, principal`,
  },
  {
    id: 'read-api-enumeration',
    title: 'Enumeration: many different List, Describe and Get calls in a short time',
    description:
      "Principals calling ten or more different List*, Describe* or Get* APIs within a ten-minute window (clock-aligned): mapping the account after gaining access. Console page loads, inventory and posture-management tools look the same; compare with the principal's role.",
    attack: { id: 'T1580', name: 'Cloud Infrastructure Discovery' },
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  count(DISTINCT event_source) AS services,
  count(*) AS calls,
  count(error_code) AS failed_calls,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key
FROM events
WHERE regexp_matches(event_name, '^(List|Describe|Get)')
GROUP BY ALL
HAVING count(DISTINCT event_source || ':' || event_name) >= 10
ORDER BY event_time, principal`,
  },
  {
    id: 'get-caller-identity-unusual-agent',
    title: 'GetCallerIdentity from tools other than the AWS CLI, SDKs and console',
    description:
      'GetCallerIdentity ("who am I") is the first call made with a freshly stolen key; this lists those whose user agent is no AWS CLI, SDK, console or AWS service, or names a secret scanner, attack framework or penetration-testing distribution (TruffleHog, Pacu, Kali, curl, python-requests). In-house scripts with custom agents also appear.',
    attack: { id: 'T1087.004', name: 'Account Discovery: Cloud Account' },
    sql: `SELECT
  event_time,
  event_key,
  identity_arn,
  access_key_id,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'sts.amazonaws.com'
  AND event_name = 'GetCallerIdentity'
  AND (user_agent IS NULL
       OR NOT regexp_matches(lower(user_agent), 'aws-cli|aws-sdk|boto3|botocore|aws-internal|aws internal|amazonaws\\.com|terraform')
       OR regexp_matches(lower(user_agent), 'trufflehog|pacu|cloudfox|kali|parrot|pentoo|curl/|python-requests'))
ORDER BY event_time, event_key`,
  },
  {
    id: 'ec2-user-data-read',
    title: 'EC2 instance user data read',
    description:
      'DescribeInstanceAttribute calls for userData, the boot script that often holds passwords and keys: credential hunting across instances. Configuration-management and inventory tools read it too; denied attempts in bulk are not routine.',
    attack: { id: 'T1580', name: 'Cloud Infrastructure Discovery' },
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.instanceId' AS instance_id,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'ec2.amazonaws.com'
  AND event_name = 'DescribeInstanceAttribute'
  AND (request_parameters->>'$.attribute') = 'userData'
ORDER BY event_time, event_key`,
  },
  {
    id: 'errors-by-code',
    title: 'Errors by code',
    description:
      'Every error code in the case with how often, from how many principals and services it came, and when: a first map of what failed, where probing, throttling and broken automation each leave a different shape. Failed console sign-ins carry no error code and are counted by console-login-failures instead.',
    attack: { id: 'T1580', name: 'Cloud Infrastructure Discovery' },
    sql: `SELECT
  error_code,
  count(*) AS events,
  count(DISTINCT ${PRINCIPAL}) AS principals,
  list(DISTINCT event_source ORDER BY event_source) AS services,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  max(event_time) AS last_seen
FROM events
WHERE error_code IS NOT NULL
GROUP BY error_code
ORDER BY events DESC, error_code`,
  },
];
