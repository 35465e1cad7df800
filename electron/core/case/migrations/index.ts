import { sql as evidence } from './001-evidence.ts';
import { sql as analyst } from './002-analyst.ts';
import { sql as pipelineCalls } from './003-pipeline-calls.ts';
import { sql as caseDetails } from './004-case-details.ts';
import { sql as escapedEventKeys } from './005-escaped-event-keys.ts';
import { sql as integrity } from './006-integrity.ts';
import { sql as detections } from './007-detections.ts';
import { sql as eventConflicts } from './008-event-conflicts.ts';
import { sql as compressedRecords, appliesWhen as emptyEvents } from './009-compressed-records.ts';
import { sql as sourceIntegrity } from './010-source-integrity.ts';
import { sql as facetSummary } from './011-facet-summary.ts';
import { sql as chartSummary } from './012-chart-summary.ts';
import { sql as keptBodyIntegrity } from './013-kept-body-integrity.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * A query answering whether the SQL runs in this case. A change of physical layout that only
   * an empty table takes cheaply is recorded as applied, without running, everywhere else.
   */
  appliesWhen?: string;
}

/** Applied in order, each once, each in its own transaction. Never edit a shipped one: add the next. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'evidence', sql: evidence },
  { version: 2, name: 'analyst', sql: analyst },
  { version: 3, name: 'pipeline-calls', sql: pipelineCalls },
  { version: 4, name: 'case-details', sql: caseDetails },
  { version: 5, name: 'escaped-event-keys', sql: escapedEventKeys },
  { version: 6, name: 'integrity', sql: integrity },
  { version: 7, name: 'detections', sql: detections },
  { version: 8, name: 'event-conflicts', sql: eventConflicts },
  { version: 9, name: 'compressed-records', sql: compressedRecords, appliesWhen: emptyEvents },
  { version: 10, name: 'source-integrity', sql: sourceIntegrity },
  { version: 11, name: 'facet-summary', sql: facetSummary },
  { version: 12, name: 'chart-summary', sql: chartSummary },
  { version: 13, name: 'kept-body-integrity', sql: keptBodyIntegrity },
];

/** Tables that hold evidence: console SQL may read them but never change them. */
export const evidenceTables = [
  'ingests',
  'sources',
  'events',
  'event_sources',
  'rejected_records',
  'event_conflicts',
  'digests',
  'digest_log_files',
  'digest_signatures',
] as const;
