import { describe, expect, it } from 'vitest';
import { bracketNesting, jsonRecursionRefusal } from '../../electron/core/query/json-recursion.ts';

const constant = (value: string) => ({ class: 'CONSTANT', value: { is_null: false, value } });
const call = (name: string, ...children: unknown[]) => ({ class: 'FUNCTION', function_name: name, children });

describe('bracketNesting', () => {
  it.each([
    ['"VARCHAR"', 0],
    ['["VARCHAR"]', 1],
    ['{"a": [{"b": "INTEGER"}], "c": ["JSON"]}', 3],
    ['{"[[[[": "VARCHAR"}', 1],
    ['{"a\\"[[[": "VARCHAR"}', 1],
    ['{"a\\\\": [["VARCHAR"]]}', 3],
    [`${'['.repeat(50_000)}"JSON"${']'.repeat(50_000)}`, 50_000],
  ])('%s nests %i deep', (text, depth) => {
    expect(bracketNesting(text)).toBe(depth);
  });
});

describe('jsonRecursionRefusal', () => {
  it('refuses a recursing function wherever it sits in the tree, in any case', () => {
    const tree = { statements: [{ node: { where_clause: { children: [call('JSON_Contains', constant('1'))] } } }] };
    expect(jsonRecursionRefusal(tree)).toBe(
      "calls json_contains(), which recurses through its argument's nesting (compare the fields themselves, e.g. record->>'$.eventName' = 'x')",
    );
  });

  it('lets a structure through up to 100 levels, given as a literal or a cast of one', () => {
    const structure = (levels: number) => `${'['.repeat(levels)}"JSON"${']'.repeat(levels)}`;
    expect(jsonRecursionRefusal(call('from_json', constant('1'), constant(structure(100))))).toBeNull();
    const cast = { class: 'CAST', child: constant(structure(101)) };
    expect(jsonRecursionRefusal(call('json_transform', constant('1'), cast))).toBe(
      'calls json_transform() with a structure nested 101 levels deep, which it makes a type level by level (a string literal of at most 100 levels)',
    );
    expect(jsonRecursionRefusal(call('from_json', constant('1'), call('repeat', constant('['))))).toBe(
      'calls from_json() with a structure that is not a string literal, which it makes a type level by level (a string literal of at most 100 levels)',
    );
  });

  it('leaves other functions, and a function named in a string, alone', () => {
    expect(jsonRecursionRefusal(call('json_extract', constant('{}'), constant('json_structure')))).toBeNull();
    expect(jsonRecursionRefusal({ column_names: ['json_structure'] })).toBeNull();
  });
});
