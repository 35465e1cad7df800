import type { ReportDetectionRule, ReportDetections } from '../../../shared/model/report.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { readDetectionRun } from '../detect/detection-results.ts';
import { isoTime } from '../explore/field-sql.ts';

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The detections section from the results stored in the case (each rule's latest), or what says there are none. */
export async function reportDetections(db: CaseReader): Promise<ReportDetections> {
  const run = await readDetectionRun(db);
  if (!run) return { run: null, note: 'Detections never ran on this case (trailscope detect).', rules: [], failed: [] };
  // The rule as it ran (its severity then), its hits, and the events they rest on, exactly.
  const rules = await db.rows<ReportDetectionRule>(
    `WITH spans AS (
       SELECT rule_id, sum(event_count) AS events, ${isoTime('min(first_time)')} AS first, ${isoTime('max(last_time)')} AS last
       FROM detection_hits GROUP BY rule_id
     )
     SELECT r.rule_id, r.detection->>'$.title' AS title, r.detection->>'$.severity' AS severity,
            CAST(r.detection->'$.attack' AS VARCHAR[]) AS attack, r.hit_total, coalesce(s.events, 0) AS events, s.first, s.last
     FROM detection_results r LEFT JOIN spans s USING (rule_id)
     WHERE r.hit_total > 0
     ORDER BY list_position(['critical', 'high', 'medium', 'low'], r.detection->>'$.severity'), r.hit_total DESC, r.rule_id`,
  );
  const failed = await db.rows<{ rule_id: string; error: string }>(
    'SELECT rule_id, error FROM detection_results WHERE error IS NOT NULL ORDER BY rule_id',
  );
  const ruleCount = await db.number('SELECT count(*) FROM detection_results');
  const hits = rules.reduce((sum, r) => sum + r.hit_total, 0);
  const severe = rules.filter((r) => r.severity === 'critical' || r.severity === 'high');
  const uncovered = (await db.number('SELECT count(*) FROM events')) - run.events_in_case;
  const note = `${plural(ruleCount, 'rule')} ran (latest run ${run.run_id}, ${run.finished_at}, over ${plural(run.events_in_case, 'event')}): ${plural(hits, 'hit')} from ${plural(rules.length, 'rule')}, ${severe.length} of them high or critical.${failed.length > 0 ? ` ${plural(failed.length, 'rule')} failed.` : ''}${uncovered > 0 ? ` ${plural(uncovered, 'event')} ingested since that run are in none of these results.` : ''} Hits are leads for the analyst, not findings.`;
  return {
    run,
    note,
    rules: rules.map((r) => ({ ...r, events: Number(r.events) })),
    failed,
  };
}
