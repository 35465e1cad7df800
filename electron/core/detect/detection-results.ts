import {
  type DetectionHit,
  type DetectionHitPage,
  type DetectionOverview,
  type DetectionResult,
  type DetectionRun,
  type DetectionSeverity,
  detectionSeverities,
} from '../../../shared/model/detection.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { isoTime } from '../explore/field-sql.ts';
import { matchingCount, NO_FILTER } from '../explore/filter-sql.ts';
import { allRules } from './case-rules.ts';

export interface HitQuery {
  rule_id?: string | undefined;
  min_severity?: DetectionSeverity | undefined;
  offset: number;
  limit: number;
}

/** A stored run, the latest when no id is given, with its times in ISO 8601 UTC; null when none. */
export async function readDetectionRun(reader: CaseReader, runId?: number): Promise<DetectionRun | null> {
  const run = await reader.row<DetectionRun>(
    `SELECT run_id, ${isoTime('started_at')} AS started_at, ${isoTime('finished_at')} AS finished_at, trigger,
            trailscope_version, rules_run, events_in_case
     FROM detection_runs WHERE run_id = $run OR $run IS NULL ORDER BY run_id DESC LIMIT 1`,
    { run: runId ?? null },
  );
  return run ? { ...run, events_in_case: Number(run.events_in_case) } : null;
}

/**
 * The latest run, every rule the case runs with its latest result (null if never run), and the
 * events the case holds now, which an ingest without detections leaves ahead of the run.
 */
export function detectionOverview(store: CaseStore): Promise<DetectionOverview> {
  return store.read(async (reader) => {
    const run = await readDetectionRun(reader);
    const results = await reader.rows<DetectionResult & { rule_id: string }>(
      'SELECT rule_id, run_id, hit_total, error, duration_ms FROM detection_results',
    );
    const byRule = new Map(results.map(({ rule_id, ...result }) => [rule_id, result]));
    return {
      run,
      rules: (await allRules(reader)).map(({ detection, source_name }) => ({
        detection,
        result: byRule.get(detection.id) ?? null,
        source_name,
      })),
      events_now: await matchingCount(store, reader, NO_FILTER),
    };
  });
}

/**
 * Stored hits, most severe rule first and oldest first within a rule, each with the events it
 * rests on (oldest first); `min_severity` reads the severity the rule had when it ran.
 */
export function detectionHits(store: CaseStore, query: HitQuery): Promise<DetectionHitPage> {
  const severities = detectionSeverities.slice(detectionSeverities.indexOf(query.min_severity ?? 'low'));
  const where = `WHERE (h.rule_id = $rule OR $rule IS NULL)
      AND (r.detection->>'$.severity') IN (${severities.map((s) => `'${s}'`).join(', ')})`;
  const params = { rule: query.rule_id ?? null };
  return store.read(async (reader) => {
    const total = await reader.number(
      `SELECT count(*) FROM detection_hits h JOIN detection_results r USING (rule_id) ${where}`,
      params,
    );
    const rows = await reader.rows<Omit<DetectionHit, 'context'> & { context: string }>(
      `WITH page AS (
         SELECT h.*, list_position(['critical', 'high', 'medium', 'low'], r.detection->>'$.severity') AS rank
         FROM detection_hits h JOIN detection_results r USING (rule_id) ${where}
         ORDER BY rank, h.rule_id, h.hit LIMIT $limit OFFSET $offset
       )
       SELECT p.rule_id, p.hit, ${isoTime('p.first_time')} AS first_time, ${isoTime('p.last_time')} AS last_time,
              p.event_count, p.context::VARCHAR AS context,
              (SELECT list(he.event_key ORDER BY e.event_time, he.event_key)
               FROM detection_hit_events he JOIN events e USING (event_key)
               WHERE he.rule_id = p.rule_id AND he.hit = p.hit) AS event_keys
       FROM page p ORDER BY p.rank, p.rule_id, p.hit`,
      { ...params, limit: query.limit, offset: query.offset },
    );
    return {
      total,
      hits: rows.map((row) => ({
        ...row,
        event_count: Number(row.event_count),
        event_keys: row.event_keys ?? [],
        context: JSON.parse(row.context) as Record<string, JsonValue>,
      })),
    };
  });
}
