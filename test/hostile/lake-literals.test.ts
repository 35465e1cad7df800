import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { ParamsOf, RequestName } from '../../shared/api/contract.ts';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { writeFile } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * On a lake the explorer writes the values of a filter into its SQL as literals, where a case
 * binds them (filter-sql.ts, `SqlParams`). A value from a log, or typed by the analyst, must then
 * select exactly what it selects as a parameter: the lake's answers equal the case's, value by
 * value, and no value ends its literal, comments out the rest of the statement or adds one.
 */
const HOSTILE = [
  "O'Brien",
  "''",
  "'; DROP VIEW events; --",
  "' OR '1'='1",
  "\\'); SELECT 1; --",
  'back\\slash\\',
  '$p0',
  '$1 ? ?',
  '-- a comment',
  '/* an open comment',
  'a\u0000b',
  '\u0000',
  'line\nbreak\r\n',
  'tab\there',
  '\u202eLTR override\u202c',
  'zero\u200bwidth\ufeff',
  'tag\u{e0041}\u{e007f} and selector\ufe0f\u{e0100}',
  'joiner\u2060 filler\u3164 mark\u061c',
  'ünïcödé 🦆 漢字',
  'lone \ud800 surrogate',
  "E'\\x41'",
  "U&'\\0041'",
  'chr(39)',
  '%_[*]^$.',
  '"double" "quotes"',
  `${'x'.repeat(3000)}'`,
  '-1',
  '',
];

const dir = tempDir();
const onCase = new OpenCase(() => undefined, null);
const onLake = new OpenCase(() => undefined, null);

beforeAll(async () => {
  const records = HOSTILE.map((value, i) => ({
    eventVersion: '1.08',
    eventID: `hostile-${i}`,
    eventTime: `2024-03-04T10:${String(i).padStart(2, '0')}:00Z`,
    eventSource: 'iam.amazonaws.com',
    eventName: value,
    awsRegion: 'us-east-1',
    sourceIPAddress: '1.1.1.1',
    userAgent: value,
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111111111111:user/${value}`, accountId: '111111111111' },
    recipientAccountId: '111111111111',
    errorCode: value,
  }));
  const archive = path.join(dir, 'archive');
  writeFile(
    path.join(
      archive,
      'AWSLogs/111111111111/CloudTrail/us-east-1/2024/03/04/111111111111_CloudTrail_us-east-1_x.json.gz',
    ),
    zlib.gzipSync(JSON.stringify({ Records: records })),
  );
  const casePath = path.join(dir, 'case.duckdb');
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, [archive]);
  await exportLake(store, { dir: path.join(dir, 'lake'), since: null, until: null });
  store.close();
  await onCase.open(casePath);
  await onLake.open(path.join(dir, 'lake'));
});

afterAll(async () => {
  await onCase.close();
  await onLake.close();
});

async function both<N extends RequestName>(name: N, params: ParamsOf<N>) {
  return Promise.all([onCase.request(name, params), onLake.request(name, params)]);
}

describe('a hostile value in a filter on a lake', () => {
  it.each(HOSTILE.map((value) => [JSON.stringify(value).slice(0, 60), value]))(
    '%s selects what it selects on the case',
    async (_, value) => {
      const filters: ExploreFilter[] = [{ fields: { event_name: [value] } }];
      if (value.length > 0 && value.length <= 1000) filters.push({ text: value });
      for (const filter of filters) {
        const [casePage, lakePage] = await both('explore:list-events', { filter, offset: 0, limit: 50 });
        expect(lakePage).toEqual(casePage);
      }
      // A lone surrogate is no Unicode text: the ingest and DuckDB's client each replace it, so it
      // matches nothing; the lake must still answer as the case does.
      const [caseMatch] = await both('explore:list-events', { filter: filters[0]!, offset: 0, limit: 1 });
      if (!/[\ud800-\udfff]/u.test(value)) expect(caseMatch.total).toBeGreaterThanOrEqual(1);
      if (value.length > 0 && value.length <= 200) {
        const [caseRank, lakeRank] = await both('explore:rank-values', {
          filter: {},
          dimension: 'error_code',
          limit: 5,
          contains: value,
        });
        expect(lakeRank).toEqual(caseRank);
      }
    },
  );

  it('all of them at once, chosen and excluded, in every request of the explorer', async () => {
    const filters: ExploreFilter[] = [
      { fields: { user_agent: [...HOSTILE, null] }, exclude: { error_code: HOSTILE.slice(0, 12) } },
      { exclude: { event_name: HOSTILE.slice(1) } },
    ];
    for (const filter of filters) {
      const [casePage, lakePage] = await both('explore:list-events', { filter, offset: 0, limit: 50 });
      expect(lakePage.total).toBeGreaterThan(0);
      expect(lakePage).toEqual(casePage);
      const [caseFacets, lakeFacets] = await both('explore:count-facets', { filter, limit: 5 });
      expect(lakeFacets).toEqual(caseFacets);
      const [caseVolume, lakeVolume] = await both('explore:chart-volume', { filter, stack_by: 'principal' });
      expect(lakeVolume).toEqual(caseVolume);
      const [caseHeat, lakeHeat] = await both('explore:chart-heatmap', { filter });
      expect(lakeHeat).toEqual(caseHeat);
      const [caseValues, lakeValues] = await both('explore:list-facet-values', {
        filter,
        dimension: 'event_name',
        offset: 0,
        limit: 50,
        contains: "'",
      });
      expect(lakeValues).toEqual(caseValues);
    }
  });

  it('left the lake whole: every event still read through its view', async () => {
    const [caseCount, lakeCount] = await both('query:fetch', { sql: 'SELECT count(*) AS n FROM events', limit: 1 });
    expect(Number(lakeCount.rows[0]![0])).toBeGreaterThanOrEqual(HOSTILE.length - 1);
    expect(lakeCount.rows).toEqual(caseCount.rows);
  });
});
