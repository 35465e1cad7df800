import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventsPage, WHOLE_ROWS_UP_TO } from '../../electron/core/explore/events-page.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake's pages are read two ways (events-page.ts): whole rows sorted near the top, keys sorted
 * then rows fetched deeper down. Either way a page is the case's page, across the change too. Many
 * events share each second here, so their order rests on the event key.
 */
const dir = tempDir();
const EVENTS = WHOLE_ROWS_UP_TO + 1_500;
let onCase: CaseStore;
let onLake: CaseStore;

beforeAll(async () => {
  const records = Array.from({ length: EVENTS }, (_, i) => ({
    eventVersion: '1.08',
    eventTime: new Date(Date.UTC(2026, 10, 1 + (i % 3), 0, 0, Math.floor(i / 97) % 60)).toISOString().replace('.000', ''),
    eventSource: 's3.amazonaws.com',
    eventName: i % 5 === 0 ? 'PutObject' : 'GetObject',
    awsRegion: i % 2 === 0 ? 'us-east-1' : 'eu-west-1',
    sourceIPAddress: `198.51.100.${i % 250}`,
    userAgent: `agent-${i % 7}`,
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
    eventID: `00000000-0000-4000-8000-${String((i * 7919) % 1_000_003).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
  }));
  const archive = path.join(dir, 'trail.json');
  fs.writeFileSync(archive, JSON.stringify({ Records: records }));
  const caseFile = path.join(dir, 'case.duckdb');
  const store = await CaseStore.open(caseFile, { create: true });
  await ingest(store, [archive]);
  await exportLake(store, { dir: path.join(dir, 'lake'), since: null, until: null });
  store.close();
  onCase = await CaseStore.open(caseFile);
  onLake = await CaseStore.open(sideCaseFor(path.join(dir, 'lake')), { create: true, lake: path.join(dir, 'lake') });
});

afterAll(() => {
  onCase.close();
  onLake.close();
});

describe("a lake's pages", () => {
  it.each([
    ['the first page', 0, 200],
    ['a page ending at the last row sorted whole', WHOLE_ROWS_UP_TO - 200, 200],
    ['a page just past it', WHOLE_ROWS_UP_TO - 199, 200],
    ['a page far down', EVENTS - 300, 200],
    ['the last rows, fewer than asked', EVENTS - 50, 200],
  ])('are the case’s pages: %s, in either order', async (_, offset, limit) => {
    for (const order of ['oldest-first', 'newest-first'] as const) {
      const [fromCase, fromLake] = await Promise.all([
        eventsPage(onCase, {}, offset, limit, order),
        eventsPage(onLake, {}, offset, limit, order),
      ]);
      expect(fromCase.total).toBe(EVENTS);
      expect(fromLake.rows.length).toBe(Math.min(limit, EVENTS - offset));
      expect(fromLake).toEqual(fromCase);
    }
  });

  it('counts a filtered page by its filter, not by the lake’s whole count', async () => {
    const filter = { fields: { event_name: ['PutObject'] } };
    const [fromCase, fromLake] = await Promise.all([
      eventsPage(onCase, filter, 0, 100),
      eventsPage(onLake, filter, 0, 100),
    ]);
    expect(fromLake.total).toBe(EVENTS / 5);
    expect(fromLake).toEqual(fromCase);
  });
});
