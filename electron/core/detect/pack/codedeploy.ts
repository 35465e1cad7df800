import type { Detection } from '../../../../shared/model/detection.ts';
import { accountOf, BUILD_AND_DEPLOY_FAMILY, EARLIER, firstSuccess } from './cicd-parts.ts';

/*
 * A deployment group is known to the case through its CreateDeploymentGroup and the
 * UpdateDeploymentGroup calls after it; an update sends only what it changes, so each setting
 * is compared with the last call that sent that setting.
 */

const CODEDEPLOY = `event_source = 'codedeploy.amazonaws.com'`;

/** Create and update calls of deployment groups, keyed by application and group name. */
const GROUPS = `groups AS (
  SELECT
    *,
    (request_parameters->>'$.applicationName') || '/' ||
      coalesce(request_parameters->>'$.currentDeploymentGroupName', request_parameters->>'$.deploymentGroupName')
      AS deployment_group
  FROM events
  WHERE ${CODEDEPLOY}
    AND event_name IN ('CreateDeploymentGroup', 'UpdateDeploymentGroup')
)`;

const lastSent = (setting: string) =>
  `last_value(CASE WHEN error_code IS NULL THEN ${setting} END IGNORE NULLS) OVER ${EARLIER('deployment_group')}`;

export const codedeploy: Detection[] = [
  {
    id: 'codedeploy-all-at-once',
    title: 'EC2/on-premises deployments set to go to every instance at once',
    description:
      'CreateDeploymentConfig for the Server platform with minimumHealthyHosts 0 (HOST_COUNT or FLEET_PERCENT), and CreateDeploymentGroup, UpdateDeploymentGroup or CreateDeployment naming CodeDeployDefault.AllAtOnce or such a zero-healthy-hosts configuration created earlier in the case. A bad or malicious revision then reaches every instance before a health check can stop it. Lambda and ECS all-at-once configurations, the defaults there, are left out. Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1195.002', 'T1562.001'],
    false_positives:
      'Development and test fleets, and single-instance deployment groups where all at once is the only option.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH zero_healthy AS (
  SELECT
    *,
    request_parameters->>'$.deploymentConfigName' AS config
  FROM events
  WHERE ${CODEDEPLOY}
    AND event_name = 'CreateDeploymentConfig'
    AND coalesce(request_parameters->>'$.computePlatform', 'Server') = 'Server'
    AND try_cast(request_parameters->>'$.minimumHealthyHosts.value' AS INTEGER) = 0
)
SELECT
  e.event_time,
  e.event_key,
  e.event_name,
  e.request_parameters->>'$.applicationName' AS application,
  coalesce(e.request_parameters->>'$.currentDeploymentGroupName', e.request_parameters->>'$.deploymentGroupName')
    AS deployment_group,
  e.request_parameters->>'$.deploymentConfigName' AS deployment_config,
  e.identity_arn,
  e.source_ip,
  e.user_agent,
  e.error_code
FROM events e
WHERE e.event_source = 'codedeploy.amazonaws.com'
  AND (e.event_key IN (SELECT event_key FROM zero_healthy)
    OR (e.event_name IN ('CreateDeploymentGroup', 'UpdateDeploymentGroup', 'CreateDeployment')
        AND ((e.request_parameters->>'$.deploymentConfigName') = 'CodeDeployDefault.AllAtOnce'
          OR EXISTS (
            SELECT 1 FROM zero_healthy z
            WHERE z.recipient_account_id IS NOT DISTINCT FROM e.recipient_account_id
              AND z.aws_region IS NOT DISTINCT FROM e.aws_region
              AND z.config = (e.request_parameters->>'$.deploymentConfigName')
              AND z.error_code IS NULL
              AND z.event_time <= e.event_time))))
ORDER BY e.event_time, e.event_key`,
  },
  {
    id: 'codedeploy-safeguards-disabled',
    title: 'Deployment rollback, alarms or notifications switched off',
    description:
      "UpdateDeploymentGroup that disables automatic rollback (autoRollbackConfiguration.enabled false) or alarm monitoring (alarmConfiguration disabled or emptied) unless the last call the case saw for that group already had it off, or that empties triggerConfigurations after the case saw the group with triggers; and CreateDeployment overriding the group's alarms (overrideAlarmConfiguration disabled or ignoring alarm polling failures) or its rollback. Without them a failing or malicious release stays deployed and nobody is notified. Refused attempts are listed with their error.",
    severity: 'high',
    attack: ['T1562.001', 'T1195.002'],
    false_positives:
      'Console saves of groups that never had rollback or alarms, when the group was created before the case, and alarms retired with the service they watched.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH ${GROUPS},
settings AS (
  SELECT
    *,
    request_parameters->>'$.autoRollbackConfiguration.enabled' AS rollback,
    CASE WHEN json_exists(request_parameters, '$.alarmConfiguration')
         THEN (request_parameters->>'$.alarmConfiguration.enabled') = 'true'
              AND coalesce(json_array_length(request_parameters->'$.alarmConfiguration.alarms'), 0) > 0
    END AS alarms_on,
    json_array_length(request_parameters->'$.triggerConfigurations') AS triggers
  FROM groups
),
compared AS (
  SELECT
    *,
    ${lastSent('rollback')} AS rollback_before,
    ${lastSent('alarms_on')} AS alarms_on_before,
    ${lastSent('triggers')} AS triggers_before
  FROM settings
),
switched_off AS (
  SELECT
    event_time, event_key, event_name, deployment_group, identity_arn, source_ip, user_agent, error_code,
    list_filter([
      CASE WHEN rollback = 'false' AND rollback_before IS DISTINCT FROM 'false' THEN 'automatic rollback' END,
      CASE WHEN NOT alarms_on AND alarms_on_before IS DISTINCT FROM false THEN 'alarm monitoring' END,
      CASE WHEN triggers = 0 AND triggers_before > 0 THEN 'notification triggers' END],
      lambda s: s IS NOT NULL) AS disabled
  FROM compared
  WHERE event_name = 'UpdateDeploymentGroup'
  UNION ALL
  SELECT
    event_time, event_key, event_name,
    (request_parameters->>'$.applicationName') || '/' || (request_parameters->>'$.deploymentGroupName'),
    identity_arn, source_ip, user_agent, error_code,
    list_filter([
      CASE WHEN (request_parameters->>'$.overrideAlarmConfiguration.enabled') = 'false'
             OR (request_parameters->>'$.overrideAlarmConfiguration.ignorePollAlarmFailure') = 'true'
           THEN 'alarm monitoring' END,
      CASE WHEN (request_parameters->>'$.autoRollbackConfiguration.enabled') = 'false' THEN 'automatic rollback' END],
      lambda s: s IS NOT NULL)
  FROM events
  WHERE ${CODEDEPLOY}
    AND event_name = 'CreateDeployment'
)
SELECT *
FROM switched_off
WHERE len(disabled) > 0
ORDER BY event_time, event_key`,
  },
  {
    id: 'codedeploy-service-role-changed',
    title: "Deployment group's service role swapped",
    description:
      'UpdateDeploymentGroup naming a serviceRoleArn other than the last one the case saw for that group, or one in another account. CodeDeploy acts on the instances, load balancers and Auto Scaling groups with this role: a stronger role is privilege escalation through iam:PassRole, and a swapped role can quietly break rollbacks. Refused attempts are listed with their error.',
    severity: 'high',
    attack: ['T1098.003', 'T1199'],
    false_positives: 'Planned role migrations, such as moving groups to a least-privilege role.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH ${GROUPS},
compared AS (
  SELECT
    *,
    request_parameters->>'$.serviceRoleArn' AS service_role,
    ${lastSent("request_parameters->>'$.serviceRoleArn'")} AS previous_role
  FROM groups
)
SELECT
  event_time,
  event_key,
  deployment_group,
  previous_role,
  service_role,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM compared
WHERE event_name = 'UpdateDeploymentGroup'
  AND service_role IS NOT NULL
  AND (service_role <> previous_role OR ${accountOf('service_role')} <> recipient_account_id)
ORDER BY event_time, event_key`,
  },
  {
    id: 'codedeploy-revision-from-new-location',
    title: 'Deployment of a revision from a bucket or repository the application never used',
    description:
      'CreateDeployment whose revision comes from an S3 bucket (revision.s3Location.bucket) or GitHub repository (revision.gitHubLocation.repository) that no earlier successful deployment of the same application used in the case, when earlier deployments of it are in the case. The revision is what runs on the fleet; one fetched from a bucket the intruder controls, or their fork, is their code in production. Refused attempts are listed with their error.',
    severity: 'medium',
    attack: ['T1195.002'],
    false_positives: 'Artifact buckets moved or renamed, and applications deployed from a new pipeline.',
    family: BUILD_AND_DEPLOY_FAMILY,
    origin: 'pack',
    sql: `WITH deployments AS (
  SELECT
    *,
    request_parameters->>'$.applicationName' AS application,
    coalesce('s3://' || (request_parameters->>'$.revision.s3Location.bucket'),
             'github:' || (request_parameters->>'$.revision.gitHubLocation.repository')) AS origin
  FROM events
  WHERE ${CODEDEPLOY}
    AND event_name = 'CreateDeployment'
),
firsts AS (
  SELECT
    *,
    ${firstSuccess('application, origin')} AS origin_first_used,
    ${firstSuccess('application', 'origin IS NOT NULL')} AS first_deployment
  FROM deployments
)
SELECT
  event_time,
  event_key,
  application,
  request_parameters->>'$.deploymentGroupName' AS deployment_group,
  origin,
  coalesce(request_parameters->>'$.revision.s3Location.key',
           request_parameters->>'$.revision.gitHubLocation.commitId') AS revision,
  identity_arn,
  source_ip,
  user_agent,
  error_code
FROM firsts
WHERE origin IS NOT NULL
  AND first_deployment < event_time
  AND (origin_first_used IS NULL OR origin_first_used >= event_time)
ORDER BY event_time, event_key`,
  },
];
