import type { Detection } from '../../../../shared/model/detection.ts';
import { PRINCIPAL } from './sql-parts.ts';

const family = 'Discovery';

/** Hunts for an intruder finding their way: denials, enumeration, who-am-I calls. */
export const discovery: Detection[] = [
  {
    id: 'access-denied-burst',
    title: 'Bursts of access-denied errors from one principal',
    description:
      'Principals refused ten or more times (AccessDenied, Unauthorized, Forbidden, AuthorizationError) within a ten-minute window (clock-aligned): someone probing what a stolen credential can do. The hit names every refused call of the window.',
    severity: 'medium',
    attack: ['T1580'],
    false_positives:
      'Misconfigured applications retrying one denied call produce the same count, but with a single API.',
    family,
    origin: 'pack',
    sql: `SELECT
  ${PRINCIPAL} AS principal,
  time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
  count(*) AS denials,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(DISTINCT error_code ORDER BY error_code) AS error_codes,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
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
      'Principals calling ten or more different List*, Describe* or Get* APIs within a ten-minute window (clock-aligned): mapping the account after gaining access. The hit names every read call of the window.',
    severity: 'low',
    attack: ['T1580', 'T1526'],
    false_positives:
      "Console page loads, inventory and posture-management tools look the same; compare with the principal's role.",
    family,
    origin: 'pack',
    sql: `WITH reads AS (
  SELECT
    ${PRINCIPAL} AS principal,
    time_bucket(INTERVAL 10 MINUTE, event_time) AS window_start,
    event_source, event_name, error_code, event_time, event_key
  FROM events
  WHERE regexp_matches(event_name, '^(List|Describe|Get)')
),
-- The windows past the threshold, found before any list is built for the many that are not.
busy AS (
  SELECT principal, window_start FROM reads
  GROUP BY ALL
  HAVING count(DISTINCT event_source || ':' || event_name) >= 10
)
SELECT
  principal,
  window_start,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  count(DISTINCT event_source) AS services,
  count(*) AS calls,
  count(error_code) AS failed_calls,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys
FROM reads JOIN busy USING (principal, window_start)
GROUP BY ALL
ORDER BY event_time, principal`,
  },
  {
    id: 'get-caller-identity-unusual-agent',
    title: 'GetCallerIdentity from tools other than the AWS CLI, SDKs and console',
    description:
      'GetCallerIdentity ("who am I") is the first call made with a freshly stolen key; this lists those whose user agent is no AWS CLI, SDK, console or AWS service, or names a secret scanner, attack framework or penetration-testing distribution (TruffleHog, Pacu, CloudFox, Kali, curl, python-requests).',
    severity: 'medium',
    attack: ['T1087.004'],
    false_positives: 'In-house scripts with custom user agents also appear.',
    family,
    origin: 'pack',
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
      'DescribeInstanceAttribute calls for userData, the boot script that often holds passwords and keys: credential hunting across instances. Denied attempts in bulk are not routine.',
    severity: 'medium',
    attack: ['T1580', 'T1552'],
    false_positives: 'Configuration-management and inventory tools read user data too.',
    family,
    origin: 'pack',
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
      'Every error code in the case with how often, from how many principals and services it came, and when: a first map of what failed, where probing, throttling and broken automation each leave a different shape. Each hit names every event of its code. Failed console sign-ins carry no error code and are counted by console-login-failures instead.',
    severity: 'low',
    attack: ['T1580'],
    false_positives: 'Every case has errors: throttling, retries and broken automation produce most of them.',
    family,
    origin: 'pack',
    sql: `SELECT
  error_code,
  count(*) AS events,
  count(DISTINCT ${PRINCIPAL}) AS principals,
  list(DISTINCT event_source ORDER BY event_source) AS services,
  count(DISTINCT event_source || ':' || event_name) AS distinct_apis,
  min(event_time) AS event_time,
  arg_min(event_key, (event_time, event_key)) AS event_key,
  list(event_key) AS event_keys,
  max(event_time) AS last_seen
FROM events
WHERE error_code IS NOT NULL
GROUP BY error_code
ORDER BY events DESC, error_code`,
  },
];
