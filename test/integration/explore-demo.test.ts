import { describe, expect, it } from 'vitest';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { heatmap } from '../../electron/core/explore/heatmap.ts';
import { topValues } from '../../electron/core/explore/top-values.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const LEAKED_KEY = 'AKIAQDEMOLEAKED00001';
const night = { from: '2026-11-02T02:00:00Z', to: '2026-11-02T03:00:00Z' };

describe('the explorer on the demo incident', () => {
  it('shows what the leaked key did that night, in order, failures included', async () => {
    const page = await eventsPage(store(), { ...night, fields: { access_key_id: [LEAKED_KEY] } }, 0, 50);
    expect(page.total).toBe(8);
    expect(page.rows.map((r) => `${r.event_name}${r.error_code ? ` (${r.error_code})` : ''}`)).toEqual([
      'GetCallerIdentity',
      'ListPipelines',
      'GetPipeline',
      'UpdatePipeline (AccessDeniedException)',
      'UpdatePipeline',
      'StartPipelineExecution',
      'StopLogging',
      'CreateAccessKey',
    ]);
    expect(new Set(page.rows.map((r) => r.user_agent))).toEqual(
      new Set(['<img src=x onerror=alert(1)> python-requests/2.32.3']),
    );
  });

  it('counts the facets of the whole case', async () => {
    const all = await facets(store(), {}, 10);
    const of = (dimension: string) => all.find((f) => f.dimension === dimension)!;
    expect(of('source_ip').values.map((v) => [v.value, v.count])).toContainEqual(['203.0.113.66', 8]);
    expect(of('error_code').values.map((v) => [v.value, v.count])).toEqual([
      [null, 412],
      ['AccessDeniedException', 1],
    ]);
    expect(of('event_source')).toMatchObject({ distinct: 6, total: 413 });
    expect(of('principal').distinct).toBe(3);
  });

  it('charts the fortnight in six-hour buckets whose counts add up to the case', async () => {
    const chart = await volume(store(), {}, 'principal');
    expect(chart).toMatchObject({
      bucket_seconds: 21_600,
      from: '2026-10-20T00:00:00Z',
      to: '2026-11-03T00:00:00Z',
      total: 413,
      errors: 1,
    });
    expect(chart.buckets).toHaveLength(56);
    expect(chart.buckets.flatMap((b) => b.counts).reduce((a, b) => a + b, 0)).toBe(413);
    expect(chart.series.map((s) => s.value)).toEqual([
      'arn:aws:sts::111122223333:assumed-role/ci-runner/build',
      'arn:aws:sts::111122223333:assumed-role/Admin/alice',
      'arn:aws:iam::111122223333:user/dana',
    ]);
  });

  it('charts the night of the attack by the minute', async () => {
    const chart = await volume(store(), night, 'event_name');
    expect(chart.bucket_seconds).toBe(60);
    expect(chart.total).toBe((await eventsPage(store(), night, 0, 1)).total);
    expect(chart.buckets.find((b) => b.start === '2026-11-02T02:16:00Z')).toMatchObject({ errors: 1 });
  });

  it('gives a heat map whose cells sum to the events matched', async () => {
    expect((await heatmap(store(), {})).cells.flat().reduce((a, b) => a + b, 0)).toBe(413);
    const attack = await heatmap(store(), { fields: { source_ip: ['203.0.113.66'] } });
    expect(attack.total).toBe(8);
    // 2026-11-02 was a Monday.
    expect(attack.cells[0]![2]).toBe(8);
  });

  it('ranks the principals', async () => {
    const top = await topValues(store(), {}, { dimension: 'principal', limit: 3 });
    expect(top.values.map((v) => v.count).reduce((a, b) => a + b, 0)).toBe(413);
  });
});
