import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import type { DetectDone, Detection, DetectProgress } from '../../../shared/model/detection.ts';
import type { CaseStore } from '../case/case-store.ts';
import { allRules } from './case-rules.ts';
import { type RuleHits, readRuleHits } from './rule-hits.ts';
import { type RuleOutcome, storeDetections } from './store-detections.ts';

export interface RunDetectionsOptions {
  /** Rule ids to run; all of them when absent. Only these rules' results are replaced. */
  rules?: string[];
  trigger: 'ingest' | 'request';
  signal?: AbortSignal;
  onProgress?: (progress: DetectProgress) => void;
}

const cancelled = () => new TrailscopeError('cancelled', 'Detections cancelled: the earlier results are kept.');

/**
 * Runs detections over the case, one rule at a time on a reader of its own (each rule read-only
 * behind the console's guard), then stores every result in one analyst write: a cancelled or
 * failed run leaves the earlier results as they were. A rule that fails (a Sigma rule DuckDB
 * cannot run, say) is recorded with its error, and the others still run.
 */
export async function runDetections(store: CaseStore, options: RunDetectionsOptions): Promise<DetectDone> {
  const startedAt = new Date();
  const rules = await store.read(async (reader) =>
    chosen(
      (await allRules(reader)).map((r) => r.detection),
      options.rules,
    ),
  );
  const db = await store.connectReader();
  const interrupt = () => db.interrupt();
  options.signal?.addEventListener('abort', interrupt);
  const outcomes: RuleOutcome[] = [];
  let hits = 0;
  try {
    for (const [done, detection] of rules.entries()) {
      if (options.signal?.aborted) throw cancelled();
      options.onProgress?.({ kind: 'detect', done, total: rules.length, rule: detection.id, hits });
      const began = performance.now();
      let found: RuleHits | null = null;
      let error: string | null = null;
      try {
        found = await readRuleHits(db, detection, store.viewScans);
        hits += found.hit_total;
      } catch (failure) {
        if (options.signal?.aborted) throw cancelled();
        error = messageOf(failure);
      }
      outcomes.push({ detection, found, error, duration_ms: performance.now() - began });
    }
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    db.closeSync();
  }
  if (options.signal?.aborted) throw cancelled();
  options.onProgress?.({ kind: 'detect', done: rules.length, total: rules.length, rule: null, hits });
  const run = await store.writeAnalyst((writer) => storeDetections(writer, startedAt, options.trigger, outcomes));
  return {
    run,
    hits,
    failed: outcomes.flatMap((o) => (o.error === null ? [] : [{ rule_id: o.detection.id, error: o.error }])),
  };
}

function chosen(rules: Detection[], ids: string[] | undefined): Detection[] {
  if (!ids) return rules;
  const unknown = ids.filter((id) => !rules.some((rule) => rule.id === id));
  if (unknown.length > 0) throw new TrailscopeError('not-found', `No detection with the id ${unknown.join(', ')}.`);
  return rules.filter((rule) => ids.includes(rule.id));
}
