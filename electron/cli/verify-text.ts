import {
  type EventIntegrityCounts,
  type IntegrityFileResult,
  type IntegrityGap,
  type IntegrityRun,
  type IntegrityStatusCounts,
  type IntegritySummary,
  integrityStatuses,
  type PublicKeyImport,
} from '../../shared/model/integrity.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';

/** What `trailscope verify` prints without --json, gathered through the API. */
export interface VerifyReport {
  casePath: string;
  run: IntegrityRun;
  keysImported: PublicKeyImport | null;
  events: Omit<EventIntegrityCounts, 'run_id'>;
  allValid: boolean;
  /** The first invalid and missing files, worst first. */
  worst: IntegrityFileResult[];
  /** The gaps shown after them. */
  gaps: IntegrityGap[];
  /** Then the first unlisted and unverifiable files. */
  rest: IntegrityFileResult[];
  /** Problems in all: files that are not valid, and gaps. */
  problems: number;
}

/** Kinds of reason for unchecked signatures shown before they are summed up as "other". */
const SHOWN_REASONS = 5;
/** Trails the text lists, one line each: forged digests may name 200,000. */
const TRAILS_SHOWN = 100;
const HOUR_MS = 3_600_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const label = (name: string) => `  ${name.padEnd(12)}`;

function statusCounts(counts: IntegrityStatusCounts): string {
  return (
    integrityStatuses
      .filter((s) => counts[s] > 0)
      .map((s) => `${counts[s].toLocaleString('en-US')} ${s}`)
      .join(', ') || 'none'
  );
}

/** The summary a person reads first, then every problem, worst first (up to a cap). */
export function verifyText(r: VerifyReport): string {
  const { run } = r;
  const s = run.summary;
  const lines = [
    `Integrity of ${oneLineVisibleText(r.casePath)}: run ${run.run_id} at ${run.ran_at} (Trailscope ${oneLineVisibleText(run.trailscope_version)})`,
    r.allValid
      ? 'Every digest and log file in the case is valid, and no digest chain has a gap.'
      : r.problems > 0
        ? `Not everything checks: ${plural(r.problems, 'problem')}, listed below worst first.`
        : 'Nothing was verified: the case holds no CloudTrail digest or trail log file.',
    `Checked ${plural(run.inputs.digests, 'digest file')} (${plural(run.trails_total, 'trail')}) listing ${plural(run.inputs.listings, 'log file')}, ` +
      `against ${plural(run.inputs.log_files, 'trail log file')} in the case, with ${plural(run.inputs.signatures, 'saved head-object output')} and ${plural(run.inputs.keys, 'public key')}.`,
    '',
    `${label('digests')}${statusCounts(s.digests)}`,
    `${label('log files')}${statusCounts(s.log_files)}`,
    `${label('signatures')}${s.signatures.verified} verified, ${s.signatures.failed} failed, ${s.signatures.not_checked} not checked`,
    ...uncheckedReasons(s.unchecked),
    ...keyLines(r),
    `${label('gaps')}${s.gaps === 0 ? 'none' : `${s.gaps}, ${plural(s.gap_hours, 'hour')} in all without a digest`}`,
    `${label('events')}${r.events.verified.toLocaleString('en-US')} from a verified file, ${r.events['invalid-only'].toLocaleString('en-US')} only from invalid files, ${r.events.unverified.toLocaleString('en-US')} unverified`,
    ...run.trails
      .slice(0, TRAILS_SHOWN)
      .map(
        (t, i) =>
          `${label(i === 0 ? 'trails' : '')}${oneLineVisibleText(t.trail)} (account ${t.account}, region ${t.region}): ${plural(t.digests, 'digest')}, ${t.from ?? '?'} to ${t.to ?? '?'}, ${plural(t.gaps, 'gap')}`,
      ),
    ...(run.trails_total > TRAILS_SHOWN
      ? [`${label('')}and ${plural(run.trails_total - TRAILS_SHOWN, 'more trail')}: --json lists them all`]
      : []),
    '',
    'What was and was not verified:',
    ...s.notes.map((note) => `  - ${oneLineVisibleText(note)}`),
    ...problemLines(r),
  ];
  return `${lines.join('\n')}\n`;
}

/** Why signatures went unchecked, most frequent first, as the run counted them. */
function uncheckedReasons(unchecked: IntegritySummary['unchecked']): string[] {
  if (!unchecked) return [];
  const ranked = unchecked.reasons.map((r) => [r.reason, r.digests] as const);
  const others = ranked.slice(SHOWN_REASONS).reduce((sum, [, n]) => sum + n, unchecked.other_digests);
  return [
    ...ranked
      .slice(0, SHOWN_REASONS)
      .map(([reason, n]) => `${label('')}  ${plural(n, 'digest')}: ${oneLineVisibleText(reason)}`),
    ...(others > 0 ? [`${label('')}  ${plural(others, 'digest')} for other reasons (see each digest's reason)`] : []),
  ];
}

/** The keys this run was offered (every key the case holds), what each verified, and this invocation's import. */
function keyLines(r: VerifyReport): string[] {
  const { summary, keys } = r.run;
  const lines: string[] = [];
  const imported = r.keysImported;
  if (imported) {
    const refused = imported.rejected
      .map((k) => `; refused ${oneLineVisibleText(k.fingerprint)}: ${oneLineVisibleText(k.reason)}`)
      .join('');
    lines.push(
      `${label('keys given')}${oneLineVisibleText(imported.origin)}: ${imported.added.length} added to the case, ${imported.already_held.length} already held${refused}`,
    );
  }
  if (keys.length === 0)
    return [
      ...lines,
      `${label('keys')}none: no signature can be checked (give --keys FILE, the output of aws cloudtrail list-public-keys)`,
    ];
  keys.forEach((k, i) => {
    const verified = summary.keys.find((u) => u.fingerprint === k.fingerprint)?.verified ?? 0;
    const rejected = summary.rejected_keys.find((j) => j.fingerprint === k.fingerprint);
    const outcome = rejected
      ? `not used: ${oneLineVisibleText(rejected.reason)}`
      : `verified ${plural(verified, 'digest')}`;
    const origin = k.origin === null ? '' : ` from ${oneLineVisibleText(k.origin)}`;
    lines.push(
      `${label(i === 0 ? 'keys' : '')}${k.fingerprint}${origin}, valid ${k.valid_from ?? 'any time'} to ${k.valid_to ?? 'now'}: ${outcome}`,
    );
  });
  return lines;
}

function fileLine(f: IntegrityFileResult): string {
  return `  ${f.status.padEnd(12)}  ${f.kind.padEnd(6)}  ${oneLineVisibleText(f.s3_object)}: ${oneLineVisibleText(f.reason)}`;
}

function gapLine(g: IntegrityGap): string {
  const hours = Math.max(1, Math.round((Date.parse(g.to) - Date.parse(g.from)) / HOUR_MS));
  const where = `trail ${oneLineVisibleText(g.trail)} (account ${oneLineVisibleText(g.account)}, region ${oneLineVisibleText(g.region)})`;
  return `  ${'gap'.padEnd(12)}  ${''.padEnd(6)}  ${where} from ${g.from} to ${g.to} (${plural(hours, 'hour')}): ${oneLineVisibleText(g.reason)}`;
}

function problemLines(r: VerifyReport): string[] {
  if (r.problems === 0) return [];
  const shown = [...r.worst.map(fileLine), ...r.gaps.map(gapLine), ...r.rest.map(fileLine)];
  const more = r.problems - shown.length;
  return [
    '',
    `Problems, worst first (${r.problems.toLocaleString('en-US')}):`,
    ...shown,
    ...(more > 0 ? [`  …and ${more.toLocaleString('en-US')} more; --json gives all`] : []),
  ];
}
