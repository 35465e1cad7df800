import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { tarGzBuffer, writeFile, zipBuffer } from '../helpers/archives.ts';
import { trailscopeJson } from '../helpers/cli.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

interface Summary {
  files: number;
  events_added: number;
  duplicates: number;
  errors: { path: string; message: string }[];
  seconds: number;
  unchanged_files: number;
}

const read = (...parts: string[]) => fs.readFileSync(fixture(...parts));
const query = <T = Record<string, unknown>>(caseFile: string, sql: string) =>
  trailscopeJson<T[]>('query', '--case', caseFile, '--format', 'json', sql);

const record = (eventID: string, eventName: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventTime: '2024-01-02T03:04:05Z',
  eventSource: 'iam.amazonaws.com',
  eventName,
  awsRegion: 'us-east-1',
  eventID,
  recipientAccountId: '111122223333',
  userIdentity: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    userName: 'alice',
  },
  ...extra,
});

/**
 * One archive set with known answers: an organization trail in the S3 layout, a tar.gz with
 * a zip inside, a zip with Event-history exports and a duplicate file, broken files of every
 * kind, an Event-history CSV and a file that delivers an event a second time.
 */
async function buildEvidence(root: string) {
  const flaws2 = zlib.gzipSync(read('corpus/flaws2-real-trail-log.json'));
  writeFile(
    path.join(
      root,
      's3/AWSLogs/o-aa11bb22cc/653711331788/CloudTrail/us-east-1/2018/11/28/653711331788_CloudTrail_us-east-1_20181128T2235Z_cR9ra7OH1rytWyXY.json.gz',
    ),
    flaws2,
  );

  const nestedZip = zipBuffer([
    {
      name: 'pipeline/update.json',
      data: read('corpus/codepipeline/eventbridge-capture-UpdatePipeline-continuous-integration-2018.json'),
    },
    {
      name: 'AWSLogs/143434273843/CloudTrail-Digest/us-east-2/2015/08/17/digest.json.gz',
      data: zlib.gzipSync(read('corpus/digest-example.json')),
    },
  ]);
  writeFile(
    path.join(root, 'customer.tar.gz'),
    await tarGzBuffer([
      {
        name: 'AWSLogs/143434273843/CloudTrail/eu-west-1/2024/01/03/143434273843_CloudTrail_eu-west-1_20240103T0000Z_a.json.gz',
        data: zlib.gzipSync(read('corpus/stratus-cloudtrail-stop.json')),
      },
      { name: 'inner/more.zip', data: nestedZip },
    ]),
  );

  writeFile(
    path.join(root, 'exports.zip'),
    zipBuffer([
      { name: 'lookup-events.jsonl', data: read('corpus/plaso-lookup-events.jsonl') },
      { name: 'cloudwatch/assume-role.ndjson', data: read('corpus/elastic-assume-role.ndjson') },
      { name: 'copy/flaws2.json.gz', data: flaws2 },
    ]),
  );

  const three = JSON.stringify({
    Records: [
      record('t-1', 'CreateUser'),
      record('t-2', 'CreateAccessKey'),
      record('t-3', 'DeleteUser', { padding: 'x'.repeat(4000) }),
    ],
  });
  const stored = zlib.gzipSync(three, { level: 0 });
  const cut = 18 + three.indexOf('{"eventVersion"', three.indexOf('t-2')) + 100;
  writeFile(path.join(root, 'broken/truncated.json.gz'), stored.subarray(0, cut));
  writeFile(path.join(root, 'broken/empty.json.gz'), '');
  writeFile(path.join(root, 'broken/bad-json.json'), read('corpus/malformed/cloudgrep-bad_cloudtrail.json'));
  writeFile(path.join(root, 'broken/package.json'), '{"name":"not-cloudtrail","version":"1.0.0"}');
  writeFile(
    path.join(root, 'broken/no-event-time.json'),
    read('corpus/codepipeline/blog-ja-StartPipelineExecution-AccessDenied.json'),
  );
  writeFile(
    path.join(root, 'broken/not-gzip.json.gz'),
    Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]),
  );

  writeFile(
    path.join(root, 'history.csv'),
    'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only,Event source\r\n' +
      'csv-1,2024-01-05T10:00:00Z,bob,ConsoleLogin,,,,us-east-1,,198.51.100.7,false,signin.amazonaws.com\r\n' +
      'csv-2,2024-01-05T10:05:00Z,bob,"CreateUser",AWS::IAM::User,mallory,AKIAEXAMPLE,us-east-1,,198.51.100.7,false,iam.amazonaws.com\r\n',
  );

  const stratus = JSON.parse(read('corpus/stratus-cloudtrail-stop.json').toString()) as { Records: unknown[] };
  writeFile(
    path.join(root, 'overlap.json'),
    JSON.stringify({ Records: [record('o-1', 'PutBucketPolicy'), ...stratus.Records] }, null, 1),
  );
}

describe('trailscope ingest of a mixed evidence set', () => {
  const dir = tempDir();
  const evidence = path.join(dir, 'evidence');
  const caseFile = path.join(dir, 'case.duckdb');
  let summary: Summary;

  beforeAll(async () => {
    await buildEvidence(evidence);
    summary = trailscopeJson<Summary>('ingest', '--case', caseFile, '--json', evidence);
  });

  it('loads every event once: 2 flaws2 + 1 StopLogging + 1 UpdatePipeline + 6 lookup-events + 1 NDJSON + 2 salvaged + 2 CSV + 1 new in the overlap', () => {
    expect(summary.events_added).toBe(16);
    const byName = query<{ event_name: string; n: string }>(
      caseFile,
      'SELECT event_name, count(*) AS n FROM events GROUP BY 1 ORDER BY 1',
    );
    expect(Object.fromEntries(byName.map((r) => [r.event_name, Number(r.n)]))).toEqual({
      AssumeRole: 3,
      ConsoleLogin: 1,
      CreateAccessKey: 1,
      CreateSecurityGroup: 1,
      CreateUser: 2,
      DescribeInstances: 1,
      PutBucketPolicy: 1,
      RunInstances: 1,
      SharedSnapshotVolumeCreated: 1,
      StopInstances: 1,
      StopLogging: 1,
      TerminateInstances: 1,
      UpdatePipeline: 1,
    });
  });

  it('links every delivery of an event: the NDJSON repeats itself, the overlap file repeats StopLogging', () => {
    expect(summary.duplicates).toBe(2);
    const [stop] = query<{ deliveries: string }>(
      caseFile,
      `SELECT count(*) AS deliveries FROM event_sources WHERE event_key LIKE '10163ed2-2253-469d-a5ee-cbc6651f8934@%'`,
    );
    expect(Number(stop!.deliveries)).toBe(2);
  });

  it('records the same bytes under another name as a duplicate file of the first', () => {
    const rows = query<{ member: string; status: string; original: string }>(
      caseFile,
      `SELECT d.member, d.status, o.path AS original FROM sources d JOIN sources o ON o.source_id = d.duplicate_of`,
    );
    // Folders are walked in name order, so exports.zip holds the first copy.
    expect(rows).toEqual([{ member: null, status: 'duplicate-file', original: path.join(evidence, 'exports.zip') }]);
  });

  it('reads account, organization, region and date from S3 keys, inside archives too', () => {
    const rows = query(
      caseFile,
      `SELECT org_id, account_id, region, CAST(log_date AS VARCHAR) AS log_date, kind FROM sources WHERE account_id IS NOT NULL ORDER BY account_id, kind`,
    );
    expect(rows).toEqual([
      { org_id: null, account_id: '143434273843', region: 'us-east-2', log_date: '2015-08-17', kind: 'digest' },
      { org_id: null, account_id: '143434273843', region: 'eu-west-1', log_date: '2024-01-03', kind: 'log' },
      { org_id: 'o-aa11bb22cc', account_id: '653711331788', region: 'us-east-1', log_date: '2018-11-28', kind: 'log' },
    ]);
  });

  it('records digests as digests and loads no events from them', () => {
    const [digest] = query<{ record_count: number; format: string }>(
      caseFile,
      `SELECT record_count, format FROM sources WHERE kind = 'digest'`,
    );
    expect(digest).toEqual({ record_count: 0, format: 'digest' });
  });

  it('names nested archive members by their path through each archive', () => {
    const members = query<{ member: string }>(
      caseFile,
      `SELECT member FROM sources WHERE path LIKE '%customer.tar.gz' ORDER BY member NULLS FIRST`,
    ).map((r) => r.member);
    expect(members).toEqual([
      null,
      'AWSLogs/143434273843/CloudTrail/eu-west-1/2024/01/03/143434273843_CloudTrail_eu-west-1_20240103T0000Z_a.json.gz',
      'inner/more.zip',
      'inner/more.zip!/AWSLogs/143434273843/CloudTrail-Digest/us-east-2/2015/08/17/digest.json.gz',
      'inner/more.zip!/pipeline/update.json',
    ]);
  });

  it('hashes every file as stored and as decompressed', () => {
    const file = path.join(evidence, 'broken/truncated.json.gz');
    const [row] = query<{ sha256_stored: string; size_stored: string }>(
      caseFile,
      `SELECT sha256_stored, size_stored FROM sources WHERE path = '${file}'`,
    );
    expect(row!.sha256_stored).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    const [flaws] = query<{ sha256_content: string }>(
      caseFile,
      `SELECT sha256_content FROM sources WHERE path LIKE '%cR9ra7OH1rytWyXY.json.gz'`,
    );
    expect(flaws!.sha256_content).toBe(
      createHash('sha256').update(read('corpus/flaws2-real-trail-log.json')).digest('hex'),
    );
  });

  it.each([
    ['broken/empty.json.gz', 'empty file (0 bytes)'],
    ['broken/truncated.json.gz', 'truncated gzip'],
    ['broken/bad-json.json', 'invalid JSON at line 26'],
    ['broken/package.json', 'not a CloudTrail file: a JSON object with keys name, version'],
    ['broken/no-event-time.json', '1 record(s) not loaded, first record 0: no eventTime'],
    ['broken/not-gzip.json.gz', 'not a readable gzip file'],
  ])('records %s as an error saying "%s" and loads the rest', (file, message) => {
    const error = summary.errors.find((e) => e.path === path.join(evidence, file));
    expect(error?.message).toContain(message);
  });

  it('keeps the complete records of a truncated file and says how many', () => {
    const [row] = query<{ record_count: number; status: string }>(
      caseFile,
      `SELECT record_count, status FROM sources WHERE path LIKE '%truncated.json.gz'`,
    );
    expect(row).toEqual({ record_count: 2, status: 'error' });
  });

  it('keeps a rejected record whole, with the reason', () => {
    const [row] = query<{ reason: string; record: string }>(
      caseFile,
      `SELECT reason, record FROM rejected_records r JOIN sources s USING (source_id) WHERE s.path LIKE '%no-event-time.json'`,
    );
    expect(row!.reason).toMatch(/no eventTime/);
    expect(JSON.parse(row!.record)).toMatchObject({ eventName: 'StartPipelineExecution', errorCode: 'AccessDenied' });
  });

  it('adds nothing when the same files are ingested again', () => {
    const counts = () =>
      query(
        caseFile,
        'SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM sources) AS s, (SELECT count(*) FROM event_sources) AS l, (SELECT count(*) FROM rejected_records) AS r',
      )[0];
    const before = counts();
    const again = trailscopeJson<Summary>('ingest', '--case', caseFile, '--json', evidence);
    expect(again).toMatchObject({ files: 0, events_added: 0, duplicates: 0, errors: [] });
    expect(counts()).toEqual(before);
  });

  it('normalizes identity, session and request fields', () => {
    const [row] = query(
      caseFile,
      `SELECT identity_type, user_name, session_issuer_arn, session_mfa, read_only, request_parameters->>'$.name' AS pipeline
       FROM events WHERE event_name = 'UpdatePipeline'`,
    );
    expect(row).toEqual({
      identity_type: 'AssumedRole',
      user_name: 'Admin',
      session_issuer_arn: 'arn:aws:iam::612895797421:role/Admin',
      session_mfa: false,
      read_only: null,
      pipeline: null,
    });
  });
});
