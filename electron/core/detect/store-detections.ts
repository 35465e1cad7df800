import type { DuckDBConnection } from '@duckdb/node-api';
import type { Detection, DetectionRun } from '../../../shared/model/detection.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import { timestampTZ } from '../case/duckdb-library.ts';
import { sqlString } from '../case/sql.ts';
import { trailscopeVersion } from '../version.ts';
import { readDetectionRun } from './detection-results.ts';
import type { RuleHits } from './rule-hits.ts';

export interface RuleOutcome {
  detection: Detection;
  /** Null when the rule failed. */
  found: RuleHits | null;
  error: string | null;
  duration_ms: number;
}

const timestamp = (iso: string) => timestampTZ(Date.parse(iso));

/**
 * Stores one run within the caller's analyst write: the results of the rules it ran replace
 * theirs (other rules keep their own), their hits and hits' events go through DuckDB's
 * appender, and the run is logged in the case log with its counts.
 */
export async function storeDetections(
  db: DuckDBConnection,
  startedAt: Date,
  trigger: DetectionRun['trigger'],
  outcomes: RuleOutcome[],
): Promise<DetectionRun> {
  const reader = new CaseReader(db);
  const runId = await reader.number('SELECT coalesce(max(run_id), 0) + 1 FROM detection_runs');
  // Rule ids are kebab-case (the pack's and the Sigma compiler's), quoted all the same.
  const ids = outcomes.map((o) => sqlString(o.detection.id)).join(', ') || 'NULL';
  for (const table of ['detection_results', 'detection_hits', 'detection_hit_events'])
    await db.run(`DELETE FROM ${table} WHERE rule_id IN (${ids})`);

  const results = await db.createAppender('detection_results');
  const hits = await db.createAppender('detection_hits');
  const events = await db.createAppender('detection_hit_events');
  for (const { detection, found, error, duration_ms } of outcomes) {
    results.appendVarchar(detection.id);
    results.appendInteger(runId);
    results.appendVarchar(JSON.stringify(detection));
    results.appendInteger(found?.hit_total ?? 0);
    if (error === null) results.appendNull();
    else results.appendVarchar(error);
    results.appendDouble(duration_ms);
    results.endRow();
    for (const hit of found?.hits ?? []) {
      hits.appendVarchar(detection.id);
      hits.appendInteger(hit.hit);
      hits.appendTimestampTZ(timestamp(hit.first_time));
      hits.appendTimestampTZ(timestamp(hit.last_time));
      hits.appendBigInt(BigInt(hit.event_count));
      hits.appendVarchar(JSON.stringify(hit.context));
      hits.endRow();
      for (const key of hit.event_keys) {
        events.appendVarchar(detection.id);
        events.appendInteger(hit.hit);
        events.appendVarchar(key);
        events.endRow();
      }
    }
  }
  for (const appender of [results, hits, events]) appender.closeSync();

  const eventsInCase = await reader.number('SELECT count(*) FROM events');
  await db.run(`INSERT INTO detection_runs VALUES ($run, $started, now(), $trigger, $version, $rules, $events)`, {
    run: runId,
    started: timestampTZ(startedAt.getTime()),
    trigger,
    version: trailscopeVersion,
    rules: outcomes.length,
    events: eventsInCase,
  });
  const failed = outcomes.filter((o) => o.error !== null).map((o) => o.detection.id);
  await logAction(db, 'detect', {
    run_id: runId,
    trigger,
    rules_run: outcomes.length,
    hits: outcomes.reduce((sum, o) => sum + (o.found?.hit_total ?? 0), 0),
    rules_with_hits: outcomes.filter((o) => (o.found?.hit_total ?? 0) > 0).map((o) => o.detection.id),
    failed,
  });
  return (await readDetectionRun(reader, runId))!;
}
