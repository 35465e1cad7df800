import type { CommitStep, IngestProgress, IngestSummary } from './model/ingest.ts';

const number = (n: number) => Math.round(n).toLocaleString('en-US');
/** "1 file", "2 files": a count with its noun, singular or plural. */
export const counted = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;

/** What an ingest added: the same words on every face. */
export function ingestCounts(s: IngestSummary): string {
  const parts = [
    `${counted(s.files, 'file', 'files')} read`,
    `${counted(s.events_added, 'event', 'events')} added`,
    `${counted(s.duplicates, 'duplicate delivery', 'duplicate deliveries')} linked`,
    `${counted(s.rejected, 'record', 'records')} not loaded`,
  ];
  if (s.conflicts > 0) parts.push(`${counted(s.conflicts, 'conflicting delivery', 'conflicting deliveries')} recorded`);
  if (s.unchanged > 0) parts.push(`${counted(s.unchanged, 'file', 'files')} already in the case`);
  return parts.join(', ');
}

/**
 * After a cancel: what stayed and what did not, and why. Batches are committed whole or not
 * at all, so what was read after the last commit (and a commit the cancel interrupted) is
 * discarded whole, and running the same ingest again adds exactly that.
 */
export function cancelledWords(s: IngestSummary): string {
  const discarded = s.discarded
    ? ` ${counted(s.discarded.files, 'file', 'files')} (${counted(s.discarded.records, 'record', 'records')}) read after the last commit ${s.discarded.files === 1 ? 'was' : 'were'} discarded whole.`
    : '';
  if (s.batches === 0)
    return `Cancelled: nothing was kept. Records are committed in batches, each whole or not at all, and no batch had finished committing when the ingest stopped.${discarded} Running the same ingest again loads everything.`;
  return `Cancelled: ${counted(s.batches, 'batch', 'batches')} committed before the cancel ${s.batches === 1 ? 'was' : 'were'} kept: ${ingestCounts(s)}.${discarded} Running the same ingest again adds the rest.`;
}

const COMMIT_STEPS: Record<CommitStep, string> = {
  events: 'storing its events',
  checking: 'checking its deliveries',
  writing: 'writing it to disk',
};

/** The commit under way, if any: "batch 3 of 5 (48,000 records): writing it to disk". */
export function commitWords(p: IngestProgress): string | null {
  if (!p.committing) return null;
  const { batch, records, step } = p.committing;
  const of = p.batchesTotal !== null ? ` of ${number(p.batchesTotal)}` : '';
  return `batch ${number(batch)}${of} (${counted(records, 'record', 'records')}): ${COMMIT_STEPS[step]}`;
}
