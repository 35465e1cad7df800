import type { EventSummary, Finding } from '../../../shared/model/finding.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import {
  type ReportPipeline,
  type TimelineEntry,
  type TimelineSource,
  timelineSources,
} from '../../../shared/model/report.ts';
import { eventSummaries } from '../analyst/event-summaries.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { pluralText } from './report-text.ts';

/** A timeline longer than this stops being read; the report says how many were left out. */
export const TIMELINE_LIMIT = 500;
/**
 * A detection hit resting on more events than this puts only its first and last on the
 * timeline: a burst of a hundred calls is one lead, and its span is what the reader needs.
 */
export const HIT_EVENTS_SHOWN = 3;

interface Reasons {
  add(key: string, source: TimelineSource, reason: string): void;
}

/**
 * Key events, each with why it is on the timeline and where that comes from: the analyst's
 * bookmarks, notes and tags; the events findings rest on (their events, the event keys of a
 * query or hunt they were made from, their pipeline version); the events the latest
 * detection results flagged; and pipeline versions with security-relevant changes.
 */
export async function reportTimeline(
  db: CaseReader,
  findings: Finding[],
  bookmarks: EventSummary[],
  pipelines: ReportPipeline[],
): Promise<{ timeline: TimelineEntry[]; timeline_total: number }> {
  const reasons = new Map<string, { reasons: string[]; sources: Set<TimelineSource> }>();
  const collect: Reasons = {
    add(key, source, reason) {
      const entry = reasons.get(key) ?? { reasons: [], sources: new Set() };
      if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
      entry.sources.add(source);
      reasons.set(key, entry);
    },
  };
  await analystReasons(db, bookmarks, collect);
  findingReasons(findings, collect);
  await detectionReasons(db, collect);
  for (const pipeline of pipelines)
    for (const v of pipeline.versions)
      if (v.security_changes.length > 0)
        collect.add(
          v.event_key,
          'pipeline',
          `pipeline ${pipeline.name} v${v.version}: ${pluralText(v.security_changes.length, 'security-relevant change')}`,
        );

  const events = await eventSummaries(db, [...reasons.keys()]);
  return {
    timeline: events.slice(0, TIMELINE_LIMIT).map((event) => {
      const why = reasons.get(event.event_key)!;
      return { ...event, reasons: why.reasons, sources: timelineSources.filter((s) => why.sources.has(s)) };
    }),
    timeline_total: events.length,
  };
}

async function analystReasons(db: CaseReader, bookmarks: EventSummary[], collect: Reasons) {
  const bookmarked = new Set(bookmarks.map((b) => b.event_key));
  for (const key of bookmarked) collect.add(key, 'analyst', 'bookmarked');
  // Notes and tags on events that are not bookmarked are the analyst's work too.
  const annotated = await db.rows<{ event_key: string; reason: string }>(
    `SELECT event_key, 'note' AS reason FROM notes WHERE event_key IS NOT NULL
     UNION ALL SELECT event_key, 'tagged ' || string_agg(tag, ', ' ORDER BY tag) FROM tags GROUP BY event_key`,
  );
  for (const { event_key, reason } of annotated)
    if (!bookmarked.has(event_key)) collect.add(event_key, 'analyst', reason);
}

function findingReasons(findings: Finding[], collect: Reasons) {
  for (const finding of findings) {
    const { evidence } = finding;
    const reason = `finding ${finding.position}`;
    if (evidence.kind === 'events')
      for (const event of evidence.events) collect.add(event.event_key, 'finding', reason);
    if (evidence.kind === 'pipeline-diff')
      collect.add(evidence.changed_by.event_key, 'finding', `${reason}: ${evidence.name} v${evidence.to_version}`);
    if (evidence.kind === 'query')
      for (const key of queryEventKeys(evidence.columns, evidence.rows))
        collect.add(key, 'finding', `${reason} (query)`);
  }
}

/**
 * The events a query result names: its `event_key` column, and the lists of an `event_keys`
 * column, which is how a hunt of the detection pack cites the events of a grouped hit. A
 * row's list longer than HIT_EVENTS_SHOWN gives only its ends, as a detection hit does; the
 * row's own `event_key` stands for its start when it has one.
 */
export function queryEventKeys(columns: { name: string }[], rows: JsonValue[][]): string[] {
  const single = columns.findIndex((c) => c.name === 'event_key');
  const lists = columns.findIndex((c) => c.name === 'event_keys');
  const keys: string[] = [];
  for (const row of rows) {
    const one = single >= 0 ? row[single] : null;
    if (typeof one === 'string') keys.push(one);
    const many = lists >= 0 ? row[lists] : null;
    const listed = Array.isArray(many) ? many.filter((key): key is string => typeof key === 'string') : [];
    if (listed.length <= HIT_EVENTS_SHOWN) keys.push(...listed);
    else keys.push(...(typeof one === 'string' ? [] : [listed[0]!]), listed.at(-1)!);
  }
  return [...new Set(keys)];
}

/**
 * The events of every hit in the latest detection results: all of a hit's events when it
 * rests on HIT_EVENTS_SHOWN or fewer, else its first and last.
 */
async function detectionReasons(db: CaseReader, collect: Reasons) {
  const rows = await db.rows<{
    event_key: string;
    rule_id: string;
    title: string;
    severity: string;
    hit: number;
    event_count: number;
    kept: number;
    place: 'first' | 'last' | null;
  }>(
    `WITH ranked AS (
       SELECT d.rule_id, d.hit, d.event_key,
              row_number() OVER (PARTITION BY d.rule_id, d.hit ORDER BY e.event_time, d.event_key) AS from_first,
              row_number() OVER (PARTITION BY d.rule_id, d.hit ORDER BY e.event_time DESC, d.event_key DESC) AS from_last,
              count(*) OVER (PARTITION BY d.rule_id, d.hit) AS kept
       FROM detection_hit_events d JOIN events e ON e.event_key = d.event_key
     )
     SELECT k.event_key, k.rule_id, r.detection->>'$.title' AS title, r.detection->>'$.severity' AS severity, k.hit,
            h.event_count, k.kept,
            CASE WHEN h.event_count <= $shown THEN NULL WHEN k.from_first = 1 THEN 'first' ELSE 'last' END AS place
     FROM ranked k JOIN detection_hits h USING (rule_id, hit) JOIN detection_results r USING (rule_id)
     WHERE h.event_count <= $shown OR k.from_first = 1 OR k.from_last = 1
     ORDER BY k.rule_id, k.hit, k.from_first`,
    { shown: HIT_EVENTS_SHOWN },
  );
  for (const row of rows) {
    // A hit keeps its oldest 1,000 events: past that, the last one kept is not the hit's last.
    const last = Number(row.kept) < Number(row.event_count) ? 'last kept' : 'last';
    const place = row.place
      ? `, ${row.place === 'first' ? 'first' : last} of its ${Number(row.event_count).toLocaleString('en-US')} events`
      : '';
    collect.add(row.event_key, 'detection', `detection: ${row.title} (${row.severity}), hit ${row.hit}${place}`);
  }
}
