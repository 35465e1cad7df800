import type {
  DigestInput,
  IntegrityFileResult,
  IntegrityGap,
  IntegrityInput,
  IntegrityResult,
  IntegrityTrail,
  PublicKeyInput,
} from '../../../shared/model/integrity.ts';
import { chainGaps, coveredFromMs } from './chain-gaps.ts';
import { type DigestEntry, digestEntry, type ReadableDigest } from './digest-entry.ts';
import { judgeDigests, type SignatureTally } from './digest-verdicts.ts';
import { integritySummary, statusCounts } from './integrity-summary.ts';
import { Keyring } from './keyring.ts';
import { keyGroups, LogFileJudge, type TrailCoverage } from './log-file-verdicts.ts';
import { type DigestKeyInfo, trailId } from './object-keys.ts';
import { formatUtc } from './utc-time.ts';

export interface TrailValidation {
  trail: IntegrityTrail;
  gaps: IntegrityGap[];
  /** Digests named by the chain and not in the case. */
  missing: IntegrityFileResult[];
  coverage: TrailCoverage | null;
  notes: string[];
}

/**
 * Validates one trail's digests (one account, region, trail and home region): sets each
 * entry's status and reason, and returns the gaps, the missing digests and what the chain
 * covers.
 */
export function validateTrail(
  identity: DigestKeyInfo,
  entries: DigestEntry[],
  keyring: Keyring,
  tally: SignatureTally,
): TrailValidation {
  judgeDigests(entries, keyring, tally);
  const chain = chainGaps(identity, entries);
  const hourly = entries.filter((e): e is ReadableDigest => e.readable !== null && !e.info?.backfill);
  const fromMs = hourly.length > 0 ? hourly.reduce((min, e) => Math.min(min, coveredFromMs(e)), Infinity) : null;
  const toMs = hourly.length > 0 ? hourly.reduce((max, e) => Math.max(max, e.readable.endMs), -Infinity) : null;
  const label = `Trail ${identity.trail} (account ${identity.account}, region ${identity.region})`;
  const notes: string[] = [];
  if (chain.before && fromMs !== null) {
    notes.push(
      `${label}: the oldest digest in the case names an earlier one, ${chain.before}, that is not in the case; the chain is checked from ${formatUtc(fromMs)} on, and log files delivered before that are not covered.`,
    );
  }
  const newest = entries.filter((e) => e.readable && !e.info?.backfill && e.readable.endMs === toMs);
  if (newest.length > 0 && newest.every((e) => e.status === 'unverifiable')) {
    notes.push(
      `${label}: the newest digest in the case (${newest[0]!.selfKey}) is not verified: ${newest[0]!.reason}. Log files only it lists are unverifiable.`,
    );
  }
  const oldest = hourly.find((e) => coveredFromMs(e) === fromMs);
  return {
    trail: {
      org_id: identity.orgId,
      account: identity.account,
      region: identity.region,
      trail: identity.trail,
      home_region: identity.homeRegion,
      digests: entries.length,
      from: fromMs === null ? null : formatUtc(fromMs),
      to: toMs === null ? null : formatUtc(toMs),
      gaps: chain.gaps.length,
      starts_chain: oldest !== undefined && oldest.previousKey === null,
    },
    gaps: chain.gaps,
    missing: chain.missing,
    coverage: fromMs === null || toMs === null ? null : { trail: identity.trail, fromMs, toMs, gaps: chain.ranges },
    notes,
  };
}

/** The digests of a case judged, and what judging its log files needs from them. */
export interface DigestValidation {
  /** The digests' verdicts, and the missing digests'. */
  files: IntegrityFileResult[];
  gaps: IntegrityGap[];
  trails: IntegrityTrail[];
  notes: string[];
  keyring: Keyring;
  tally: SignatureTally;
  judge: LogFileJudge;
}

/**
 * Validates every digest of a case, offline: per trail, digests in time order, their
 * signatures, the hash and signature chain and its continuity. The log files are judged
 * after, key by key, by the judge it returns.
 */
export function validateDigests(digests: DigestInput[], keys: PublicKeyInput[]): DigestValidation {
  const keyring = new Keyring(keys);
  const tally: SignatureTally = { verified: 0, failed: 0, not_checked: 0, byKey: new Map() };
  const entries = digests.map(digestEntry);
  const byTrail = new Map<string, { identity: DigestKeyInfo; entries: DigestEntry[] }>();
  for (const e of entries) {
    if (!e.info) {
      e.status = 'invalid';
      e.reason =
        e.input.problem ??
        'neither where it was found nor the key it records is a CloudTrail digest name (ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ.json.gz under AWSLogs/ACCOUNT/CloudTrail-Digest/REGION/Y/M/D/)';
      continue;
    }
    const id = trailId(e.info);
    const group = byTrail.get(id) ?? { identity: e.info, entries: [] };
    group.entries.push(e);
    byTrail.set(id, group);
  }

  const trails: IntegrityTrail[] = [];
  const gaps: IntegrityGap[] = [];
  const missing: IntegrityFileResult[] = [];
  const notes: string[] = [];
  const coverage = new Map<string, TrailCoverage[]>();
  for (const { identity, entries: group } of [...byTrail.values()].sort((a, b) =>
    trailId(a.identity).localeCompare(trailId(b.identity)),
  )) {
    const checked = validateTrail(identity, group, keyring, tally);
    trails.push(checked.trail);
    // Loops, not push(...): a forged case's 200,000 gaps as arguments overflowed the stack.
    for (const gap of checked.gaps) gaps.push(gap);
    for (const key of checked.missing) missing.push(key);
    for (const note of checked.notes) notes.push(note);
    if (checked.coverage) {
      const where = `${identity.account}|${identity.region}`;
      coverage.set(where, [...(coverage.get(where) ?? []), checked.coverage]);
    }
  }

  const digestFiles: IntegrityFileResult[] = entries.map((e) => ({
    kind: 'digest',
    s3_object: e.foundKey,
    path: e.input.path,
    source_id: e.input.source_id,
    status: e.status!,
    reason: e.reason,
    account: e.info?.account ?? null,
    region: e.info?.region ?? null,
    trail: e.info?.trail ?? null,
    time: e.readable ? formatUtc(e.readable.endMs) : e.info ? formatUtc(e.info.endMs) : null,
    checked_against: e.checkedAgainst,
  }));
  const judge = new LogFileJudge(new Map(entries.map((e) => [e.input.source_id, e])), coverage);
  return { files: [...digestFiles, ...missing], gaps, trails, notes, keyring, tally, judge };
}

/**
 * Validates every digest and log file of a case, offline and from memory alone: the digests
 * (`validateDigests`), then each log file against the digests that list it. Pure: same input,
 * same result. A case is verified the same way without holding its log files (`verify-case.ts`).
 */
export function validate(input: IntegrityInput): IntegrityResult {
  const digests = validateDigests(input.digests, input.keys);
  const files = [...digests.files];
  for (const group of keyGroups(input.log_files, input.listings, digests.judge.digests)) {
    for (const verdict of digests.judge.judge(group)) files.push(verdict);
  }
  files.sort(byKindAndKey);
  const { gaps, trails, notes, keyring, tally } = digests;
  const counts = { digests: statusCounts(files, 'digest'), log_files: statusCounts(files, 'log') };
  return { files, gaps, trails, summary: integritySummary(counts, gaps, trails, notes, keyring, tally) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Digests first, then log files, each by key: keys sort by account, region and date. */
function byKindAndKey(a: IntegrityFileResult, b: IntegrityFileResult): number {
  if (a.kind !== b.kind) return a.kind === 'digest' ? -1 : 1;
  return compare(a.s3_object, b.s3_object) || compare(a.path ?? '', b.path ?? '');
}
