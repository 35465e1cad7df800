import { describe, expect, it } from 'vitest';
import { Fingerprint, KeySet } from '../../electron/core/ingest/key-set.ts';
import { readRecordKey } from '../../electron/core/ingest/record-key.ts';

const keyOf = (text: string) => {
  const buf = Buffer.from(text);
  const key = readRecordKey(buf, 0, buf.length);
  if (!key) return null;
  const account = key.accountStart < 0 ? '' : buf.toString('utf8', key.accountStart, key.accountEnd);
  return { key: `${buf.toString('utf8', key.idStart, key.idEnd)}@${account}`, timeOk: key.timeOk };
};

const plain = '"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":"111122223333"';

describe('reading a record key in JS', () => {
  it('reads eventID@recipientAccountId of a plain record, whatever the spacing and nesting', () => {
    expect(keyOf(`{${plain}}`)).toEqual({ key: 'e-1@111122223333', timeOk: true });
    expect(keyOf(`{ "userIdentity" : {"a": [1, -2.5e3, true, null, {"x": "é \\"q\\" \\u00e9"}]} ,\n ${plain} }`)).toEqual({ key: 'e-1@111122223333', timeOk: true });
  });

  it('keys a record without an account, or with a null one, as DuckDB does: eventID@', () => {
    expect(keyOf('{"eventTime":"2024-01-02T03:04:05.123Z","eventID":"e-1"}')).toEqual({ key: 'e-1@', timeOk: true });
    expect(keyOf('{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":null}')).toEqual({ key: 'e-1@', timeOk: true });
  });

  it('leaves the time to DuckDB when it is not the plain UTC form or not a real date', () => {
    for (const time of ['"2024-01-02 03:04:05"', '"2024-02-30T00:00:00Z"', '"2023-02-29T00:00:00Z"', '"2024-01-02T24:00:00Z"', '"2024-01-02T03:04:05.1234567Z"', 'null', '1704164645']) {
      expect(keyOf(`{"eventTime":${time},"eventID":"e-1"}`)?.timeOk).toBe(false);
    }
    expect(keyOf('{"eventID":"e-1"}')?.timeOk).toBe(false);
    expect(keyOf('{"eventTime":"2024-02-29T23:59:59Z","eventID":"e-1"}')?.timeOk).toBe(true);
  });

  it('leaves to DuckDB what it might read differently', () => {
    const unsure = [
      '{"eventTime":"2024-01-02T03:04:05Z"}', // no eventID: keyed by the record's MD5
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":""}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e\\u002d1"}', // escapes
      '{"eventTime":"2024-01-02T03:04:05Z","event\\u0049D":"e-1"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":42}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":111122223333}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","eventID":"e-2"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":"\\ud83d\\ude00"}', // surrogates
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":NaN}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":[1,]}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":tru}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":01}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":"\\q"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1"} trailing',
      '["not an object"]',
    ];
    for (const text of unsure) expect(keyOf(text), text).toBeNull();
  });
});

describe('the set of key fingerprints', () => {
  it('tells a key seen before from a new one, across growth', () => {
    const set = new KeySet();
    const f = new Fingerprint();
    let added = 0;
    for (let i = 0; i < 2_000_000; i++) if (set.add(f.ofStoredKey(`event-${i}@111122223333`))) added++;
    expect(added).toBe(2_000_000);
    expect(set.add(f.ofStoredKey('event-17@111122223333'))).toBe(false);
    expect(set.add(f.ofStoredKey('event-17@444455556666'))).toBe(true);
  });

  it('fingerprints a key read from a record as the same key stored in the case', () => {
    const buf = Buffer.from('{"eventID":"é-1","recipientAccountId":"111122223333"}');
    const record = new Fingerprint().ofRecordKey(buf, 12, 16, 40, 52);
    const stored = new Fingerprint().ofStoredKey('é-1@111122223333');
    expect([record.high, record.low]).toEqual([stored.high, stored.low]);
    const noAccount = new Fingerprint().ofRecordKey(buf, 12, 16, -1, -1);
    expect(noAccount.high).toBe(new Fingerprint().ofStoredKey('é-1@').high);
  });
});
