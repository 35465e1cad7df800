import type { DetectProgress } from '../../../shared/model/detection.ts';
import type { QueuedProgress } from '../../../shared/model/job.ts';
import { count, plural } from '../../components/numbers.ts';

/** A run's snapshot in words: "rule 12 of 130 (iam-user-created), 4 hits so far". */
export function runProgressText(progress: DetectProgress | QueuedProgress | null, cancelling: boolean): string {
  if (cancelling) return 'Cancelling…';
  if (!progress) return 'Starting…';
  if (progress.kind === 'queued')
    return `Waiting behind the ${progress.behindLabel}: detections read the case once that is written.`;
  const found = `${plural(progress.hits, 'hit', 'hits')} so far`;
  if (progress.rule === null) return `Storing the results of ${plural(progress.total, 'rule', 'rules')} (${found})…`;
  return `Rule ${count(progress.done + 1)} of ${count(progress.total)} (${progress.rule}), ${found}…`;
}

/** How far along, for the bar; a queued run has not begun. */
export const runFraction = (progress: DetectProgress | QueuedProgress | null) =>
  progress && progress.kind === 'detect' && progress.total > 0 ? progress.done / progress.total : 0;
