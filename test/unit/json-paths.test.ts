import { describe, expect, it } from 'vitest';
import { jsonPaths } from '../../electron/core/query/json-paths.ts';

const sample = (eventName: string, json: unknown, column = 'request_parameters') => ({
  column,
  eventName,
  json: typeof json === 'string' ? json : JSON.stringify(json),
});

describe('JSON paths of sampled records', () => {
  it('write array positions as [*] and count a record once, however many items it has', () => {
    const paths = jsonPaths(
      [sample('AuthorizeSecurityGroupIngress', { ipPermissions: { items: [{ fromPort: 22 }, { fromPort: 3389 }] } })],
      100,
    );
    expect(paths.map((p) => [p.path, p.count])).toEqual([
      ['$.ipPermissions', 1],
      ['$.ipPermissions.items', 1],
      ['$.ipPermissions.items[*].fromPort', 1],
    ]);
  });

  it('rank paths used by more kinds of event first, and name one of them', () => {
    const paths = jsonPaths(
      [
        sample('CreateUser', { userName: 'a', tags: [] }),
        sample('DeleteUser', { userName: 'b' }),
        sample('CreateUser', { userName: 'c', tags: [] }),
      ],
      100,
    );
    expect(paths).toEqual([
      { column: 'request_parameters', path: '$.userName', count: 3, kinds: 2, event_name: 'CreateUser' },
      { column: 'request_parameters', path: '$.tags', count: 2, kinds: 1, event_name: 'CreateUser' },
    ]);
  });

  it('quote keys that are not plain names, and leave out those no one types', () => {
    const paths = jsonPaths(
      [
        sample('PutObject', {
          'x-amz-acl': 1,
          'a"b': 2,
          'bell\u0007': 3,
          ['k'.repeat(300)]: 4,
          'acl\u202e': 5,
          'acl\u{e0041}': 6,
          'ac\u200bl': 7,
          'a\u00adcl': 8,
          'acl\u0085': 9,
        }),
      ],
      100,
    );
    expect(paths.map((p) => p.path)).toEqual(['$."a\\"b"', '$."x-amz-acl"']);
  });

  it('skip text that is not JSON, stop at a depth no AWS record reaches, and keep to the limit per column', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    const paths = jsonPaths(
      [
        sample('A', '{not json'),
        sample('A', deep),
        sample('A', Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i])), 'response_elements'),
      ],
      10,
    );
    const request = paths.filter((p) => p.column === 'request_parameters');
    expect(request.length).toBe(10);
    expect(request.every((p) => /^\$(\.d)+$/.test(p.path))).toBe(true);
    expect(paths.filter((p) => p.column === 'response_elements')).toHaveLength(10);
    expect(jsonPaths([sample('A', deep)], 1000).length).toBe(33);
  });
});
