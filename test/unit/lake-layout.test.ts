import { describe, expect, it } from 'vitest';
import { daySpan } from '../../electron/core/lake/lake-copy.ts';
import { accountPartition, lakeColumns, lakeTable, regionPartition } from '../../electron/core/lake/lake-layout.ts';
import { newRowsQuery } from '../../electron/core/lake/lake-select.ts';

describe('lake columns', () => {
  it('keeps JSON as text and time zones as UTC wall-clock timestamps', () => {
    const columns = lakeColumns(
      [
        { column_name: 'record', column_type: 'JSON' },
        { column_name: 'event_time', column_type: 'TIMESTAMP WITH TIME ZONE' },
        { column_name: 'n', column_type: 'UINTEGER' },
        { column_name: 'x', column_type: 'SMALLINT' },
      ],
      'e',
    );
    expect(columns.map((c) => [c.name, c.type, c.select])).toEqual([
      ['record', 'VARCHAR', 'CAST(e."record" AS VARCHAR)'],
      ['event_time', 'TIMESTAMP', `timezone('UTC', e."event_time")`],
      ['n', 'BIGINT', 'CAST(e."n" AS BIGINT)'],
      ['x', 'INTEGER', 'CAST(e."x" AS INTEGER)'],
    ]);
  });

  it('refuses a type some engine would refuse or misread, naming the column', () => {
    for (const type of [
      'UBIGINT',
      'HUGEINT',
      'UHUGEINT',
      'UUID',
      'INTERVAL',
      'VARCHAR[]',
      'STRUCT(a INTEGER)',
      'MAP(VARCHAR, VARCHAR)',
    ])
      expect(() => lakeColumns([{ column_name: 'c', column_type: type }]), type).toThrow(/column c has type/);
  });
});

describe('partition values', () => {
  it('takes only an exact account id or region shape, anything else is unknown', () => {
    expect(accountPartition('111122223333')).toBe('111122223333');
    expect(regionPartition('us-gov-west-1')).toBe('us-gov-west-1');
    expect(regionPartition('cn-northwest-1')).toBe('cn-northwest-1');
    for (const hostile of ['11112222333', '111122223333\n', '../111122223333', null])
      expect(accountPartition(hostile)).toBe('unknown');
    for (const hostile of ['us-east-1/..', 'US-EAST-1', 'us-east-1\n', 'useast1', '', undefined])
      expect(regionPartition(hostile)).toBe('unknown');
  });
});

describe('the days events are read by', () => {
  it('spans one UTC day, ending at the next midnight across a leap day and a month end', () => {
    expect(daySpan('2024-02-28')).toEqual({ from: '2024-02-28T00:00:00Z', to: '2024-02-29T00:00:00Z' });
    expect(daySpan('2024-02-29')).toEqual({ from: '2024-02-29T00:00:00Z', to: '2024-03-01T00:00:00Z' });
    expect(daySpan('2024-12-31')).toEqual({ from: '2024-12-31T00:00:00Z', to: '2025-01-01T00:00:00Z' });
  });
});

describe('rows an export adds', () => {
  const table = lakeTable('sources');
  const columns = lakeColumns([{ column_name: 'source_id', column_type: 'INTEGER' }], 'x');

  it('refuses a window bound that is not a UTC instant (the manifest is read from the folder)', () => {
    const scope = { since: "2024-01-01' OR TRUE --", until: null, lastSourceId: 3, lastIntegrityRunId: 0 };
    expect(() => newRowsQuery(lakeTable('events'), columns, scope, [])).toThrow(/not a UTC instant/);
  });

  it('leaves out what earlier exports covered', () => {
    const earlier = [{ since: null, until: null, lastSourceId: 3, lastIntegrityRunId: 0 }];
    const sql = newRowsQuery(
      table,
      columns,
      { since: null, until: null, lastSourceId: 9, lastIntegrityRunId: 0 },
      earlier,
    );
    expect(sql).toContain('WHERE x.source_id <= 9 AND NOT ((x.source_id <= 3))');
  });

  it("reads one events file's rows from its runs of row ids, and refuses a run that is not one", () => {
    const scope = { since: null, until: null, lastSourceId: 9, lastIntegrityRunId: 0 };
    const day = daySpan('2026-11-02');
    const runs = [
      { first: 120, last: 4_000_000_000 },
      { first: 5_000_000_000, last: 5_000_000_000 },
    ];
    const sql = newRowsQuery(lakeTable('events'), columns, scope, [], day, runs);
    expect(sql).toContain('AND (x.rowid BETWEEN 120 AND 4000000000 OR x.rowid BETWEEN 5000000000 AND 5000000000)');
    for (const first of [-1, 1.5, Number.NaN, 2 ** 53])
      expect(() => newRowsQuery(lakeTable('events'), columns, scope, [], day, [...runs, { first, last: 9 }])).toThrow(
        /not a row id/,
      );
  });
});
