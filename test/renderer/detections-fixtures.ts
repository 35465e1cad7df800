import type { Detection, DetectionHit, DetectionOverview, DetectionRule } from '../../shared/model/detection.ts';

export const detection = (change: Partial<Detection> & Pick<Detection, 'id'>): Detection => ({
  title: `Rule ${change.id}`,
  description: `What ${change.id} finds.`,
  severity: 'medium',
  attack: [],
  false_positives: 'Administrators.',
  family: 'Logging and defenses',
  sql: 'SELECT event_time, event_key FROM events',
  origin: 'pack',
  ...change,
});

export const ran = (d: Detection, hit_total: number, error: string | null = null): DetectionRule => ({
  detection: d,
  result: { run_id: 3, hit_total, error, duration_ms: 12 },
  source_name: d.origin === 'sigma' ? 'odd.yml' : null,
});

export const STOP_LOGGING = detection({
  id: 'cloudtrail-logging-changed',
  title: 'CloudTrail logging stopped or changed',
  description: 'Trails stopped, deleted or reconfigured.',
  severity: 'high',
  attack: ['T1562.008'],
});

/** Two high hits, one critical, one low; a failure, a rule never run, and a Sigma rule with an unknown id. */
export const RULES: DetectionRule[] = [
  ran(STOP_LOGGING, 2),
  ran(detection({ id: 'root-login', title: 'Root user signed in', severity: 'critical', attack: ['T1078.004'] }), 1),
  ran(detection({ id: 'bucket-listing', title: 'Buckets listed', severity: 'low', attack: ['T1619', 'T1580'] }), 5),
  ran(detection({ id: 'quiet-rule', title: 'Quiet rule', severity: 'medium', attack: ['T1530'] }), 0),
  ran(
    detection({ id: 'broken-rule', title: 'Broken rule', severity: 'medium', attack: ['T1530'] }),
    0,
    'Binder Error: no column x',
  ),
  {
    detection: detection({
      id: 'sigma-odd-technique',
      title: 'Odd technique',
      severity: 'low',
      attack: ['T9999'],
      family: 'Your rules',
      origin: 'sigma',
    }),
    result: null,
    source_name: 'odd.yml',
  },
];

export const OVERVIEW: DetectionOverview = {
  run: {
    run_id: 3,
    started_at: '2026-11-03T09:00:00.000Z',
    finished_at: '2026-11-03T09:00:02.500Z',
    trigger: 'ingest',
    trailscope_version: '0.1.0',
    rules_run: 5,
    events_in_case: 413,
  },
  rules: RULES,
  events_now: 413,
};

export const HIT: DetectionHit = {
  rule_id: 'cloudtrail-logging-changed',
  hit: 1,
  first_time: '2026-11-02T02:14:09Z',
  last_time: '2026-11-02T02:14:09Z',
  event_count: 1,
  event_keys: ['ev-1@111122223333'],
  context: {
    event_time: '2026-11-02T02:14:09Z',
    event_key: 'ev-1@111122223333',
    event_name: 'StopLogging',
    identity_arn: `arn:aws:sts::111122223333:assumed-role/${'x'.repeat(200)}/the-end-matters`,
    error_code: null,
  },
};
