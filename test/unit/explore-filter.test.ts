import { describe, expect, it } from 'vitest';
import { caselessPattern, filterWhere, SqlParams } from '../../electron/core/explore/filter-sql.ts';
import { chooseBucket } from '../../electron/core/explore/volume-bucket.ts';
import { requests } from '../../shared/api/contract.ts';

const hours = (n: number) => n * 3_600_000;

describe('the explorer filter as SQL', () => {
  it('binds every value and writes only allow-listed columns', () => {
    const params = new SqlParams();
    const where = filterWhere(
      { from: '2024-01-01T00:00:00Z', fields: { principal: ['a', null], event_name: ["x'; DROP TABLE events; --"] } },
      params,
    );
    expect(where).toBe(
      'event_time >= $p0::TIMESTAMPTZ AND (event_name IN ($p1)) AND (coalesce(identity_arn, invoked_by, principal_id) IN ($p2) OR coalesce(identity_arn, invoked_by, principal_id) IS NULL)',
    );
    expect(params.values).toEqual({ p0: '2024-01-01T00:00:00Z', p1: "x'; DROP TABLE events; --", p2: 'a' });
  });

  it("writes a lake's values as literals of their parameters' types, and binds what has no exact literal", () => {
    const params = new SqlParams(true);
    const where = filterWhere(
      { from: '2024-01-01T00:00:00Z', fields: { event_name: ["x'; DROP TABLE events; --", 'a\u0000b'] } },
      params,
    );
    expect(where).toBe(
      "event_time >= CAST('2024-01-01T00:00:00Z' AS VARCHAR)::TIMESTAMPTZ AND (event_name IN (CAST('x''; DROP TABLE events; --' AS VARCHAR), CAST(('a' || chr(0) || 'b') AS VARCHAR)))",
    );
    expect(params.values).toEqual({});
    const forked = params.fork();
    expect([forked.add(5), forked.add(-5), forked.add(0.5), forked.add(2 ** 60), forked.add(10n)]).toEqual([
      '5',
      '(-5)',
      '$p0',
      '$p1',
      '$p2',
    ]);
    expect(forked.values).toEqual({ p0: 0.5, p1: 2 ** 60, p2: 10n });
  });

  it('ignores fields outside the allow-list and empty selections', () => {
    const filter = { fields: { 'event_name; DROP TABLE events': ['x'], error_code: [] } } as never;
    expect(filterWhere(filter, new SqlParams())).toBe('TRUE');
  });

  it('binds source ids, and reads a duplicate file as its original', () => {
    const params = new SqlParams();
    expect(filterWhere({ source_ids: [7, 12] }, params)).toBe(
      'event_key IN (SELECT es.event_key FROM event_sources es WHERE es.source_id IN (SELECT coalesce(duplicate_of, source_id) FROM sources WHERE source_id IN ($p0, $p1)))',
    );
    expect(params.values).toEqual({ p0: 7, p1: 12 });
    expect(filterWhere({ source_ids: [] }, new SqlParams())).toBe('TRUE');
  });

  it('leaves out one field when counting that field', () => {
    expect(
      filterWhere({ fields: { aws_region: ['eu-west-1'], error_code: ['X'] } }, new SqlParams(), {
        except: 'error_code',
      }),
    ).toBe('(aws_region IN ($p0))');
  });
});

describe('exclusions and the search as SQL', () => {
  it('keep events with no value, which NOT IN alone would drop, unless no value is excluded', () => {
    const where = (values: (string | null)[]) => filterWhere({ exclude: { source_ip: values } }, new SqlParams());
    expect(where(['10.0.0.1'])).toBe('(source_ip IS NULL OR source_ip NOT IN ($p0))');
    expect(where([null])).toBe('source_ip IS NOT NULL');
    expect(where([null, '10.0.0.1'])).toBe('(source_ip IS NOT NULL AND source_ip NOT IN ($p0))');
    expect(where([])).toBe('TRUE');
  });

  it("leave out a field's exclusions with its choices when counting that field", () => {
    const filter = { fields: { error_code: ['X'] }, exclude: { error_code: ['Y'], aws_region: ['eu-west-1'] } };
    expect(filterWhere(filter, new SqlParams(), { except: 'error_code' })).toBe(
      '(aws_region IS NULL OR aws_region NOT IN ($p0))',
    );
  });

  it('bind the searched text as a pattern matching it literally, each letter in either case', () => {
    const params = new SqlParams();
    expect(filterWhere({ text: 'sg-0A.%_*' }, params)).toBe('regexp_matches(record, $p0)');
    expect(params.values).toEqual({ p0: '[sS][gG]-0[aA]\\.%_\\*' });
    expect(caselessPattern('(?i)[x]|\\E')).toBe('\\(\\?[iI]\\)\\[[xX]\\]\\|\\\\[eE]');
    expect(caselessPattern('é\u0000\u202e')).toBe('[éÉ]\\x{0}\\x{202e}');
  });

  it('look for text holding quotes or backslashes also as JSON writes it', () => {
    const params = new SqlParams();
    expect(filterWhere({ text: 'C:\\x"' }, params)).toBe(
      '(regexp_matches(record, $p0) OR regexp_matches(record, $p1))',
    );
    expect(params.values).toEqual({ p0: '[cC]:\\\\[xX]"', p1: '[cC]:\\\\\\\\[xX]\\\\"' });
  });
});

describe('the explorer params', () => {
  const parse = (filter: unknown) => requests['explore:list-events'].params.safeParse({ filter });

  it('refuse unknown fields, ranges that end before they start, and times that are not ISO', () => {
    expect(parse({ fields: { event_name: ['x'], 'identity_arn OR 1=1': ['y'] } }).success).toBe(false);
    expect(parse({ from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' }).success).toBe(false);
    expect(parse({ from: 'yesterday' }).success).toBe(false);
    expect(parse({ fields: { source_ip: [null, '10.0.0.1'] }, bookmarked: true }).success).toBe(true);
    expect(parse({ source_ids: [1, 2] }).success).toBe(true);
    expect(parse({ source_ids: ['1 OR 1=1'] }).success).toBe(false);
    expect(parse({ source_ids: [0] }).success).toBe(false);
    expect(parse({ source_ids: Array.from({ length: 1001 }, (_, i) => i + 1) }).success).toBe(false);
    expect(parse({ exclude: { source_ip: [null] }, text: 'x'.repeat(1000) }).success).toBe(true);
    expect(parse({ exclude: { 'source_ip IS NULL OR 1=1': ['x'] } }).success).toBe(false);
    expect(parse({ text: 'x'.repeat(1001) }).success).toBe(false);
  });
});

describe('the volume bucket', () => {
  it('is the finest of minute, 5 min, 15 min, hour, 6 h, day, week, month, quarter, year, decade, century and millennium giving at most 300 bars', () => {
    expect(chooseBucket(0, hours(1))).toBe(60);
    expect(chooseBucket(0, hours(5))).toBe(60);
    expect(chooseBucket(0, hours(5) + 1)).toBe(300);
    expect(chooseBucket(0, hours(25))).toBe(300);
    expect(chooseBucket(0, hours(26))).toBe(900);
    expect(chooseBucket(0, hours(24 * 12))).toBe(3600);
    expect(chooseBucket(0, hours(24 * 14))).toBe(21_600);
    expect(chooseBucket(0, hours(24 * 300))).toBe(86_400);
    expect(chooseBucket(0, hours(24 * 2000))).toBe(604_800);
    expect(chooseBucket(0, hours(24 * 3000))).toBe(2_629_746);
    expect(chooseBucket(0, Date.UTC(2040, 0, 1))).toBe(7_889_238);
    expect(chooseBucket(0, Date.UTC(2200, 0, 1))).toBe(31_556_952);
    expect(chooseBucket(Date.parse('0001-01-01T00:00:00Z'), Date.parse('9999-12-31T23:59:59Z'))).toBe(3_155_695_200);
  });

  it('is a thousand years for any wider span, so no range can ask for more bars', () => {
    expect(chooseBucket(-8.64e15, 8.64e15)).toBe(31_556_952_000);
  });

  it('counts the partial buckets at both ends', () => {
    expect(chooseBucket(30_000, hours(5))).toBe(60);
    expect(chooseBucket(30_000, hours(5) + 30_000)).toBe(300);
  });
});
