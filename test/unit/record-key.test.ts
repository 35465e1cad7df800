import { describe, expect, it } from 'vitest';
import { Fingerprint, KeySet } from '../../electron/core/ingest/key-set.ts';
import { KEY_FOR_DUCKDB, REPEATED_NAME, readRecordKey } from '../../electron/core/ingest/record-key.ts';
import { findRepeatedName } from '../../electron/core/ingest/repeated-name.ts';

const keyOf = (text: string) => {
  const buf = Buffer.from(text);
  const key = readRecordKey(buf, 0, buf.length);
  if (key === null || typeof key === 'string') return key;
  const account = key.accountStart < 0 ? '' : buf.toString('utf8', key.accountStart, key.accountEnd);
  return { key: `${buf.toString('utf8', key.idStart, key.idEnd)}@${account}`, timeOk: key.timeOk };
};
const timeOk = (time: string) => (keyOf(`{"eventTime":${time},"eventID":"e-1"}`) as { timeOk: boolean }).timeOk;

const plain = '"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":"111122223333"';

describe('reading a record key in JS', () => {
  it('reads eventID@recipientAccountId of a plain record, whatever the spacing and nesting', () => {
    expect(keyOf(`{${plain}}`)).toEqual({ key: 'e-1@111122223333', timeOk: true });
    expect(
      keyOf(`{ "userIdentity" : {"a": [1, -2.5e3, true, null, {"x": "é \\"q\\" \\u00e9"}]} ,\n ${plain} }`),
    ).toEqual({ key: 'e-1@111122223333', timeOk: true });
  });

  it('keys a record without an account, or with a null one, as DuckDB does: eventID@', () => {
    expect(keyOf('{"eventTime":"2024-01-02T03:04:05.123Z","eventID":"e-1"}')).toEqual({ key: 'e-1@', timeOk: true });
    expect(keyOf('{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":null}')).toEqual({
      key: 'e-1@',
      timeOk: true,
    });
  });

  it('passes a time only when it follows the rule of event-time.ts, leaving the rest to DuckDB', () => {
    for (const time of [
      '"2024-02-30T00:00:00Z"',
      '"2023-02-29T00:00:00Z"',
      '"2024-01-02T24:00:00Z"',
      '"2024-01-02T03:04:05.1234567891Z"',
      'null',
      '1704164645',
    ]) {
      expect(timeOk(time), time).toBe(false);
    }
    expect(keyOf('{"eventID":"e-1"}')).toEqual({ key: 'e-1@', timeOk: false });
    for (const time of [
      '"2024-02-29T23:59:59Z"',
      '"2024-01-02 03:04:05"',
      '"2024-01-02T03:04:05.1234567Z"',
      '"2024-01-02T03:04:05+14:00"',
    ]) {
      expect(timeOk(time), time).toBe(true);
    }
  });

  it('leaves the key to DuckDB when it might read it differently', () => {
    const forDuckdb = [
      '{"eventTime":"2024-01-02T03:04:05Z"}', // no eventID: keyed by the record's MD5
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":""}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e\\u002d1"}', // escapes
      '{"eventTime":"2024-01-02T03:04:05Z","event\\u0049D":"e-1"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":42}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","recipientAccountId":111122223333}',
    ];
    for (const text of forDuckdb) expect(keyOf(text), text).toBe(KEY_FOR_DUCKDB);
  });

  it('leaves to DuckDB what is not strict JSON', () => {
    const notStrict = [
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":"\\ud83d\\ude00"}', // surrogates
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":NaN}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":[1,]}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":tru}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":01}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":"\\q"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1","x":"a\u0002b"}',
      '{"eventTime":"2024-01-02T03:04:05Z","eventID":"e-1"} trailing',
      '["not an object"]',
    ];
    for (const text of notStrict) expect(keyOf(text), text).toBeNull();
  });

  it('finds a member name given twice in any object, escaped or not', () => {
    const repeated = [
      `{${plain},"eventName":"ListBuckets","eventName":"StopLogging"}`,
      `{${plain},"eventName":"ListBuckets","event\\u004eame":"StopLogging"}`,
      `{${plain},"eventID":"e-2"}`,
      `{${plain},"userIdentity":{"type":"Root","sessionContext":{"a":1,"b":{},"a":2}}}`,
      `{${plain},"resources":[{"ARN":"x"},{"ARN":"y","ARN":"z"}]}`,
    ];
    for (const text of repeated) expect(keyOf(text), text).toBe(REPEATED_NAME);
    expect(keyOf(`{${plain},"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}`)).toEqual({
      key: 'e-1@111122223333',
      timeOk: true,
    });
  });

  it('finds repeated names across a large object in linear time', () => {
    // Comparing every name with every other would take minutes here; one pass takes about a second.
    const members = Array.from({ length: 400_000 }, (_, i) => `"k${i}":${i}`);
    const started = performance.now();
    expect(keyOf(`{${plain},"big":{${members.join(',')}}}`)).toEqual({ key: 'e-1@111122223333', timeOk: true });
    expect(keyOf(`{${plain},"big":{${members.join(',')},"k7":0}}`)).toBe(REPEATED_NAME);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('describing a repeated member name', () => {
  it('names it and the object holding it, after decoding escapes', () => {
    expect(findRepeatedName('{"eventName":"ListBuckets","x":1,"event\\u004eame":"StopLogging"}')).toEqual({
      name: 'eventName',
      path: '$',
    });
    expect(findRepeatedName('{"userIdentity":{"sessionContext":{"a":1,"a":2}}}')).toEqual({
      name: 'a',
      path: '$.userIdentity.sessionContext',
    });
    expect(findRepeatedName('{"resources":[{"ARN":"x"},{"ARN":"y","ARN":"z"}]}')).toEqual({
      name: 'ARN',
      path: '$.resources[1]',
    });
    expect(findRepeatedName('{"a b":{"k":1,"k":2}}')).toEqual({ name: 'k', path: '$["a b"]' });
  });

  it('reads what DuckDB reads: NaN, trailing commas, escaped surrogates', () => {
    expect(findRepeatedName('{"a":NaN,"b":[1,2,],"c":"\\ud83d","a":1,}')).toEqual({ name: 'a', path: '$' });
    expect(findRepeatedName('{"a":NaN,"b":[1,2,],"c":"\\ud83d"}')).toBeNull();
  });

  it('survives a record nested a million deep', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(findRepeatedName(`{"a":${deep},"a":1}`)).toEqual({ name: 'a', path: '$' });
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

  it('fingerprints the escaped key of an eventID holding % or @', () => {
    const buf = Buffer.from('a@b%c|111122223333');
    const record = new Fingerprint().ofRecordKey(buf, 0, 5, 6, 18);
    const stored = new Fingerprint().ofStoredKey('a%40b%25c@111122223333');
    expect([record.high, record.low]).toEqual([stored.high, stored.low]);
  });
});
