import { firstIndex } from '../../../shared/first-index.ts';
import type { DigestListingInput, IntegrityFileResult, LogFileInput } from '../../../shared/model/integrity.ts';

import type { DigestEntry } from './digest-entry.ts';
import { awsLogsKey, parseLogFileKey } from './object-keys.ts';
import { formatUtc, HOUR_MS } from './utc-time.ts';

/** The time one trail's digests cover in an account and region, and the holes in it. */
export interface TrailCoverage {
  trail: string;
  fromMs: number;
  toMs: number;
  gaps: { fromMs: number; toMs: number }[];
}

interface Listing {
  hash: string;
  digest: DigestEntry;
}

const isTrusted = (l: Listing) => l.digest.status === 'valid';

/** A digest's verdict in brief, for the files it lists: its first clause; the whole is on its own entry. */
const inBrief = (d: DigestEntry) => `${d.status}: ${d.reason.split('; ')[0]}`;

/**
 * Each present log file against the digests that list it: the first gzip member's SHA-256
 * must match a verified listing, and nothing may follow that member. Listings by digests
 * that are not verified can only make a file unverifiable, or show that it and the digest
 * disagree. Files listed and absent are missing; files present and listed nowhere are
 * unlisted, with where their time falls in the chain.
 */
export function judgeLogFiles(
  logs: LogFileInput[],
  listingRows: DigestListingInput[],
  digestsBySource: Map<number, DigestEntry>,
  coverage: Map<string, TrailCoverage[]>,
): IntegrityFileResult[] {
  const listings = new Map<string, Listing[]>();
  for (const row of listingRows) {
    const digest = digestsBySource.get(row.digest_source_id);
    if (!digest) continue;
    const key = awsLogsKey(row.s3_object);
    const listing = { hash: row.hash_value.toLowerCase(), digest };
    const list = listings.get(key);
    if (list) list.push(listing);
    else listings.set(key, [listing]);
  }
  const keys = logs.map((log) => awsLogsKey(log.s3_key));
  const presentKeys = new Set(keys);
  const absent = [...listings].filter(([key]) => !presentKeys.has(key));
  // A file listed under one name and present under another was renamed: each side says so.
  const absentByHash = new Map<string, { key: string; listing: Listing }>();
  for (const [key, list] of absent) for (const listing of list) absentByHash.set(listing.hash, { key, listing });
  const presentByHash = new Map<string, LogFileInput>();
  if (absent.length > 0) for (const log of logs) if (log.sha256) presentByHash.set(log.sha256.toLowerCase(), log);

  const results: IntegrityFileResult[] = logs.map((log, i) => {
    const key = keys[i]!;
    const listed = listings.get(key);
    if (listed) return logResult(key, log, judgeListed(log, listed));
    const movedFrom = log.sha256 ? absentByHash.get(log.sha256.toLowerCase()) : undefined;
    return logResult(key, log, {
      status: 'unlisted',
      reason: unlistedReason(key, movedFrom, coverage),
      checked_against: movedFrom?.listing.digest.selfKey ?? null,
    });
  });
  for (const [key, list] of absent) {
    const listing = list.find(isTrusted) ?? list[0]!;
    const copy = presentByHash.get(listing.hash);
    const copyNote = copy ? `; a file with this content is in the case at ${copy.path}: renamed or moved` : '';
    const digestNote = isTrusted(listing) ? 'verified digest' : `digest (${listing.digest.status}: see that file)`;
    results.push(
      logResult(key, null, {
        status: 'missing',
        reason: `listed in ${digestNote} ${listing.digest.selfKey}, and not in the case: deleted, or not copied${copyNote}`,
        checked_against: listing.digest.selfKey,
      }),
    );
  }
  return results;
}

type Verdict = Pick<IntegrityFileResult, 'status' | 'reason' | 'checked_against'>;

// Built field by field: spreading objects cost five times as much over 100,000 files.
function logResult(key: string, log: LogFileInput | null, judged: Verdict): IntegrityFileResult {
  const info = parseLogFileKey(key);
  return {
    kind: 'log',
    s3_object: key,
    path: log?.path ?? null,
    source_id: log?.source_id ?? null,
    status: judged.status,
    reason: judged.reason,
    account: info?.account ?? null,
    region: info?.region ?? null,
    trail: null,
    time: info ? formatUtc(info.timeMs) : null,
    checked_against: judged.checked_against,
  };
}

function judgeListed(log: LogFileInput, listed: Listing[]): Verdict {
  const sha256 = log.sha256?.toLowerCase() ?? null;
  const first = listed.find(isTrusted) ?? listed[0]!;
  if (sha256 === null) {
    return {
      status: 'invalid',
      reason: `it could not be read (${log.problem ?? 'no content'}), so its content cannot match the SHA-256 listed in ${first.digest.selfKey}`,
      checked_against: first.digest.selfKey,
    };
  }
  const trailing =
    log.bytes_after_first_member > 0
      ? `${log.bytes_after_first_member} stored byte(s) follow its first gzip member; CloudTrail writes each log file as a single member, so they were added after delivery`
      : null;
  const trusted = listed.filter(isTrusted);
  if (trusted.length > 0) {
    const match = trusted.find((l) => l.hash === sha256);
    if (match && !trailing)
      return {
        status: 'valid',
        reason: `its SHA-256 matches the one in verified digest ${match.digest.selfKey}`,
        checked_against: match.digest.selfKey,
      };
    if (match)
      return {
        status: 'invalid',
        reason: `${trailing}; its first member matches the SHA-256 in verified digest ${match.digest.selfKey}`,
        checked_against: match.digest.selfKey,
      };
    const l = trusted[0]!;
    const changed = `its SHA-256 is ${sha256}, but verified digest ${l.digest.selfKey} records ${l.hash}: the file was changed after delivery`;
    return {
      status: 'invalid',
      reason: trailing ? `${changed}; ${trailing}` : changed,
      checked_against: l.digest.selfKey,
    };
  }
  const match = listed.find((l) => l.hash === sha256);
  if (trailing) return { status: 'invalid', reason: trailing, checked_against: (match ?? first).digest.selfKey };
  if (match) {
    return {
      status: 'unverifiable',
      reason: `its SHA-256 matches the one in digest ${match.digest.selfKey}, but that digest is not verified (${inBrief(match.digest)})`,
      checked_against: match.digest.selfKey,
    };
  }
  const unverified = listed.find((l) => l.digest.status !== 'invalid');
  if (unverified) {
    return {
      status: 'invalid',
      reason: `its SHA-256 is ${sha256}, but digest ${unverified.digest.selfKey} records ${unverified.hash}; that digest's own signature could not be checked (${inBrief(unverified.digest)}), so the log file or the digest was changed`,
      checked_against: unverified.digest.selfKey,
    };
  }
  return {
    status: 'unverifiable',
    reason: `listed only by ${first.digest.selfKey}, which is ${inBrief(first.digest)}, so its listing proves nothing either way`,
    checked_against: first.digest.selfKey,
  };
}

/** Where an unlisted file's time falls: a gap, before or after the chain, or inside it (planted). */
function unlistedReason(
  key: string,
  movedFrom: { key: string; listing: Listing } | undefined,
  coverage: Map<string, TrailCoverage[]>,
): string {
  if (movedFrom) {
    return `listed in no digest under this name, but its content is that of ${movedFrom.key}, listed in ${movedFrom.listing.digest.selfKey}: the file was renamed or moved`;
  }
  const info = parseLogFileKey(key);
  if (!info) return 'listed in no digest in the case, and its name is not a CloudTrail log file name';
  const trails = coverage.get(`${info.account}|${info.region}`) ?? [];
  if (trails.length === 0)
    return `listed in no digest in the case: no digest of account ${info.account}, region ${info.region} is in the case`;
  const at = info.timeMs;
  const when = `its name says it was written at ${formatUtc(at)}`;
  // A file is listed by the digest whose hour it was delivered in, which may be the hour after its name's time.
  for (const t of trails) {
    const gap = t.gaps[firstEndingAfter(t.gaps, at)];
    if (gap && gap.fromMs - HOUR_MS <= at)
      return `listed in no digest in the case; ${when}, ${at >= gap.fromMs ? 'in' : 'just before'} the gap of trail ${t.trail} from ${formatUtc(gap.fromMs)} to ${formatUtc(gap.toMs)}, whose digests are not in the case`;
  }
  if (trails.every((t) => at < t.fromMs))
    return `listed in no digest in the case; ${when}, before the oldest digest of this account and region in the case (${formatUtc(trails.reduce((min, t) => Math.min(min, t.fromMs), Number.POSITIVE_INFINITY))})`;
  if (trails.some((t) => at >= t.toMs - HOUR_MS))
    return `listed in no digest in the case; ${when}, at or after the end of the newest digest (${formatUtc(trails.reduce((max, t) => Math.max(max, t.toMs), Number.NEGATIVE_INFINITY))}); the digest that lists it is not in the case`;
  return `listed in no digest, although the digests of trail ${trails.map((t) => t.trail).join(', ')} cover ${formatUtc(at)} without a gap: CloudTrail did not deliver it there (planted, or written by a trail whose digests are not in the case)`;
}

/**
 * Where the first of a trail's gaps (in time order, apart) ends after `ms`: the only one that
 * can hold it. A binary search: a case may hold 100,000 forged digests apart and as many files.
 */
function firstEndingAfter(gaps: TrailCoverage['gaps'], ms: number): number {
  return firstIndex(gaps.length, (i) => gaps[i]!.toMs > ms);
}
