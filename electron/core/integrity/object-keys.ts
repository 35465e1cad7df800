import { parseNameStamp } from './utc-time.ts';

/** Which trail wrote a digest, and when, from its S3 key. */
export interface DigestKeyInfo {
  /** The key from `AWSLogs/` on. */
  key: string;
  orgId: string | null;
  account: string;
  /** The region the digest covers (a multi-region trail writes one chain per region). */
  region: string;
  trail: string;
  /** The region the trail was created in. */
  homeRegion: string;
  endMs: number;
  backfill: boolean;
}

export interface LogFileKeyInfo {
  key: string;
  orgId: string | null;
  account: string;
  region: string;
  /** The time in the file name (minutes). */
  timeMs: number;
}

// AWSLogs/[o-org/]ACCT/CloudTrail-Digest/REGION/Y/M/D/ACCT_CloudTrail-Digest_REGION_TRAIL_HOME_STAMP[_backfill].json.gz
// Trail names may hold underscores, regions never do: the trail is what lies between them.
const DIGEST_KEY =
  /(?:^|\/)(AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail-Digest\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_([^/]+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)(_backfill)?\.json\.gz)$/;

// AWSLogs/[o-org/]ACCT/CloudTrail/REGION/Y/M/D/ACCT_CloudTrail_REGION_YYYYMMDDTHHMMZ_UNIQUE.json.gz
const LOG_FILE_KEY =
  /(?:^|\/)(AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/\d{4}\/\d{2}\/\d{2}\/(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{8}T\d{4}Z)_[^/]+\.json\.gz)$/;

// Any character after it, line breaks too: keys are compared by it, in JS and in SQL (case-log-files.ts).
const AWS_LOGS = /(?:^|\/)(AWSLogs\/.*)$/s;

/**
 * A key or path from `AWSLogs/` on. A download keeps the layout below the bucket but rarely
 * the bucket or the trail's key prefix, so keys are compared from there.
 */
export function awsLogsKey(keyOrPath: string): string {
  if (keyOrPath.startsWith('AWSLogs/') && !keyOrPath.includes('\\')) return keyOrPath;
  const normalized = keyOrPath.replaceAll('\\', '/');
  return AWS_LOGS.exec(normalized)?.[1] ?? normalized;
}

/** Trail identity and end time of a digest from its key; null when the key is not a digest's. */
export function parseDigestKey(keyOrPath: string): DigestKeyInfo | null {
  const m = DIGEST_KEY.exec(keyOrPath.replaceAll('\\', '/'));
  if (!m) return null;
  const [, key, orgId, account, region, nameAccount, nameRegion, trail, homeRegion, stamp, backfill] = m;
  if (nameAccount !== account || nameRegion !== region) return null;
  const endMs = parseNameStamp(stamp!);
  if (endMs === null) return null;
  return {
    key: key!,
    orgId: orgId ?? null,
    account: account!,
    region: region!,
    trail: trail!,
    homeRegion: homeRegion!,
    endMs,
    backfill: backfill !== undefined,
  };
}

export function parseLogFileKey(keyOrPath: string): LogFileKeyInfo | null {
  const m = LOG_FILE_KEY.exec(keyOrPath.replaceAll('\\', '/'));
  if (!m) return null;
  const [, key, orgId, account, region, nameAccount, nameRegion, stamp] = m;
  if (nameAccount !== account || nameRegion !== region) return null;
  const timeMs = parseNameStamp(stamp!);
  if (timeMs === null) return null;
  return { key: key!, orgId: orgId ?? null, account: account!, region: region!, timeMs };
}

/** One string per trail and region: the chain a digest belongs to. */
export function trailId(info: Pick<DigestKeyInfo, 'orgId' | 'account' | 'region' | 'trail' | 'homeRegion'>): string {
  return [info.orgId ?? '', info.account, info.region, info.trail, info.homeRegion].join('|');
}

/** The order trails are judged and listed in. */
export const byTrailId = (a: string, b: string) => a.localeCompare(b);
