import type { Detection } from '../../../../shared/model/detection.ts';
import { outsidePrincipals, PRINCIPAL, runsOf } from './sql-parts.ts';

const family = 'Data protection and recovery';

/** AWS Backup vaults and recovery points, EBS snapshots, AMIs and RDS: the copies a recovery restores from. */
export const backupsAndSnapshots: Detection[] = [
  {
    id: 'backup-protection-removed',
    title: 'AWS Backup vault, plan, selection, lock or vault policy deleted',
    description:
      'DeleteBackupVault, DeleteBackupPlan, DeleteBackupSelection, DeleteBackupVaultLockConfiguration or DeleteBackupVaultAccessPolicy: backups stop being taken, or the vault loses the lock or the deny-delete policy that kept its recovery points safe. Ransomware crews remove these before they encrypt or delete.',
    severity: 'high',
    attack: ['T1490'],
    false_positives:
      'Backup plans reorganised or decommissioned by their owners; vaults of retired workloads removed once empty.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.backupVaultName', request_parameters->>'$.backupPlanId') AS target,
  request_parameters->>'$.selectionId' AS selection_id,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'backup.amazonaws.com'
  AND event_name IN ('DeleteBackupVault', 'DeleteBackupPlan', 'DeleteBackupSelection',
                     'DeleteBackupVaultLockConfiguration', 'DeleteBackupVaultAccessPolicy')
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'backup-vault-policy-opened',
    title: 'AWS Backup vault access policy opened to everyone or to another account',
    description:
      'PutBackupVaultAccessPolicy whose policy allows "*" without a Condition, or another AWS account: that account can copy the recovery points out (or, given the actions, delete them). Deny statements, such as the usual deny-delete for "*", are not reported.',
    severity: 'high',
    attack: ['T1537', 'T1490'],
    false_positives:
      "Vaults shared on purpose with the organisation's backup or recovery account; check the account ids.",
    family,
    sql: `WITH policies AS (
  SELECT
    *,
    ${outsidePrincipals(`request_parameters->>'$.policy'`, 'recipient_account_id')} AS granted_to
  FROM events
  WHERE event_source = 'backup.amazonaws.com'
    AND event_name = 'PutBackupVaultAccessPolicy'
)
SELECT
  event_time,
  event_key,
  request_parameters->>'$.backupVaultName' AS vault,
  granted_to,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM policies
WHERE len(granted_to) > 0
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'backup-recovery-point-deletion-burst',
    title: 'Burst of AWS Backup recovery point deletions by one principal',
    description:
      'Five or more DeleteRecoveryPoint calls by one principal, each within ten minutes of the one before, in one account: the backups themselves being destroyed, the step before encryption or deletion of the data they protect. Failed calls count, as attempts (a vault lock or deny policy refuses them).',
    severity: 'critical',
    attack: ['T1490', 'T1485'],
    false_positives:
      "An administrator clearing the recovery points of a retired workload by hand; Backup's own lifecycle expirations are not calls by a principal.",
    family,
    sql: `WITH acts AS (
  SELECT *, ${PRINCIPAL} AS principal
  FROM events
  WHERE event_source = 'backup.amazonaws.com'
    AND event_name = 'DeleteRecoveryPoint'
), runs AS (
  ${runsOf('acts', 'recipient_account_id, principal', '10 MINUTE')}
)
SELECT
  principal,
  recipient_account_id AS account,
  count(*) AS deletions,
  count(error_code) AS failed_calls,
  list(DISTINCT request_parameters->>'$.backupVaultName' ORDER BY request_parameters->>'$.backupVaultName') AS vaults,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys
FROM runs
GROUP BY principal, recipient_account_id, run
HAVING count(*) >= 5
ORDER BY event_time, principal`,
    origin: 'pack',
  },
  {
    id: 'backup-recovery-point-retention-shortened',
    title: 'AWS Backup recovery point set to expire within a week',
    description:
      'UpdateRecoveryPointLifecycle with deleteAfterDays of seven or less: AWS Backup will delete the recovery point itself within the week, a deletion that needs no DeleteRecoveryPoint and passes a deny-delete vault policy.',
    severity: 'high',
    attack: ['T1485.001', 'T1490'],
    false_positives: 'Short-lived recovery points of test systems; clean-up of a backup taken by mistake.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  request_parameters->>'$.backupVaultName' AS vault,
  request_parameters->>'$.recoveryPointArn' AS recovery_point,
  request_parameters->'$.lifecycle' AS lifecycle,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'backup.amazonaws.com'
  AND event_name = 'UpdateRecoveryPointLifecycle'
  AND try_cast(request_parameters->>'$.lifecycle.deleteAfterDays' AS INTEGER) <= 7
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'snapshot-or-image-deletion-burst',
    title: 'Burst of snapshot, AMI or automated-backup deletions by one principal',
    description:
      'Five or more EBS DeleteSnapshot, DeregisterImage, RDS DeleteDBSnapshot, DeleteDBClusterSnapshot or automated-backup deletions by one principal, each within ten minutes of the one before, in one account: the restore points of instances and databases being wiped. One snapshot rotated is routine; a run of them is how recovery is taken away.',
    severity: 'high',
    attack: ['T1490', 'T1485'],
    false_positives:
      'Retention scripts and tools (or Data Lifecycle Manager acting through a role) pruning many old snapshots at once; decommissioning of an environment.',
    family,
    sql: `WITH acts AS (
  SELECT
    *,
    ${PRINCIPAL} AS principal,
    coalesce(request_parameters->>'$.snapshotId', request_parameters->>'$.imageId',
             request_parameters->>'$.dBSnapshotIdentifier', request_parameters->>'$.dBClusterSnapshotIdentifier',
             request_parameters->>'$.dbiResourceId', request_parameters->>'$.dbClusterResourceId',
             request_parameters->>'$.dBInstanceAutomatedBackupsArn', request_parameters->>'$.dBClusterAutomatedBackupsArn') AS target
  FROM events
  WHERE (event_source = 'ec2.amazonaws.com' AND event_name IN ('DeleteSnapshot', 'DeregisterImage'))
     OR (event_source = 'rds.amazonaws.com'
         AND event_name IN ('DeleteDBSnapshot', 'DeleteDBClusterSnapshot',
                            'DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup'))
), runs AS (
  ${runsOf('acts', 'recipient_account_id, principal', '10 MINUTE')}
)
SELECT
  principal,
  recipient_account_id AS account,
  count(*) AS deletions,
  count(error_code) AS failed_calls,
  list(DISTINCT event_name ORDER BY event_name) AS apis,
  list(target ORDER BY event_time) AS targets,
  list(DISTINCT source_ip ORDER BY source_ip) AS source_ips,
  min(event_time) AS event_time,
  arg_min(event_key, event_time) AS event_key,
  list(event_key) AS event_keys
FROM runs
GROUP BY principal, recipient_account_id, run
HAVING count(*) >= 5
ORDER BY event_time, principal`,
    origin: 'pack',
  },
  {
    id: 'rds-recovery-protection-disabled',
    title: 'RDS deletion protection or automated backups turned off',
    description:
      'ModifyDBInstance or ModifyDBCluster with deletionProtection false, or ModifyDBInstance with backupRetentionPeriod 0 (which also deletes the automated backups): the database can now be deleted in one call, or has no point-in-time recovery left.',
    severity: 'medium',
    attack: ['T1490'],
    false_positives: 'Databases being decommissioned, and test databases, by their owners.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.dBInstanceIdentifier', request_parameters->>'$.dBClusterIdentifier') AS database,
  request_parameters->>'$.deletionProtection' AS deletion_protection,
  request_parameters->>'$.backupRetentionPeriod' AS backup_retention_period,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'rds.amazonaws.com'
  AND event_name IN ('ModifyDBInstance', 'ModifyDBCluster')
  AND ((request_parameters->>'$.deletionProtection') = 'false'
       OR try_cast(request_parameters->>'$.backupRetentionPeriod' AS INTEGER) = 0)
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
  {
    id: 'rds-deleted-without-final-snapshot',
    title: 'RDS database deleted without a final snapshot',
    description:
      'DeleteDBInstance or DeleteDBCluster with skipFinalSnapshot true: the database goes without a last copy to restore from (and with deleteAutomatedBackups, its point-in-time backups go too). Destroying a database this way leaves nothing to recover.',
    severity: 'high',
    attack: ['T1485', 'T1490'],
    false_positives: 'Test, ephemeral and replica databases deleted by their owners or by infrastructure as code.',
    family,
    sql: `SELECT
  event_time,
  event_key,
  event_name,
  coalesce(request_parameters->>'$.dBInstanceIdentifier', request_parameters->>'$.dBClusterIdentifier') AS database,
  request_parameters->>'$.deleteAutomatedBackups' AS delete_automated_backups,
  ${PRINCIPAL} AS principal,
  source_ip,
  user_agent,
  error_code
FROM events
WHERE event_source = 'rds.amazonaws.com'
  AND event_name IN ('DeleteDBInstance', 'DeleteDBCluster')
  AND (request_parameters->>'$.skipFinalSnapshot') = 'true'
ORDER BY event_time, event_key`,
    origin: 'pack',
  },
];
