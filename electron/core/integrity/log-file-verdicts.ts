import { firstIndex } from '../../../shared/first-index.ts';
import type {
  DigestListingInput,
  IntegrityFileResult,
  IntegrityStatus,
  LogFileInput,
} from '../../../shared/model/integrity.ts';
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

/**
 * What judging a log file needs of a digest that lists it, once the digest is judged: a case's
 * digests are then judged a trail at a time, and these facts wait in a temp table beside the
 * listings (`case-log-files.ts`) rather than the digests in memory.
 */
export interface DigestFacts {
  status: IntegrityStatus;
  /** Its verdict in brief, for the files it lists: its first clause; the whole is on its own entry. */
  brief: string;
  /** Where it says CloudTrail wrote it, from `AWSLogs/` on. */
  selfKey: string;
}

export const factsOf = (d: DigestEntry): DigestFacts => ({
  status: d.status!,
  brief: `${d.status}: ${d.reason.split('; ')[0]}`,
  selfKey: d.selfKey,
});

/**
 * One key's present log files and the digests that list it: what judging a file needs, so that
 * a case is judged key by key without holding all of its files (`case-log-files.ts`).
 */
export interface KeyGroup {
  /** From `AWSLogs/` on (`awsLogsKey`). */
  key: string;
  logs: GroupLog[];
  /** In the digests' order, then theirs. */
  listings: GroupListing[];
}

/** A present file of the key: its key, not where it was found, is what it is judged by. */
export interface GroupLog extends Omit<LogFileInput, 's3_key'> {
  /** When no digest lists this key: an absent file listed with this file's content (renamed or moved). */
  moved_from?: { key: string; digest: DigestFacts } | null;
}

export interface GroupListing {
  digest: DigestFacts;
  /** Lower case. */
  hash: string;
  /** When no file of this key is present: a present file with the listed content (renamed or moved). */
  copy_path: string | null;
}

const isTrusted = (l: GroupListing) => l.digest.status === 'valid';

/**
 * Each present log file against the digests that list it: the first gzip member's SHA-256
 * must match a verified listing, and nothing may follow that member. Listings by digests
 * that are not verified can only make a file unverifiable, or show that it and the digest
 * disagree. Files listed and absent are missing; files present and listed nowhere are
 * unlisted, with where their time falls in the chain. Judged key by key, once the digests are.
 */
export class LogFileJudge {
  constructor(private readonly coverage: Map<string, TrailCoverage[]>) {}

  /** The verdicts of one key: one per present file, or the missing file's when none is. */
  judge(group: KeyGroup): IntegrityFileResult[] {
    const listed = group.listings;
    if (group.logs.length === 0) return listed.length > 0 ? [missingResult(group.key, listed)] : [];
    return group.logs.map((log) => {
      if (listed.length > 0) return logResult(group.key, log, judgeListed(log, listed));
      const movedFrom = log.moved_from ?? null;
      return logResult(group.key, log, {
        status: 'unlisted',
        reason: unlistedReason(group.key, movedFrom, this.coverage),
        checked_against: movedFrom?.digest.selfKey ?? null,
      });
    });
  }
}

/**
 * The key groups of log files and listings held in memory (`validate`): what the case's SQL
 * makes of its tables (`case-log-files.ts`). Listings by digests not in `digests` are
 * left out. Where several files could say "renamed or moved", the first by key, or by path, is named.
 */
export function keyGroups(
  logs: LogFileInput[],
  listingRows: DigestListingInput[],
  digests: Map<number, DigestFacts>,
): KeyGroup[] {
  const groups = new Map<string, KeyGroup>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, logs: [], listings: [] }));
    return group;
  };
  for (const row of listingRows) {
    const digest = digests.get(row.digest_source_id);
    if (!digest) continue;
    groupOf(awsLogsKey(row.s3_object)).listings.push({ digest, hash: row.hash_value.toLowerCase(), copy_path: null });
  }
  const listedKeys = new Set(groups.keys());
  for (const log of logs) groupOf(awsLogsKey(log.s3_key)).logs.push(log);
  const absent = [...groups.values()].filter((g) => g.logs.length === 0);
  if (absent.length > 0) renamedOrMoved([...groups.values()], absent, listedKeys);
  return [...groups.values()];
}

/**
 * A file listed under one name and present under another was renamed: each side says so. The
 * absent file named is the first by key, the present one the first by path, as in SQL (which
 * orders by bytes, JS by UTF-16 units: the same but for characters past U+FFFF).
 */
function renamedOrMoved(groups: KeyGroup[], absent: KeyGroup[], listedKeys: Set<string>): void {
  const absentByHash = new Map<string, { key: string; digest: DigestFacts }>();
  for (const g of absent) {
    for (const l of g.listings) {
      const named = absentByHash.get(l.hash);
      if (!named || compare(g.key, named.key) < 0) absentByHash.set(l.hash, { key: g.key, digest: l.digest });
    }
  }
  const presentByHash = new Map<string, string>();
  for (const g of groups) {
    g.logs = g.logs.map((log) => {
      const sha = log.sha256?.toLowerCase();
      if (!sha) return log;
      const named = presentByHash.get(sha);
      if (named === undefined || compare(log.path, named) < 0) presentByHash.set(sha, log.path);
      const moved = listedKeys.has(g.key) ? undefined : absentByHash.get(sha);
      return moved ? { ...log, moved_from: moved } : log;
    });
  }
  for (const g of absent) for (const l of g.listings) l.copy_path = presentByHash.get(l.hash) ?? null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function missingResult(key: string, listed: GroupListing[]): IntegrityFileResult {
  const listing = listed.find(isTrusted) ?? listed[0]!;
  const copyNote = listing.copy_path
    ? `; a file with this content is in the case at ${listing.copy_path}: renamed or moved`
    : '';
  const digestNote = isTrusted(listing) ? 'verified digest' : `digest (${listing.digest.status}: see that file)`;
  return logResult(key, null, {
    status: 'missing',
    reason: `listed in ${digestNote} ${listing.digest.selfKey}, and not in the case: deleted, or not copied${copyNote}`,
    checked_against: listing.digest.selfKey,
  });
}

type Verdict = Pick<IntegrityFileResult, 'status' | 'reason' | 'checked_against'>;

// Built field by field: spreading objects cost five times as much over 100,000 files.
function logResult(key: string, log: GroupLog | null, judged: Verdict): IntegrityFileResult {
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

function judgeListed(log: GroupLog, listed: GroupListing[]): Verdict {
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
      reason: `its SHA-256 matches the one in digest ${match.digest.selfKey}, but that digest is not verified (${match.digest.brief})`,
      checked_against: match.digest.selfKey,
    };
  }
  const unverified = listed.find((l) => l.digest.status !== 'invalid');
  if (unverified) {
    return {
      status: 'invalid',
      reason: `its SHA-256 is ${sha256}, but digest ${unverified.digest.selfKey} records ${unverified.hash}; that digest's own signature could not be checked (${unverified.digest.brief}), so the log file or the digest was changed`,
      checked_against: unverified.digest.selfKey,
    };
  }
  return {
    status: 'unverifiable',
    reason: `listed only by ${first.digest.selfKey}, which is ${first.digest.brief}, so its listing proves nothing either way`,
    checked_against: first.digest.selfKey,
  };
}

/** Where an unlisted file's time falls: a gap, before or after the chain, or inside it (planted). */
function unlistedReason(
  key: string,
  movedFrom: { key: string; digest: DigestFacts } | null,
  coverage: Map<string, TrailCoverage[]>,
): string {
  if (movedFrom) {
    return `listed in no digest under this name, but its content is that of ${movedFrom.key}, listed in ${movedFrom.digest.selfKey}: the file was renamed or moved`;
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
