import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseReader } from '../../electron/core/case/case-reader.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { detectionHits, detectionOverview } from '../../electron/core/detect/detection-results.ts';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { EVENTS_KEPT, readRuleHits } from '../../electron/core/detect/rule-hits.ts';
import { runDetections } from '../../electron/core/detect/run-detections.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let store: CaseStore;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'demo.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
});
afterAll(() => store?.close());

const read = <T>(sql: string) => store.read((reader) => reader.rows<T & object>(sql));
const logged = () =>
  read<{ action: string; detail: string }>(
    `SELECT action, detail::VARCHAR AS detail FROM case_log WHERE action = 'detect' ORDER BY entry_id`,
  );

describe('a run of the whole pack', () => {
  it('stores a result for every rule, the hits of the demo incident, and logs the run', async () => {
    const done = await runDetections(store, { trigger: 'request' });
    expect(done.failed).toEqual([]);
    expect(done.run).toMatchObject({ run_id: 1, trigger: 'request', rules_run: detectionPack.length });

    const overview = await detectionOverview(store);
    expect(overview.run?.run_id).toBe(1);
    expect(overview.rules.map((r) => r.detection.id)).toEqual(detectionPack.map((d) => d.id));
    expect(overview.rules.every((r) => r.result?.run_id === 1 && r.result.error === null)).toBe(true);

    const stop = await detectionHits(store, { rule_id: 'cloudtrail-logging-changed', offset: 0, limit: 10 });
    expect(stop.total).toBe(1);
    expect(stop.hits[0]).toMatchObject({
      event_count: 1,
      context: { event_name: 'StopLogging', event_time: stop.hits[0]!.first_time },
    });
    expect(stop.hits[0]!.event_keys).toHaveLength(1);
    expect(stop.hits[0]!.first_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const [entry] = await logged();
    expect(JSON.parse(entry!.detail)).toMatchObject({ run_id: 1, trigger: 'request', rules_run: detectionPack.length });
  });

  it('replaces the earlier results when run again, and logs both runs', async () => {
    const before = await read<{ n: number }>('SELECT count(*)::INTEGER AS n FROM detection_hit_events');
    await runDetections(store, { trigger: 'request' });
    expect(await read<{ n: number }>('SELECT count(*)::INTEGER AS n FROM detection_hit_events')).toEqual(before);
    expect(await read('SELECT count(*)::INTEGER AS n FROM detection_results')).toEqual([{ n: detectionPack.length }]);
    expect(await logged()).toHaveLength(2);
  });

  it('replaces only the results of the rules it was given', async () => {
    const done = await runDetections(store, { trigger: 'request', rules: ['cloudtrail-logging-changed'] });
    const overview = await detectionOverview(store);
    const runOf = (id: string) => overview.rules.find((r) => r.detection.id === id)?.result?.run_id;
    expect(runOf('cloudtrail-logging-changed')).toBe(done.run.run_id);
    expect(runOf(detectionPack.find((d) => d.id !== 'cloudtrail-logging-changed')!.id)).toBe(done.run.run_id - 1);
  });

  it('refuses a rule id it does not know, and stores nothing', async () => {
    const runs = await read('SELECT count(*)::INTEGER AS n FROM detection_runs');
    await expect(runDetections(store, { trigger: 'request', rules: ['no-such-rule'] })).rejects.toThrow(/no-such-rule/);
    expect(await read('SELECT count(*)::INTEGER AS n FROM detection_runs')).toEqual(runs);
  });

  it('finds the same hits whether its rules run on one connection or on several at once', async () => {
    const stored = () =>
      read<{ rule_id: string; hit_total: number; hits: string; events: string }>(
        `SELECT r.rule_id, r.hit_total,
                (SELECT string_agg(h.hit || ' ' || h.event_count || ' ' || h.context::VARCHAR, ';' ORDER BY h.hit)
                   FROM detection_hits h WHERE h.rule_id = r.rule_id) AS hits,
                (SELECT string_agg(e.hit || ' ' || e.event_key, ';' ORDER BY e.hit, e.event_key)
                   FROM detection_hit_events e WHERE e.rule_id = r.rule_id) AS events
         FROM detection_results r ORDER BY r.rule_id`,
      );
    const one = await runDetections(store, { trigger: 'request', lanes: 1 });
    const alone = await stored();
    const four = await runDetections(store, { trigger: 'request', lanes: 4 });
    expect(await stored()).toEqual(alone);
    expect(four.hits).toBe(one.hits);
    expect(alone.filter((r) => r.hit_total > 0).length).toBeGreaterThan(5);
  });

  it('keeps the earlier results when cancelled on several connections at once', async () => {
    const runs = await read('SELECT count(*)::INTEGER AS n FROM detection_runs');
    const abort = new AbortController();
    const run = runDetections(store, {
      trigger: 'request',
      lanes: 4,
      signal: abort.signal,
      onProgress: (p) => p.done === 9 && abort.abort(),
    });
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await read('SELECT count(*)::INTEGER AS n FROM detection_runs')).toEqual(runs);
  });

  it('keeps the earlier results when cancelled', async () => {
    const runs = await read('SELECT count(*)::INTEGER AS n FROM detection_runs');
    const abort = new AbortController();
    const run = runDetections(store, {
      trigger: 'request',
      signal: abort.signal,
      onProgress: (p) => p.done === 3 && abort.abort(),
    });
    await expect(run).rejects.toMatchObject({ kind: 'cancelled' });
    expect(await read('SELECT count(*)::INTEGER AS n FROM detection_runs')).toEqual(runs);
  });

  it("records a failing rule's error and still runs the others", async () => {
    const broken: Detection = {
      ...detectionPack[0]!,
      id: 'sigma-broken',
      origin: 'sigma',
      sql: 'SELECT event_time, event_key, 1 / 0 AS oops, strptime(event_name, 42) AS broken FROM events',
    };
    await store.writeAnalyst((db) =>
      db.run(`INSERT INTO detection_rules VALUES ('sigma-broken', NULL, 'broken.yml', '', '', $d::JSON, now())`, {
        d: JSON.stringify(broken),
      }),
    );
    const done = await runDetections(store, { trigger: 'request' });
    expect(done.failed.map((f) => f.rule_id)).toEqual(['sigma-broken']);
    expect(done.run.rules_run).toBe(detectionPack.length + 1);
    const result = (await detectionOverview(store)).rules.find((r) => r.detection.id === 'sigma-broken')!.result;
    expect(result).toMatchObject({ hit_total: 0, error: expect.stringMatching(/strptime/) });
    await store.writeAnalyst((db) => db.run(`DELETE FROM detection_rules`));
  });

  it('lists hits most severe first, and filters them by severity', async () => {
    await runDetections(store, { trigger: 'request' });
    const rank = ['critical', 'high', 'medium', 'low'];
    const severityOf = (id: string) => detectionPack.find((d) => d.id === id)!.severity;
    const all = await detectionHits(store, { offset: 0, limit: 1000 });
    const ranks = all.hits.map((h) => rank.indexOf(severityOf(h.rule_id)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const high = await detectionHits(store, { min_severity: 'high', offset: 0, limit: 1000 });
    expect(high.hits.every((h) => ['critical', 'high'].includes(severityOf(h.rule_id)))).toBe(true);
    expect(high.total).toBe(all.hits.filter((h) => rank.indexOf(severityOf(h.rule_id)) <= 1).length);
  });
});

describe('a hit that groups events', () => {
  const burstDir = tempDir();
  let burst: CaseStore;
  const events = 1_500;

  beforeAll(async () => {
    const records = Array.from({ length: events }, (_, i) => ({
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/bulk', accountId: '111122223333' },
      eventTime: new Date(Date.UTC(2026, 9, 14, 9, 0, i)).toISOString().replace('.000', ''),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteSnapshot',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.66',
      eventID: `burst-${String(i).padStart(5, '0')}`,
      recipientAccountId: '111122223333',
    }));
    fs.writeFileSync(path.join(burstDir, 'burst.json'), JSON.stringify({ Records: records }));
    burst = await CaseStore.open(path.join(burstDir, 'burst.duckdb'), { create: true });
    await ingest(burst, [path.join(burstDir, 'burst.json')]);
  });
  afterAll(() => burst?.close());

  it('counts every event exactly, keeps the oldest ones, and spans their times', async () => {
    const rule: Detection = {
      ...detectionPack[0]!,
      id: 'snapshot-burst-test',
      sql: `SELECT min(event_time) AS event_time, arg_min(event_key, event_time) AS event_key, user_name,
              list(event_key ORDER BY event_time) AS event_keys
            FROM events WHERE event_name = 'DeleteSnapshot' GROUP BY user_name`,
    };
    const db = await burst.connectReader();
    try {
      const { hit_total, hits } = await readRuleHits(db, rule);
      expect(hit_total).toBe(1);
      expect(hits[0]).toMatchObject({
        hit: 1,
        event_count: events,
        first_time: '2026-10-14T09:00:00Z',
        last_time: '2026-10-14T09:24:59Z',
      });
      expect(hits[0]!.event_keys).toHaveLength(EVENTS_KEPT);
      expect(hits[0]!.event_keys[0]).toBe('burst-00000@111122223333');
      expect(hits[0]!.event_keys.at(-1)).toBe(`burst-${String(EVENTS_KEPT - 1).padStart(5, '0')}@111122223333`);
    } finally {
      db.closeSync();
    }
  });

  it('refuses a rule that returns no event_key, and one that writes', async () => {
    const db = await burst.connectReader();
    try {
      const noKey = { ...detectionPack[0]!, sql: 'SELECT event_time FROM events' };
      await expect(readRuleHits(db, noKey)).rejects.toThrow(/no event_key column/);
      const writes = { ...detectionPack[0]!, sql: 'DELETE FROM events' };
      await expect(readRuleHits(db, writes)).rejects.toThrow();
      expect(await new CaseReader(db).number('SELECT count(*) FROM events')).toBe(events);
    } finally {
      db.closeSync();
    }
  });
});
