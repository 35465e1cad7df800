import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/api/event-hub.ts';
import type { AllHandlers } from '../../electron/api/handlers.ts';
import { handleRequest } from '../../electron/api/handlers.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { watchJob } from '../../electron/api/watch-job.ts';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import type { EventPage, ExploreFilter, FacetValuePage } from '../../shared/model/explore.ts';
import type { QueryRun } from '../../shared/model/query.ts';
import { evidenceHashes } from '../helpers/evidence-hash.ts';
import { writeSearchArchive } from '../helpers/search-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Text an analyst types into the search, or pastes from a hostile record, and values chosen or
 * excluded from one: none may fail a request, match what it does not hold, change the case, or
 * reach the SQL console's editor as anything but a literal.
 */
const dir = tempDir();
const events = new EventHub();
const cases = new OpenCase(events.emit, null);
let handlers: AllHandlers;
let before: Record<string, string>;

async function request<T>(name: string, params: unknown): Promise<T> {
  const result = await handleRequest(handlers, name, params);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value as T;
}

const caseFile = path.join(dir, 'hostile-search.duckdb');

beforeAll(async () => {
  await cases.open(caseFile, true);
  const ingested = await watchJob(events.on, 'ingest', {
    start: () => cases.request('ingest:start', { paths: [writeSearchArchive(path.join(dir, 'archive'))] }),
    onProgress: () => undefined,
  });
  expect(ingested).toMatchObject({ ok: true });
  await cases.close();
  before = await evidenceHashes(caseFile);
  await cases.open(caseFile);
  handlers = cases.handlers();
});

afterAll(() => cases.close());

/** Texts no record of the fixture holds, each taken literally: none may match or fail. */
const ABSENT = [
  "x' OR '1'='1",
  "'; DROP TABLE events; --",
  '%%',
  '_%_%_',
  '\\\\\\',
  '\\E.*\\Q',
  '(',
  '[a-z]+',
  '(?i)stop',
  '^$',
  'a|b',
  '{1,2}',
  '\u0000\u0000',
  '\u001b[31m',
  '\u202etxt.exe',
  '\u2028\u2029',
  'aws-cli\u{e0001}\u{e0068}\u{e0069}',
  '\u2060\u061c\u180e\ufff9\u00ad\u3164\ufe0f',
  '\ud800',
  '🛑 stop',
  `${'x'.repeat(999)}%`,
  's'.repeat(1000),
];

describe('hostile text in the search', () => {
  it.each(ABSENT.map((t) => [JSON.stringify(t).slice(0, 60), t]))(
    'takes %s literally: nothing matches, and no request fails',
    async (_, text) => {
      const filter: ExploreFilter = { text };
      const page = await request<EventPage>('explore:list-events', { filter });
      expect(page).toMatchObject({ total: 0, rows: [] });
      for (const facet of await request<{ total: number }[]>('explore:count-facets', { filter }))
        expect(facet.total).toBe(0);
      const values = await request<FacetValuePage>('explore:list-facet-values', { filter, dimension: 'event_name' });
      expect(values).toMatchObject({ values: [], matching: 0, total: 0 });
      const { sql } = await request<{ sql: string }>('explore:write-sql', { filter });
      expect(sql).not.toMatch(
        /[\u0000-\u0009\u000b-\u001f\u00ad\u061c\u180e\u2028-\u202e\u2060\u3164\ufe0f\ufff9\u{e0001}-\u{e007f}]/u,
      );
      expect((await request<QueryRun>('query:run', { query_id: `absent-${Math.random()}`, sql })).total).toBe(0);
    },
  );

  it('matches the hostile values a record does hold, each by its own text', async () => {
    for (const text of [
      '100%_done',
      '%_',
      '\\',
      'C:\\Users\\Admin',
      'it\'s "quoted"',
      '\u0000',
      'a\u0000b\u001bc',
      '\'s "',
    ]) {
      const page = await request<EventPage>('explore:list-events', { filter: { text } });
      expect(
        page.rows.map((r) => r.event_time),
        JSON.stringify(text),
      ).toEqual(['2024-05-06T10:30:00Z']);
    }
  });

  it('refuses a search longer than 1,000 characters, in the schema and in the core', async () => {
    const result = await handleRequest(handlers, 'explore:list-events', { filter: { text: 'x'.repeat(1001) } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    await expect(eventsPage(cases.store!, { text: 'x'.repeat(1001) }, 0, 10)).rejects.toMatchObject({
      kind: 'invalid-input',
    });
  });

  it('searches a facet for hostile text literally', async () => {
    for (const contains of ['%', '_', '\\', "'", '\u0000', '.*']) {
      const values = await request<FacetValuePage>('explore:list-facet-values', {
        filter: {},
        dimension: 'source_ip',
        contains,
      });
      expect(values.values, JSON.stringify(contains)).toEqual([]);
    }
  });
});

describe('hostile values chosen or excluded', () => {
  const HOSTILE_VALUES = ["x'); DROP TABLE events; --", 'a\u0000b', '\u202eevil', '\\', '%', 'y'.repeat(100_000)];

  it('excludes them and keeps every event, the SQL written for the console counting the same', async () => {
    const filter: ExploreFilter = {
      exclude: { user_agent: HOSTILE_VALUES, principal: HOSTILE_VALUES },
      fields: { event_source: [...HOSTILE_VALUES, 'ec2.amazonaws.com', 'cloudtrail.amazonaws.com'] },
    };
    const page = await request<EventPage>('explore:list-events', { filter });
    expect(page.total).toBe(15);
    const { sql } = await request<{ sql: string }>('explore:write-sql', { filter });
    expect((await request<QueryRun>('query:run', { query_id: 'hostile-values', sql })).total).toBe(15);
  });

  it('takes them as event keys a SQL cell listed, literally, and refuses more keys than a filter lists', async () => {
    const keys = (await request<EventPage>('explore:list-events', { filter: {} })).rows
      .slice(0, 2)
      .map((r) => r.event_key);
    const filter: ExploreFilter = { event_keys: [...HOSTILE_VALUES.slice(0, 5), ...keys] };
    const page = await request<EventPage>('explore:list-events', { filter });
    expect(page.rows.map((r) => r.event_key).sort()).toEqual([...keys].sort());
    const { sql } = await request<{ sql: string }>('explore:write-sql', { filter });
    expect((await request<QueryRun>('query:run', { query_id: 'hostile-keys', sql })).total).toBe(2);
    for (const event_keys of [Array.from({ length: 1001 }, (_, i) => `k${i}`), [''], ['y'.repeat(2001)]]) {
      const refused = await handleRequest(handlers, 'explore:list-events', { filter: { event_keys } });
      expect(refused, `${event_keys.length} keys`).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    }
  });

  it('changed nothing in the evidence', async () => {
    await cases.close();
    expect(await evidenceHashes(caseFile)).toEqual(before);
  });
});
