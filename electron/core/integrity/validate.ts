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
import { integritySummary, type JudgedDigests, statusCounts } from './integrity-summary.ts';
import { Keyring } from './keyring.ts';
import { type DigestFacts, factsOf, keyGroups, LogFileJudge, type TrailCoverage } from './log-file-verdicts.ts';
import { byTrailId, type DigestKeyInfo, trailId } from './object-keys.ts';
import { UncheckedReasons } from './unchecked-reasons.ts';
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

/**
 * Notes a run's summary keeps: an organization's trails make a few hundred, forged digests one or
 * two for each of 200,000 trails (and forged head-object outputs one each), which every opening
 * of the run would read.
 */
const NOTES_KEPT = 500;

/**
 * The digests of a case judged a trail at a time (one account, region, trail and home region,
 * in `trailId` order), and what the run and the judging of the log files need from them. A
 * trail's chain is all that must be in memory at once: `verify-case.ts` reads a case's digests
 * trail by trail, `validateDigests` hands over a case held in memory.
 */
export class DigestValidation implements JudgedDigests {
  readonly keyring: Keyring;
  readonly tally: SignatureTally = { verified: 0, failed: 0, not_checked: 0, byKey: new Map() };
  readonly unchecked = new UncheckedReasons();
  readonly gaps: IntegrityGap[] = [];
  readonly trails: IntegrityTrail[] = [];
  /** What was and was not verified, trail by trail, then of the case (`note`). */
  readonly notes: string[] = [];
  notesLeftOut = 0;
  /** Each account and region's trails, for where an unlisted log file's time falls. */
  private readonly coverage = new Map<string, TrailCoverage[]>();

  constructor(keys: PublicKeyInput[]) {
    this.keyring = new Keyring(keys);
  }

  /** One trail's digests judged: their verdicts, then the missing digests'. */
  trail(identity: DigestKeyInfo, entries: DigestEntry[]): IntegrityFileResult[] {
    const checked = validateTrail(identity, entries, this.keyring, this.tally);
    this.trails.push(checked.trail);
    // Loops, not push(...): a forged case's 200,000 gaps as arguments overflowed the stack.
    for (const gap of checked.gaps) this.gaps.push(gap);
    for (const note of checked.notes) this.note(note);
    if (checked.coverage) {
      const where = `${identity.account}|${identity.region}`;
      const trails = this.coverage.get(where);
      if (trails) trails.push(checked.coverage);
      else this.coverage.set(where, [checked.coverage]);
    }
    const files = this.results(entries);
    for (const key of checked.missing) files.push(key);
    return files;
  }

  /** A sentence for the run's notes, while they are fewer than `NOTES_KEPT`; else counted. */
  note(text: string): void {
    if (this.notes.length < NOTES_KEPT) this.notes.push(text);
    else this.notesLeftOut++;
  }

  /** Digests of no trail: neither key is a digest's name. */
  unplaced(entries: DigestEntry[]): IntegrityFileResult[] {
    for (const e of entries) {
      e.status = 'invalid';
      e.reason =
        e.input.problem ??
        'neither where it was found nor the key it records is a CloudTrail digest name (ACCOUNT_CloudTrail-Digest_REGION_TRAIL_HOMEREGION_YYYYMMDDTHHMMSSZ.json.gz under AWSLogs/ACCOUNT/CloudTrail-Digest/REGION/Y/M/D/)';
    }
    return this.results(entries);
  }

  /** The judge of the log files, once every trail is judged. */
  logJudge(): LogFileJudge {
    return new LogFileJudge(this.coverage);
  }

  private results(entries: DigestEntry[]): IntegrityFileResult[] {
    return entries.map((e) => {
      if (e.status === 'invalid' || e.status === 'unverifiable') this.unchecked.add(e.reason);
      return digestResult(e);
    });
  }
}

function digestResult(e: DigestEntry): IntegrityFileResult {
  return {
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
  };
}

/** A case's digests, held in memory, judged: their verdicts, and each digest's facts for its listings. */
export function validateDigests(
  digests: DigestInput[],
  keys: PublicKeyInput[],
): { validation: DigestValidation; files: IntegrityFileResult[]; facts: Map<number, DigestFacts> } {
  const validation = new DigestValidation(keys);
  const entries = digests.map(digestEntry);
  const byTrail = new Map<string, { identity: DigestKeyInfo; entries: DigestEntry[] }>();
  const unplaced: DigestEntry[] = [];
  for (const e of entries) {
    if (!e.info) {
      unplaced.push(e);
      continue;
    }
    const id = trailId(e.info);
    const group = byTrail.get(id) ?? { identity: e.info, entries: [] };
    group.entries.push(e);
    byTrail.set(id, group);
  }
  const files = validation.unplaced(unplaced);
  for (const id of [...byTrail.keys()].sort(byTrailId)) {
    const { identity, entries: group } = byTrail.get(id)!;
    for (const file of validation.trail(identity, group)) files.push(file);
  }
  return { validation, files, facts: new Map(entries.map((e) => [e.input.source_id, factsOf(e)])) };
}

/**
 * Validates every digest and log file of a case, offline and from memory alone: the digests
 * (`validateDigests`), then each log file against the digests that list it. Pure: same input,
 * same result. A case is verified the same way without holding its log files (`verify-case.ts`).
 */
export function validate(input: IntegrityInput): IntegrityResult {
  const { validation, files, facts } = validateDigests(input.digests, input.keys);
  const judge = validation.logJudge();
  for (const group of keyGroups(input.log_files, input.listings, facts)) {
    for (const verdict of judge.judge(group)) files.push(verdict);
  }
  files.sort(byKindAndKey);
  const counts = { digests: statusCounts(files, 'digest'), log_files: statusCounts(files, 'log') };
  return { files, gaps: validation.gaps, trails: validation.trails, summary: integritySummary(counts, validation) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Digests first, then log files, each by key: keys sort by account, region and date. */
function byKindAndKey(a: IntegrityFileResult, b: IntegrityFileResult): number {
  if (a.kind !== b.kind) return a.kind === 'digest' ? -1 : 1;
  return compare(a.s3_object, b.s3_object) || compare(a.path ?? '', b.path ?? '');
}
