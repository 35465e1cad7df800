import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { eventsById } from '../../electron/core/query/events-by-id.ts';
import { querySchema } from '../../electron/core/query/query-schema.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let store: CaseStore;

/** 30,000 sign-ins of one shape, then the few EC2 calls: the old schema read the first 20,000 records only. */
const BULK = 30_000;

function record(i: number, extra: Record<string, unknown> = {}) {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/u${i % 7}`, accountId: '111122223333' },
    eventTime: new Date(Date.UTC(2024, 5, 1) + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    requestParameters: null,
    responseElements: null,
    eventID: `bulk-${i}`,
    recipientAccountId: '111122223333',
    ...extra,
  };
}

beforeAll(async () => {
  const bulk = path.join(dir, 'bulk.json');
  fs.writeFileSync(bulk, JSON.stringify({ Records: Array.from({ length: BULK }, (_, i) => record(i)) }));
  const odd = path.join(dir, 'odd.json');
  const oddKeys = record(BULK, {
    eventSource: 's3.amazonaws.com',
    eventName: 'PutBucketAcl',
    eventID: 'odd-keys',
    requestParameters: { bucketName: 'evidence', 'x-amz-acl': 'public-read', "it's": 1, 'a.b': { c: 2 } },
  });
  // One event id delivered to two accounts, as an organization trail does.
  const shared = [
    record(BULK + 1, { eventID: 'shared-id', recipientAccountId: '111122223333' }),
    record(BULK + 2, { eventID: 'shared-id', recipientAccountId: '444455556666' }),
  ];
  fs.writeFileSync(odd, JSON.stringify({ Records: [oddKeys, ...shared] }));
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, [bulk]);
  await ingest(store, [odd, fixture('hunting', 'written', 'ec2.json')]);
});
afterAll(() => store.close());

const pathsOf = async (column: string) =>
  (await querySchema(store)).json_paths.filter((p) => p.column === column).map((p) => p.path);

describe('the JSON paths the editor completes', () => {
  it("offer a rare event's keys, inside arrays too, whatever the events before it", async () => {
    const request = await pathsOf('request_parameters');
    expect(request).toContain('$.ipPermissions');
    expect(request).toContain('$.ipPermissions.items[*].fromPort');
    expect(request).toContain('$.ipPermissions.items[*].ipv6Ranges.items[*].cidrIpv6');
    // The array itself is offered by its own path, never as `…[*]` alone.
    expect(request.filter((p) => p.endsWith('[*]'))).toEqual([]);
  });

  it('name the kind of event a path comes from, and count every kind that has it', async () => {
    const schema = await querySchema(store);
    const permissions = schema.json_paths.find(
      (p) => p.column === 'request_parameters' && p.path === '$.ipPermissions.items[*].fromPort',
    );
    expect(permissions).toMatchObject({ kinds: 1, event_name: 'AuthorizeSecurityGroupIngress' });
    const arn = schema.json_paths.find((p) => p.column === 'user_identity' && p.path === '$.arn');
    expect(arn!.kinds).toBeGreaterThan(1);
  });

  it('quote keys that are not plain names, so that the path DuckDB is given names the key', async () => {
    const request = await pathsOf('request_parameters');
    expect(request).toContain('$."x-amz-acl"');
    expect(request).toContain(`$."it's"`);
    expect(request).toContain('$."a.b".c');
    const sessions = new QuerySessions(store);
    const literal = (p: string) => `'${p.replaceAll("'", "''")}'`;
    const result = await sessions.fetch(
      `SELECT request_parameters->>${literal('$."x-amz-acl"')} AS acl, request_parameters->>${literal(`$."it's"`)} AS q,
              request_parameters->>${literal('$."a.b".c')} AS c
       FROM events WHERE event_id = 'odd-keys'`,
      10,
    );
    expect(result.rows).toEqual([['public-read', '1', '2']]);
    await sessions.closeAll();
  });

  it('are read once, and read again when an ingest added events', async () => {
    const first = await querySchema(store);
    expect(await querySchema(store)).toBe(first);
    const more = path.join(dir, 'more.json');
    fs.writeFileSync(
      more,
      JSON.stringify({
        Records: [
          record(BULK + 10, { eventName: 'CreateUser', eventID: 'later', requestParameters: { userName: 'eve' } }),
        ],
      }),
    );
    await ingest(store, [more]);
    const again = await querySchema(store);
    expect(again).not.toBe(first);
    expect(again.json_paths).toContainEqual(
      expect.objectContaining({ column: 'request_parameters', path: '$.userName', event_name: 'CreateUser' }),
    );
  });
});

describe('an event id', () => {
  it('names one event per account that received it, and none when unknown', async () => {
    const found = await eventsById(store, 'shared-id');
    expect(found.map((e) => [e.recipient_account_id, e.event_key])).toEqual([
      ['111122223333', 'shared-id@111122223333'],
      ['444455556666', 'shared-id@444455556666'],
    ]);
    expect(found[0]).toMatchObject({ event_name: 'GetCallerIdentity', event_time: expect.stringMatching(/Z$/) });
    expect(await eventsById(store, 'no-such-id')).toEqual([]);
  });
});
