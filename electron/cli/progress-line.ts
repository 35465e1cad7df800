import { commitWords, counted } from '../../shared/ingest-outcome.ts';
import type { DetectProgress } from '../../shared/model/detection.ts';
import type { IngestProgress } from '../../shared/model/ingest.ts';
import type { VerifyProgress } from '../../shared/model/integrity.ts';
import type { JobProgress, QueuedProgress, ReportProgress } from '../../shared/model/job.ts';
import type { LakeExportProgress } from '../../shared/model/lake.ts';
import { oneLineVisibleText } from '../../shared/visible-text.ts';

const BAR = 24;

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

const REPORT_PHASES: Record<ReportProgress['phase'], string> = {
  gathering: 'gathering the case',
  rendering: 'rendering',
  printing: 'printing the PDF',
};

const reportLine = (p: ReportProgress) =>
  `report (${p.format}): ${REPORT_PHASES[p.phase]}, ${duration(p.elapsedSeconds)} elapsed`;
const VERIFY_STEPS: Record<VerifyProgress['step'], string> = {
  reading: 'reading the case',
  validating: 'validating',
  storing: 'storing the run',
};

const verifyLine = (p: VerifyProgress) =>
  `verify: ${VERIFY_STEPS[p.step]}, ${p.digests.toLocaleString('en-US')} digests, ${p.logFiles.toLocaleString('en-US')} log files${p.step === 'validating' ? ` (${p.judged.toLocaleString('en-US')} judged)` : ''}, ${duration(p.elapsedSeconds)} elapsed`;
const detectLine = (p: DetectProgress) =>
  p.rule === null
    ? `detections: storing the results of ${p.total} rules, ${p.hits} hits`
    : `detections: rule ${p.done + 1} of ${p.total} (${oneLineVisibleText(p.rule)}), ${p.hits} hits so far`;

const LAKE_PHASES: Record<LakeExportProgress['phase'], string> = {
  checking: 'checking the files already in the folder',
  writing: 'writing',
  moving: 'moving the files into the folder',
  describing: 'writing the DDL, README, detections and manifest',
  summarizing: "counting the explorer's summary of the lake's events",
};

const lakeLine = (p: LakeExportProgress) => {
  const table = p.table ? ` ${p.table} (table ${p.tablesDone + 1} of ${p.tablesTotal})` : '';
  const events =
    p.table === 'events' && p.eventsTotal > 0
      ? `, ${p.eventsDone.toLocaleString('en-US')} of ${p.eventsTotal.toLocaleString('en-US')} events`
      : '';
  return `export: ${LAKE_PHASES[p.phase]}${table}${events}, ${duration(p.elapsedSeconds)} elapsed`;
};

const queuedLine = (p: QueuedProgress) =>
  `waiting behind the ${oneLineVisibleText(p.behindLabel)} (${p.position} ahead)`;

function ingestBar(p: IngestProgress, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, p.fraction)) * BAR);
  const commit = commitWords(p);
  const reading =
    p.phase === 'committing'
      ? `all ${n(p.filesDone)} files read`
      : `${n(p.filesDone)} files  ${n(p.records)} records read`;
  const head = `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${reading}  ${n(p.recordsCommitted)} committed${commit ? ` (${commit})` : ''}  ETA ${duration(p.etaSeconds)}  ${counted(p.errors, 'error', 'errors')}`;
  const room = width - head.length - 2;
  const path = p.currentPath && room > 10 ? `  ${oneLineVisibleText(p.currentPath).slice(-room)}` : '';
  return `${head}${path}`.slice(0, width - 1);
}

const n = (value: number) => value.toLocaleString('en-US');

const ingestLine = (p: IngestProgress) => {
  const commit = commitWords(p);
  return `ingest: ${p.phase}, ${p.filesDone} of ${p.filesSeen} files, ${counted(p.records, 'record', 'records')} read, ${n(p.recordsCommitted)} committed in ${counted(p.batchesCommitted, 'batch', 'batches')}${commit ? `, committing ${commit}` : ''}, ${counted(p.errors, 'error', 'errors')}, ${Math.round(p.eventsPerSecond)} records/s, ${duration(p.elapsedSeconds)} elapsed`;
};

/** A one-line picture of a job, redrawn in place on a terminal. */
export function progressBar(p: JobProgress | QueuedProgress, width: number): string {
  switch (p.kind) {
    case 'ingest':
      return ingestBar(p, width);
    case 'report':
      return reportLine(p).slice(0, width - 1);
    case 'verify':
      return verifyLine(p).slice(0, width - 1);
    case 'detect':
      return detectLine(p).slice(0, width - 1);
    case 'lake-export':
      return lakeLine(p).slice(0, width - 1);
    case 'queued':
      return queuedLine(p).slice(0, width - 1);
  }
}

/** A plain line for logs and pipes. */
export function progressLine(p: JobProgress | QueuedProgress): string {
  switch (p.kind) {
    case 'ingest':
      return ingestLine(p);
    case 'report':
      return reportLine(p);
    case 'verify':
      return verifyLine(p);
    case 'detect':
      return detectLine(p);
    case 'lake-export':
      return lakeLine(p);
    case 'queued':
      return queuedLine(p);
  }
}
