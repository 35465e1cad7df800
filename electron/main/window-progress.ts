import type { BrowserWindow } from 'electron';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import type { QueuedProgress } from '../../shared/model/job.ts';

/** What of a window shows a job the shell started: its title, and the bar on its taskbar or dock icon. */
export type ProgressWindow = Pick<BrowserWindow, 'setTitle' | 'setProgressBar'>;

/** Electron draws a bar above 1 as indeterminate (where the platform can). */
const INDETERMINATE = 2;

/**
 * An ingest the shell started itself (the demo case, a new case from archives), on the
 * window: the page follows only the jobs it started, so the title says what is under way
 * and the taskbar how far it is.
 */
export function showIngestProgress(
  window: ProgressWindow,
  title: string,
  what: string,
  progress: IngestProgress | QueuedProgress,
): void {
  if (progress.kind === 'queued') {
    window.setProgressBar(INDETERMINATE);
    window.setTitle(`${title} — ${what}: waiting behind the ${progress.behindLabel}`);
    return;
  }
  window.setProgressBar(progress.bytesTotal > 0 ? progress.fraction : INDETERMINATE);
  const n = (value: number) => value.toLocaleString('en-US');
  window.setTitle(
    progress.phase === 'committing'
      ? `${title} — ${what}: every file read, ${n(progress.recordsCommitted)} of ${n(progress.records)} records committed`
      : `${title} — ${what}: ${n(progress.filesDone)} of ${n(progress.filesSeen)} files, ${n(progress.records)} records`,
  );
}

export function clearProgress(window: ProgressWindow, title: string): void {
  window.setProgressBar(-1);
  window.setTitle(title);
}
