import { describe, expect, it } from 'vitest';
import { actorActivity, eventRecord } from '../../electron/core/query/event-lookups.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);

describe('event lookups behind the pipeline view', () => {
  it("gives an event's original record and the file that delivered it", async () => {
    const found = await eventRecord(store(), 'demo-0014-1d500a0e@111122223333');
    expect(JSON.parse(found.record)).toMatchObject({
      eventName: 'UpdatePipeline',
      userAgent: '<img src=x onerror=alert(1)> python-requests/2.32.3',
    });
    expect(found.delivered_in).toHaveLength(1);
    expect(found.delivered_in[0]!.file).toMatch(
      /samples\/demo-archive\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2026\/11\/02\/.+\.json\.gz$/,
    );
    await expect(eventRecord(store(), 'nope')).rejects.toThrow('no event nope in this case');
  });

  it('lists what one access key did around a moment, in time order', async () => {
    const calls = await actorActivity(store(), {
      access_key_id: 'AKIAQDEMOLEAKED00001',
      around: '2026-11-02T02:21:45Z',
      hours: 1,
      limit: 100,
    });
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every((c) => c.access_key_id === 'AKIAQDEMOLEAKED00001')).toBe(true);
    expect(calls.map((c) => c.event_time)).toEqual([...calls.map((c) => c.event_time)].sort());
    expect(calls.map((c) => `${c.event_name}${c.error_code ? ' failed' : ''}`)).toEqual(
      expect.arrayContaining(['GetPipeline', 'UpdatePipeline failed', 'UpdatePipeline', 'StartPipelineExecution']),
    );
    const narrow = await actorActivity(store(), {
      access_key_id: 'AKIAQDEMOLEAKED00001',
      around: '2026-11-02T02:21:45Z',
      hours: 0.001,
      limit: 100,
    });
    expect(narrow.map((c) => c.event_name)).toEqual(['UpdatePipeline']);
  });
});
