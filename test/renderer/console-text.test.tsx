import { describe, expect, it } from 'vitest';
import { cellLink, shownText } from '../../renderer/features/console/cell-text.ts';
import { columnWidths, widerOf } from '../../renderer/features/console/column-widths.ts';
import { queryDraft } from '../../renderer/features/console/query-draft.ts';
import { sqlPreview } from '../../renderer/features/console/sql-preview.ts';
import { eventsTitle } from '../../renderer/features/findings/events-title.ts';

const varchar = (name: string) => ({ name, type: 'VARCHAR' });

describe("a finding's first draft", () => {
  const hunt = {
    sql: 'WITH uses AS (\n  SELECT 1\n)\nSELECT * FROM uses',
    title: 'Access key used from two countries',
    severity: 'high' as const,
    attack: ['T1078.004', 'T1550'],
    description: 'One key, two places at once.',
  };

  it("takes a hunt's title, severity, first technique and description", () => {
    expect(queryDraft(hunt.sql, 1, hunt)).toEqual({
      title: 'Access key used from two countries',
      severity: 'high',
      attack_technique: 'T1078.004',
      narrative: 'One key, two places at once.\n\nThe query returned 1 row.',
    });
  });

  it("takes hand-written SQL's first comment as its title, and never its first line of SQL", () => {
    expect(queryDraft('-- Keys made for other users\nSELECT 1', 2, null).title).toBe('Keys made for other users');
    expect(queryDraft(hunt.sql, 1, null)).toEqual({
      title: '',
      severity: 'medium',
      narrative: 'The query returned 1 row.',
    });
    expect(
      queryDraft("-- Ctrl+Enter runs. Several statements may run; the last one's rows are shown.\nSELECT 1", 5, null)
        .title,
    ).toBe('');
  });
});

describe('a finding made of events', () => {
  const event = (event_name: string, actor: string, source_ip: string) => ({ event_name, actor, source_ip });

  it('is titled by what happened, who did it and from where, never by a count', () => {
    expect(eventsTitle([event('StopLogging', 'arn:aws:iam::111122223333:user/mallory', '203.0.113.66')])).toBe(
      'StopLogging by arn:aws:iam::111122223333:user/mallory from 203.0.113.66',
    );
    expect(
      eventsTitle([
        event('StopLogging', 'a', '203.0.113.66'),
        event('CreateAccessKey', 'b', '203.0.113.66'),
        event('DeleteTrail', 'a', '203.0.113.66'),
        event('PutBucketPolicy', 'a', '203.0.113.66'),
        event('StopLogging', 'a', '203.0.113.66'),
      ]),
    ).toBe('StopLogging, CreateAccessKey, DeleteTrail and 1 more from 203.0.113.66');
  });
});

describe('the history', () => {
  it('lists a statement whole when it is short, and cut with an ellipsis when not', () => {
    expect(sqlPreview('SELECT 1\n')).toEqual({ text: 'SELECT 1', cut: false });
    expect(sqlPreview('a\nb\nc\nd\ne')).toEqual({ text: 'a\nb\nc\nd…', cut: true });
    expect(sqlPreview(`SELECT '${'x'.repeat(500)}'`).text).toHaveLength(241);
  });
});

describe('result cells', () => {
  it('lead to the event of an event_key or event_id, and to the explorer from a field it knows', () => {
    expect(cellLink(varchar('EVENT_KEY'), 'k@1')).toEqual({ kind: 'event-key', eventKey: 'k@1' });
    expect(cellLink(varchar('event_id'), 'id-1')).toEqual({ kind: 'event-id', eventId: 'id-1' });
    expect(cellLink(varchar('source_ip'), '203.0.113.66')).toEqual({
      kind: 'pivot',
      field: 'source_ip',
      value: '203.0.113.66',
    });
    expect(cellLink({ name: 'read_only', type: 'BOOLEAN' }, false)).toEqual({
      kind: 'pivot',
      field: 'read_only',
      value: 'false',
    });
    expect(cellLink(varchar('error_code'), null)).toEqual({ kind: 'pivot', field: 'error_code', value: null });
    expect(cellLink(varchar('n'), 'x')).toBeNull();
    expect(cellLink(varchar('event_key'), null)).toBeNull();
    expect(cellLink({ name: 'event_keys', type: 'VARCHAR[]' }, ['k@1', 'k@2', 'k@1', '', null])).toEqual({
      kind: 'event-keys',
      eventKeys: ['k@1', 'k@2'],
    });
    expect(cellLink({ name: 'event_keys', type: 'VARCHAR[]' }, [])).toBeNull();
    expect(cellLink(varchar('event_keys'), 'k@1')).toBeNull();
  });

  it('keep the start of JSON, and the ends of an identifier', () => {
    expect(shownText('{"bucketName":"evidence","key":"x"}', 12, true)).toBe('{"bucketNam…');
    expect(shownText('AKIAIOSFODNN7EXAMPLE', 12, false)).toBe('AKIA…EXAMPLE');
    expect(shownText('short', 12, false)).toBe('short');
  });

  it('widen a column for longer values read later, and never narrow it', () => {
    const widths = columnWidths([varchar('ip')], [['10.0.0.1']]);
    expect(widths).toEqual([8]);
    expect(widerOf(widths, [6])).toBe(widths);
    expect(widerOf(widths, [15])).toEqual([15]);
    expect(columnWidths([varchar('arn')], [['x'.repeat(500)]])).toEqual([72]);
  });
});
