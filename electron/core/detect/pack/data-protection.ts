import type { Detection } from '../../../../shared/model/detection.ts';
import { backupsAndSnapshots } from './backups-and-snapshots.ts';
import { s3Recovery } from './s3-recovery.ts';

/** What lets an account recover: object versions and locks, backups, snapshots, database protections. */
export const dataProtection: Detection[] = [...s3Recovery, ...backupsAndSnapshots];
