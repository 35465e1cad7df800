import type { IntegrityFileResult, IntegrityGap } from '../../../shared/model/integrity.ts';
import type { DigestEntry, ReadableDigest } from './digest-entry.ts';
import { type DigestKeyInfo, parseDigestKey } from './object-keys.ts';
import { formatUtc, HOUR_MS, hoursIn } from './utc-time.ts';

export interface ChainGaps {
  gaps: IntegrityGap[];
  /** Gap ranges in ms, for placing log files that no digest lists. */
  ranges: { fromMs: number; toMs: number }[];
  /** Digests that a present digest names as its previous one and that are not in the case. */
  missing: IntegrityFileResult[];
  /** The digest the oldest one names, when it is not in the case: where the archive starts. */
  before: string | null;
}

/**
 * Where a judged digest's coverage starts. CloudTrail writes a digest for each hour; one that
 * says it covers more and is not proven by its signature is taken to cover its last hour only.
 * Otherwise one forged digest spanning a hole hid its gap (1970 to 2999 hid every gap, and the
 * log files in them read as planted), where it now leaves the hole a gap that names it.
 */
export function coveredFromMs(e: ReadableDigest): number {
  return e.status === 'valid' ? e.readable.startMs : Math.max(e.readable.startMs, e.readable.endMs - HOUR_MS);
}

/**
 * Continuity of one trail's hourly digests: each digest starts where the previous one ended,
 * and every hole is a gap with its time range, however many digests it swallowed, because
 * only the last digest in a hole is named by a surviving file. Backfill digests list late
 * log files and hold no place in the hourly sequence. Run after the digests are judged.
 */
export function chainGaps(trail: DigestKeyInfo, entries: DigestEntry[]): ChainGaps {
  const chain = entries
    .filter((e): e is ReadableDigest => e.readable !== null && !e.info?.backfill)
    .sort((a, b) => coveredFromMs(a) - coveredFromMs(b) || a.readable.endMs - b.readable.endMs);
  // A readable digest is where its content says; an unreadable one where it was found.
  const present = new Set(entries.map((e) => e.selfKey));
  const unreadable = new Set(entries.filter((e) => !e.readable).map((e) => e.selfKey));
  const gaps: IntegrityGap[] = [];
  const ranges: ChainGaps['ranges'] = [];
  let coveredTo: number | null = null;
  let previous: ReadableDigest | null = null;
  for (const e of chain) {
    const from = coveredFromMs(e);
    if (coveredTo !== null && previous && from > coveredTo) {
      gaps.push({
        account: trail.account,
        region: trail.region,
        trail: trail.trail,
        home_region: trail.homeRegion,
        from: formatUtc(coveredTo),
        to: formatUtc(from),
        reason: gapReason(coveredTo, e, previous, unreadable),
      });
      ranges.push({ fromMs: coveredTo, toMs: from });
    }
    if (coveredTo === null || e.readable.endMs > coveredTo) {
      coveredTo = e.readable.endMs;
      previous = e;
    }
  }
  const oldestStart = chain[0] ? coveredFromMs(chain[0]) : Infinity;
  const missing = new Map<string, IntegrityFileResult>();
  let before: string | null = null;
  for (const e of entries) {
    if (!e.previousKey || present.has(e.previousKey) || missing.has(e.previousKey)) continue;
    const named = parseDigestKey(e.previousKey);
    if (named && named.endMs <= oldestStart) {
      before = e.previousKey;
      continue;
    }
    missing.set(e.previousKey, {
      kind: 'digest',
      s3_object: e.previousKey,
      path: null,
      source_id: null,
      status: 'missing',
      reason: `named as the previous digest by ${e.selfKey}, and not in the case: deleted, or not copied`,
      account: named?.account ?? trail.account,
      region: named?.region ?? trail.region,
      trail: named?.trail ?? trail.trail,
      time: named ? formatUtc(named.endMs) : null,
      checked_against: e.selfKey,
    });
  }
  return { gaps, ranges, missing: [...missing.values()], before };
}

function gapReason(fromMs: number, next: ReadableDigest, previous: ReadableDigest, unreadable: Set<string>): string {
  const hours = hoursIn(fromMs, coveredFromMs(next));
  const span = hours === 1 ? 'this hour' : `these ${hours} hours`;
  if (coveredFromMs(next) > next.readable.startMs) {
    return `${next.selfKey} says it covers ${formatUtc(next.readable.startMs)} to ${formatUtc(next.readable.endMs)}, but CloudTrail writes a digest for each hour and its signature does not prove it (${next.status}): only its last hour is taken as covered, and no other digest covers ${span}`;
  }
  if (next.previousKey === null) {
    return `no digest covers ${span}, and none is missing from a chain: the digest starting at ${formatUtc(next.readable.startMs)} starts a new chain (its previous-digest fields are null), as CloudTrail does when logging or log file validation is turned back on; look for StopLogging, DeleteTrail or UpdateTrail events before ${formatUtc(fromMs)}`;
  }
  if (next.previousKey === previous.selfKey) {
    return `the digest starting at ${formatUtc(next.readable.startMs)} names ${previous.selfKey} as its previous digest, but that one ends at ${formatUtc(fromMs)}: CloudTrail wrote no digest for ${span}`;
  }
  if (unreadable.has(next.previousKey)) {
    return `the digest for the end of ${span}, ${next.previousKey}, is in the case but could not be read (see that file)`;
  }
  if (hours === 1)
    return `the digest for this hour, ${next.previousKey}, is not in the case: the next digest names it as its previous one; deleted, or not copied`;
  return `${hours} hourly digests are not in the case: the next digest names the last of them (${next.previousKey}); no file in the case names the others; deleted, or not copied`;
}
