import { describe, expect, it } from 'vitest';
import { canonical, sameJson } from '../../shared/same-json.ts';

/**
 * Two deliveries of one event conflict when their bodies are different JSON values; another
 * serialization of the same value (whitespace, member order, string escapes) is not a conflict.
 */
describe('sameJson', () => {
  it('ignores whitespace between tokens, the order of members and how a string is escaped', () => {
    expect(sameJson('{"a":1,"b":[true,null,"x"]}', ' {\n  "b" : [ true , null , "\\u0078" ],\r\n\t"a": 1 }')).toBe(
      true,
    );
    expect(sameJson('{"o":{"z":1,"y":{"b":2,"a":3}}}', '{"o":{"y":{"a":3,"b":2},"z":1}}')).toBe(true);
    expect(sameJson('"\\/"', '"/"')).toBe(true);
  });

  it('sees any other difference: a value, a member, the order of an array, a number written otherwise', () => {
    expect(sameJson('{"roleArn":"arn:aws:iam::1:role/A"}', '{"roleArn":"arn:aws:iam::1:role/B"}')).toBe(false);
    expect(sameJson('{"a":1}', '{"a":1,"b":null}')).toBe(false);
    expect(sameJson('[1,2]', '[2,1]')).toBe(false);
    expect(sameJson('{"a":1}', '{"a":1.0}')).toBe(false);
    expect(sameJson('{"a":1e2}', '{"a":100}')).toBe(false);
    // One double holds both; the digits a forger changed still count.
    expect(sameJson('{"n":12345678901234567890}', '{"n":12345678901234567891}')).toBe(false);
    expect(sameJson('{"a":"A"}', '{"a":"a"}')).toBe(false);
  });

  it('never calls text that is not JSON the same as anything, itself excepted', () => {
    expect(canonical('{"a":1} trailing')).toBeNull();
    expect(canonical('{"a":"raw\u0001control"}')).toBeNull();
    expect(canonical('{"a" 1}')).toBeNull();
    expect(canonical(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toBeNull();
    expect(sameJson('{"a":1} x', '{"a":1}  x')).toBe(false);
    expect(sameJson('not json', 'not json')).toBe(true);
  });
});
