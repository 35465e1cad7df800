import { describe, expect, it } from 'vitest';
import { JsonScanError, scanTopLevelArray, scanTopLevelObject } from '../../electron/core/ingest/json-scan.ts';

const scan = (text: string) => {
  const buf = Buffer.from(text);
  const result = scanTopLevelObject(buf, 0);
  if (result.kind !== 'records') return { result, texts: [] as string[] };
  return { result, texts: result.records.starts.map((s, i) => buf.toString('utf8', s, result.records.ends[i])) };
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

  it('rejects raw control characters inside strings, which strict JSON forbids', () => {
    const result = scanTopLevelObject(Buffer.from('{"Records":[{"a":"x\ty"}]}'), 0);
    expect(result.kind === 'records' && result.error?.reason).toMatch(/raw control character 0x09/);
  });

  it('rejects mismatched brackets', () => {
    expect(() => scanTopLevelObject(Buffer.from('{"a":[1}'), 0)).toThrow(JsonScanError);
  });

  it('reads the elements of a top-level array', () => {
    const buf = Buffer.from(' [ {"a":1} , {"b":[2]} ] ');
    const slices = scanTopLevelArray(buf, 0);
    expect(slices.starts.map((s, i) => buf.toString('utf8', s, slices.ends[i]))).toEqual(['{"a":1}', '{"b":[2]}']);
  });
});
