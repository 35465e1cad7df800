import { describe, expect, it } from 'vitest';
import {
  JsonScanError,
  MAX_DEPTH,
  scanTopLevelArray,
  scanTopLevelObject,
} from '../../electron/core/ingest/json-scan.ts';
import { MAX_RECORD_DEPTH } from '../../shared/record-depth.ts';

const ignore = () => undefined;

const scan = (text: string) => {
  const buf = Buffer.from(text);
  const texts: string[] = [];
  const result = scanTopLevelObject(buf, 0, {
    record: (s, e) => texts.push(buf.toString('utf8', s, e)),
    member: ignore,
  });
  return { result, texts };
};

describe('scanning a CloudTrail log file for its records', () => {
  it('returns each record exactly as written, numbers and spacing untouched', () => {
    const { texts } = scan('{"Records":[{"a": 9.82222E-5,  "b":5.0},\n {"c":"x}]\\"{"}]}');
    expect(texts).toEqual(['{"a": 9.82222E-5,  "b":5.0}', '{"c":"x}]\\"{"}']);
  });

  it('finds Records after other top-level keys and ignores brackets inside strings', () => {
    const { texts } = scan('{"note":"[{not records}]","nested":{"Records":[1]},"Records":[{"k":[1,{"z":"]"}]}]}');
    expect(texts).toEqual(['{"k":[1,{"z":"]"}]}']);
  });

  it('keeps multi-byte text intact', () => {
    const { texts } = scan('{"Records":[{"userAgent":"日本語 ✓ 😀"}]}');
    expect(texts).toEqual(['{"userAgent":"日本語 ✓ 😀"}']);
  });

  it('reports an object without a Records array', () => {
    expect(scan('{"digestStartTime":"x","logFiles":[]}').result.kind).toBe('object-without-records');
  });

  it('returns the whole records found before a truncation, with the error', () => {
    const { result, texts } = scan('{"Records":[{"a":1},{"b":2},{"c":"trunc');
    expect(texts).toEqual(['{"a":1}', '{"b":2}']);
    expect(result.kind === 'records' && result.error?.reason).toMatch(/ends inside a string/);
  });

  it('finds the bounds of a record with a raw control character in a string, for staging to refuse that record alone', () => {
    const { result, texts } = scan('{"Records":[{"a":"x\ty"},{"b":"\u0002"},{"c":3}]}');
    expect(texts).toEqual(['{"a":"x\ty"}', '{"b":"\u0002"}', '{"c":3}']);
    expect(result.kind === 'records' && result.error).toBeNull();
  });

  it('rejects raw control characters between values', () => {
    const { result, texts } = scan('{"Records":[{"a":1},\u0002{"b":2}]}');
    expect(texts).toEqual(['{"a":1}']);
    expect(result.kind === 'records' && result.error).not.toBeNull();
  });

  it('rejects mismatched brackets', () => {
    expect(() => scanTopLevelObject(Buffer.from('{"a":[1}'), 0, { record: ignore, member: ignore })).toThrow(
      JsonScanError,
    );
  });

  it('reads the elements of a top-level array', () => {
    const buf = Buffer.from(' [ {"a":1} , {"b":[2]} ] ');
    const texts: string[] = [];
    expect(scanTopLevelArray(buf, 0, (s, e) => texts.push(buf.toString('utf8', s, e)))).toBeNull();
    expect(texts).toEqual(['{"a":1}', '{"b":[2]}']);
  });
});

describe("the scanner's depth", () => {
  it('is the depth every other reader of records stops at', () => {
    expect(MAX_DEPTH).toBe(MAX_RECORD_DEPTH);
  });
});
