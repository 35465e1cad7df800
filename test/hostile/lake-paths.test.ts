import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { writeFile } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake's folder names come from the logs: the account and region of each event. Records that
 * name an account or region shaped as a path, a traversal, a near-miss or an invisible variant
 * must land under `account=unknown` or `region=unknown` (or the source's well-formed value),
 * inside the lake, with every event still exported.
 */
const dir = tempDir();

const hostileAccounts = [
  '../../../../tmp/evil',
  '111122223333/../../x',
  '111122223333/..',
  '1111222233334',
  ' 111122223333',
  '111122223333\n',
  '１１１１２２２２３３３３',
  'unknown/../..',
  'account=1',
  '',
];
const hostileRegions = [
  '../../etc',
  'us-east-1/../../..',
  'US-EAST-1',
  'us-east-1\u0000',
  'us-east-1 ',
  'us-east-1\\..\\..',
  'us-east-1%2f..',
  'region=eu-west-1',
  '..',
];

const record = (n: number, account: string, region: string, identityAccount: string | null = null) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: `2024-01-02T03:04:${String(n % 60).padStart(2, '0')}Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: region,
    eventID: `hostile-${n}`,
    recipientAccountId: account,
    ...(identityAccount ? { userIdentity: { type: 'IAMUser', accountId: identityAccount } } : {}),
  });

describe('lake partition values from hostile records', () => {
  it('keeps every folder inside the lake and files each event under unknown or a well-formed value', async () => {
    const records = [
      ...hostileAccounts.map((account, i) => record(i, account, 'us-east-1')),
      ...hostileRegions.map((region, i) => record(100 + i, '111122223333', region)),
      record(200, '../x', '../y', '444455556666'),
    ];
    // Outside any AWSLogs/ path: the source names no account or region to fall back on.
    writeFile(path.join(dir, 'logs', 'hostile.json'), `{"Records":[${records.join(',')}]}`);
    const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
    const lake = path.join(dir, 'out', 'lake');
    try {
      await ingest(store, [path.join(dir, 'logs')]);
      const summary = await exportLake(store, { dir: lake, since: null, until: null });
      expect(summary.added.rows.events).toBe(records.length);
    } finally {
      store.close();
    }

    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual(['lake']);
    const everyParquet = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.parquet'));
    for (const name of everyParquet)
      expect(name).toMatch(
        /^out\/lake\/(events\/account=[^/]+\/region=[^/]+\/date=[^/]+|sources|event_sources)\/part-0001-\d+\.parquet$/,
      );
    const partitions = fs
      .readdirSync(path.join(lake, 'events'), { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.parquet'))
      .map((name) => path.dirname(name))
      .sort();
    expect(new Set(partitions)).toEqual(
      new Set([
        'account=111122223333/region=unknown/date=2024-01-02',
        'account=444455556666/region=unknown/date=2024-01-02',
        'account=unknown/region=us-east-1/date=2024-01-02',
      ]),
    );

    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      const read = await db.runAndReadAll(`SELECT account, region, count(*)::INTEGER AS n
        FROM read_parquet(${sqlString(path.join(lake, 'events', '**', '*.parquet'))}, hive_partitioning = true)
        GROUP BY ALL ORDER BY ALL`);
      expect(read.getRowObjectsJson()).toEqual([
        { account: '111122223333', region: 'unknown', n: hostileRegions.length },
        { account: '444455556666', region: 'unknown', n: 1 },
        { account: 'unknown', region: 'us-east-1', n: hostileAccounts.length },
      ]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});
