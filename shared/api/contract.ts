import { z } from 'zod';
import type { CaseInfo } from '../model/case-info.ts';
import type { CaseLogPage } from '../model/case-log.ts';
import type { CaseOverview } from '../model/case-overview.ts';
import type { ConflictList, EventConflicts } from '../model/conflict.ts';
import type { Detection, DetectionHitPage, DetectionOverview, SigmaImportResult } from '../model/detection.ts';
import type { ActorCall, EventRecord } from '../model/event.ts';
import type {
  Annotations,
  EventField,
  EventPage,
  Facet,
  FacetValuePage,
  Heatmap,
  TopValues,
  Volume,
} from '../model/explore.ts';
import type { EventSummary, Finding } from '../model/finding.ts';
import type {
  EventIntegrityCounts,
  IntegrityFilePage,
  IntegrityGap,
  IntegrityListPage,
  IntegrityRun,
  IntegrityTrail,
  PublicKeyImport,
  StoredPublicKey,
  TrailHours,
} from '../model/integrity.ts';
import type { JobFinishedEvent, JobProgressEvent } from '../model/job.ts';
import type { JsonObject, JsonValue } from '../model/json.ts';
import type { PipelineDiff, PipelineHistory, PipelineSummary } from '../model/pipeline.ts';
import {
  type EventOfId,
  MAX_FETCH_ROWS,
  type QueryExport,
  type QueryHistoryEntry,
  type QueryResult,
  type QueryRun,
  type QuerySchema,
  type SavedQuery,
} from '../model/query.ts';
import { type CaseDetails, reportFormats } from '../model/report.ts';
import type { SourceRow } from '../model/source.ts';
import { detectionHitQuery, detectRunParams, ruleIdParams, sigmaFiles } from './detect-schemas.ts';
import type { ErrorKind } from './errors.ts';
import {
  annotateParams,
  eventOrder,
  facetDimension,
  filterField,
  filterParam,
  stackBy,
  volumeShape,
} from './explore-schemas.ts';
import {
  integrityFileFilter,
  integrityListParams,
  integrityRunParams,
  publicKeysText,
  trailHoursParams,
} from './integrity-schemas.ts';
import { caseDetails, evidenceRef, findingId, findingWords } from './report-schemas.ts';

/**
 * The one contract between the UI and the core. Every transport (Electron IPC, the browser
 * face's HTTP) and every client is derived from these two tables; no other file lists names.
 */

/** A request: its params schema, and its result type carried alongside for the compiler. */
const returning =
  <R>() =>
  <P extends z.ZodType>(params: P) => ({ params, result: undefined as unknown as R });

const pipelineSelector = {
  // As the logs name it: a forged record may name a pipeline "", and its history must still open.
  name: z.string(),
  account: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
};
const version = z.number().int().min(1);
/** Linux's PATH_MAX: a longer path names no file, and each one is echoed in job labels and events. */
const MAX_PATH_CHARS = 4096;
const queryId = z.string().min(1).max(100);
const querySort = z.object({ column: z.string().min(1), descending: z.boolean() });

/** A job's id, answered at once; its progress and outcome follow as `job:progress` and `job:finished`. */
type Started = { jobId: string };

export const requests = {
  'app:get-version': returning<{ version: string }>()(z.object({})),
  'case:list-recent': returning<{ path: string; open: boolean }[]>()(z.object({})),
  'case:open': returning<CaseSummary>()(z.object({ path: z.string().min(1), create: z.boolean().default(false) })),
  'case:describe': returning<CaseSummary>()(z.object({})),
  'case:list-sources': returning<SourceRow[]>()(
    z.object({
      status: z.enum(['ok', 'error', 'duplicate-file']).optional(),
      source_ids: z.array(z.number().int().min(1)).max(1000).optional(),
      limit: z.number().int().min(1).max(100_000).default(1000),
    }),
  ),
  /** The case summary's ranked values, files by how they loaded, rejected records and conflicts. */
  'case:overview': returning<CaseOverview>()(z.object({})),
  /** Events delivered with differing bodies (evidence of tampering or of a bad export), earliest first. */
  'case:list-conflicts': returning<ConflictList>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) })),
  /** The bodies one event was delivered with, when they differ: the stored one and each other. */
  'case:get-conflict': returning<EventConflicts>()(z.object({ event_key: z.string().min(1) })),
  /** The chain of custody, newest first: the case log's entries and the ingests. */
  'case:list-log': returning<CaseLogPage>()(
    z.object({
      limit: z.number().int().min(1).max(1000).default(100),
      offset: z.number().int().min(0).default(0),
    }),
  ),
  /**
   * The ingest's job, and the run of detections queued behind it (kind `detect`); none when
   * `detect` is false, for a batch of ingests that runs them once at its end.
   */
  'ingest:start': returning<Started & { detectJobId: string | null }>()(
    z.object({ paths: z.array(z.string().min(1).max(MAX_PATH_CHARS)).min(1), detect: z.boolean().default(true) }),
  ),
  'job:cancel': returning<{ cancelled: boolean }>()(z.object({ jobId: z.string().min(1) })),
  'event:get-record': returning<EventRecord>()(z.object({ event_key: z.string().min(1) })),
  'event:list-by-actor': returning<ActorCall[]>()(
    z
      .object({
        access_key_id: z.string().min(1).optional(),
        actor_arn: z.string().min(1).optional(),
        around: z.iso.datetime(),
        hours: z
          .number()
          .positive()
          .max(24 * 30)
          .default(6),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .refine((p) => p.access_key_id || p.actor_arn, 'give access_key_id or actor_arn'),
  ),
  'finding:add': returning<Finding>()(z.object({ ...findingWords, evidence: evidenceRef })),
  'finding:list': returning<Finding[]>()(z.object({})),
  'finding:edit': returning<Finding>()(
    z.object({ finding_id: findingId, ...findingWords }).partial({ title: true, severity: true }),
  ),
  'finding:move': returning<Finding[]>()(z.object({ finding_id: findingId, position: z.number().int().min(1) })),
  'finding:delete': returning<Finding[]>()(z.object({ finding_id: findingId })),
  'event:list-bookmarked': returning<EventSummary[]>()(z.object({})),
  'case:get-details': returning<CaseDetails>()(z.object({})),
  'case:save-details': returning<CaseDetails>()(caseDetails),
  'report:export': returning<Started>()(
    z.object({ format: z.enum(reportFormats), title: z.string().max(300).optional() }),
  ),
  /**
   * Exports the case as a Parquet lake into `dir` as a job (kind `lake-export`), or adds what is
   * new to the lake an earlier export left there. Times are ISO instants: from `since`, before `until`.
   */
  'lake:export': returning<Started>()(
    z
      .object({ dir: z.string().min(1), since: z.iso.datetime().optional(), until: z.iso.datetime().optional() })
      .refine((p) => !p.since || !p.until || Date.parse(p.since) < Date.parse(p.until), {
        message: 'since must be before until',
        path: ['until'],
      }),
  ),
  'query:run': returning<QueryRun>()(z.object({ query_id: queryId, sql: z.string().min(1).max(1_000_000) })),
  /**
   * Console SQL under the same guard and read-only transactions as query:run, answered at
   * once with at most `limit` rows: nothing is kept, so there is nothing to page or close.
   */
  'query:fetch': returning<QueryResult>()(
    z.object({
      sql: z.string().min(1).max(1_000_000),
      limit: z.number().int().min(0).max(MAX_FETCH_ROWS),
      query_id: queryId.optional(),
    }),
  ),
  /** A run's exact row count, answered once its result is kept whole (query:run may answer before). */
  'query:total': returning<{ total: number }>()(z.object({ query_id: queryId })),
  'query:cancel': returning<{ cancelled: boolean }>()(z.object({ query_id: queryId })),
  'query:page': returning<{ rows: JsonValue[][] }>()(
    z.object({
      query_id: queryId,
      offset: z.number().int().min(0),
      limit: z.number().int().min(1).max(5000),
      sort: querySort.optional(),
    }),
  ),
  'query:export': returning<QueryExport>()(
    z.object({ query_id: queryId, format: z.enum(['csv', 'json', 'parquet']), sort: querySort.optional() }),
  ),
  'query:close': returning<{ closed: boolean }>()(z.object({ query_id: queryId })),
  'query:describe-schema': returning<QuerySchema>()(z.object({})),
  /**
   * The events a CloudTrail event id names (a SQL cell's `event_id`, opened as an event): one
   * per account it was delivered to, at most 50.
   */
  'query:events-by-id': returning<EventOfId[]>()(z.object({ event_id: z.string().min(1).max(1000) })),
  'query:list-history': returning<QueryHistoryEntry[]>()(
    z.object({ limit: z.number().int().min(1).max(10_000).default(200) }),
  ),
  /** The detection pack, offered in the console as hunts: each rule is a query to run or edit. */
  'query:list-hunts': returning<Detection[]>()(z.object({})),
  'query:list-saved': returning<SavedQuery[]>()(z.object({})),
  'query:save': returning<SavedQuery>()(
    z.object({
      title: z.string().trim().min(1).max(300),
      sql: z.string().min(1).max(1_000_000),
      description: z.string().max(5000).optional(),
    }),
  ),
  'query:delete-saved': returning<{ deleted: boolean }>()(z.object({ query_id: z.number().int().min(1) })),
  'pipeline:list': returning<PipelineSummary[]>()(z.object({})),
  'pipeline:get-history': returning<PipelineHistory>()(z.object(pipelineSelector)),
  'pipeline:diff': returning<PipelineDiff>()(
    z.object({ ...pipelineSelector, from: version, to: version, lineage: version.optional() }),
  ),
  'pipeline:export': returning<{ pipeline: JsonObject }>()(
    z.object({ ...pipelineSelector, version, lineage: version.optional() }),
  ),
  'explore:count-facets': returning<Facet[]>()(
    z.object({ ...filterParam, limit: z.number().int().min(1).max(100).default(10) }),
  ),
  'explore:list-events': returning<EventPage>()(
    z.object({
      ...filterParam,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      order: eventOrder.default('oldest-first'),
    }),
  ),
  /** A page of one facet's values beyond its top ones, all of them or those holding a text. */
  'explore:list-facet-values': returning<FacetValuePage>()(
    z.object({
      ...filterParam,
      dimension: facetDimension,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      contains: z.string().min(1).max(200).optional(),
    }),
  ),
  /** The filter as console SQL selecting the same events in the same order. */
  'explore:write-sql': returning<{ sql: string }>()(
    z.object({ ...filterParam, order: eventOrder.default('oldest-first') }),
  ),
  'explore:chart-volume': returning<Volume>()(
    z.object({ ...filterParam, stack_by: stackBy.default('event_source'), ...volumeShape }),
  ),
  'explore:rank-values': returning<TopValues>()(
    z.object({
      ...filterParam,
      dimension: filterField,
      limit: z.number().int().min(1).max(100).default(10),
      contains: z.string().min(1).max(200).optional(),
    }),
  ),
  'explore:chart-heatmap': returning<Heatmap>()(z.object(filterParam)),
  'event:list-fields': returning<EventField[]>()(z.object({ event_key: z.string().min(1) })),
  'event:get-annotations': returning<Annotations>()(z.object({ event_key: z.string().min(1) })),
  'event:annotate': returning<Annotations>()(annotateParams),
  /** Verifies the case as a job (kind `verify`), after storing the keys given, if any. */
  'integrity:verify': returning<Started>()(z.object({ keys: publicKeysText.optional() })),
  'integrity:import-keys': returning<PublicKeyImport>()(publicKeysText),
  'integrity:list-keys': returning<StoredPublicKey[]>()(z.object({})),
  /** Takes a key out of the case (every copy under that fingerprint); the keys left are the answer. */
  'integrity:forget-key': returning<StoredPublicKey[]>()(z.object({ fingerprint: z.string().min(1).max(200) })),
  /** The run named, or the latest; null when the case was never verified. Its first trails and gaps: */
  'integrity:get-run': returning<IntegrityRun | null>()(integrityRunParams),
  /** …and all of them, a page at a time. */
  'integrity:list-trails': returning<IntegrityListPage<IntegrityTrail>>()(integrityListParams),
  'integrity:list-gaps': returning<IntegrityListPage<IntegrityGap>>()(integrityListParams),
  'integrity:list-files': returning<IntegrityFilePage>()(integrityFileFilter),
  /** How many events each `event_integrity` value has, by the latest run. */
  'integrity:count-events': returning<EventIntegrityCounts>()(z.object({})),
  /** One trail's hours by their worst verdict: at most a year of them per answer. */
  'integrity:chart-hours': returning<TrailHours>()(trailHoursParams),
  /** Runs detections as a job (kind `detect`): every rule, or those named; their results replace the earlier ones. */
  'detect:run': returning<Started>()(detectRunParams),
  /** Every rule the case runs (the pack, then the case's own), with its latest result. */
  'detect:overview': returning<DetectionOverview>()(z.object({})),
  'detect:list-hits': returning<DetectionHitPage>()(detectionHitQuery),
  /** Compiles Sigma rules into the case's own rules; each document is imported or refused with its reason. */
  'detect:import-sigma': returning<SigmaImportResult[]>()(sigmaFiles),
  /** Takes one of the case's own rules out, with its results; the pack's rules cannot be removed. */
  'detect:remove-rule': returning<DetectionOverview>()(ruleIdParams),
};

export interface CaseSummary extends CaseInfo {
  path: string;
  /**
   * For a Parquet lake opened read-only: its folder (`path` is then the side case that holds the
   * analyst's work). Null for a case.
   */
  lake: string | null;
}

/** Events from the core to every client: complete snapshots, never deltas. */
export interface EventPayloads {
  /** A queued job says so, and behind which job, until it starts; then its own snapshots follow. */
  'job:progress': JobProgressEvent;
  'job:finished': JobFinishedEvent;
  /** The desktop menu asks the window to show a view (File › Export Report… shows the report builder). */
  'app:show': { view: 'report' };
}

export type RequestName = keyof typeof requests;
export type EventName = keyof EventPayloads;
export type ParamsOf<N extends RequestName> = z.input<(typeof requests)[N]['params']>;
export type ParsedParamsOf<N extends RequestName> = z.output<(typeof requests)[N]['params']>;
export type ResultOf<N extends RequestName> = (typeof requests)[N]['result'];

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames: EventName[] = ['job:progress', 'job:finished', 'app:show'];

export interface ApiError {
  kind: ErrorKind;
  message: string;
}

/** What crosses every boundary: exceptions never do. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** One event from the core; `name` tells its payload apart. */
export type ApiEvent<N extends EventName = EventName> = { [K in N]: { name: K; payload: EventPayloads[K] } }[N];
