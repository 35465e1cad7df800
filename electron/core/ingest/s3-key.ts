import type { SourceKind } from '../../../shared/model/source.ts';

export interface S3KeyInfo {
  orgId: string | null;
  accountId: string;
  kind: SourceKind;
  region: string;
  /** YYYY-MM-DD of the folder the file was delivered to. */
  logDate: string;
}

// AWSLogs/[o-org/]<account>/<CloudTrail|CloudTrail-Digest|CloudTrail-Insight>/<region>/YYYY/MM/DD/
// Organization trails add the organization id after AWSLogs/; the key may sit under any prefix.
const S3_LAYOUT =
  /(?:^|\/)AWSLogs\/(?:(o-[a-z0-9]{10,32})\/)?(\d{12})\/(CloudTrail|CloudTrail-Digest|CloudTrail-Insight)\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\//;

const KIND_BY_FOLDER: Record<string, SourceKind> = {
  CloudTrail: 'log',
  'CloudTrail-Digest': 'digest',
  'CloudTrail-Insight': 'insight',
};

/** Reads account, region, date and kind from a path in the S3 delivery layout, if it is one. */
export function parseS3Key(path: string): S3KeyInfo | null {
  const match = S3_LAYOUT.exec(path.replaceAll('\\', '/'));
  if (!match) return null;
  const [, orgId, accountId, folder, region, year, month, day] = match;
  return {
    orgId: orgId ?? null,
    accountId: accountId!,
    kind: KIND_BY_FOLDER[folder!] ?? 'other',
    region: region!,
    logDate: `${year}-${month}-${day}`,
  };
}

// `s`: a name may hold a line break, and is still a key.
const FROM_AWS_LOGS = /(?:^|\/)(AWSLogs\/.*)$/s;

/**
 * A file's S3 key from `AWSLogs/` on, inside archives too (a member's name is its path in
 * the archive), or null when its path holds none. A download keeps the layout below the
 * bucket but rarely the bucket or the trail's prefix; digests name files from there.
 * Migration 6 read the keys of older sources with the same expression in SQL, where a name
 * with a line break got none.
 */
export function s3KeyOf(path: string): string | null {
  return FROM_AWS_LOGS.exec(path.replaceAll('\\', '/'))?.[1] ?? null;
}
