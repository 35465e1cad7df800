import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from '../helpers/archives.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

const HOSTILE_AGENT = '<img src=x onerror=alert(1)>\u001b[31mred\u001b[0m';

describe('the trailscope CLI', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'case.duckdb');

  beforeAll(() => {
    const hostile = {
      Records: [
        {
          eventVersion: '1.08',
          eventTime: '2024-03-01T12:00:00Z',
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateAccessKey',
          awsRegion: 'us-east-1',
          eventID: 'hostile-1',
          recipientAccountId: '111122223333',
          userAgent: HOSTILE_AGENT,
          requestParameters: { userName: '=HYPERLINK("http://evil.example","x")', bytes: 'BIG' },
        },
      ],
    };
    // A 20-digit integer that no JavaScript number can hold: the record must keep its digits.
    writeFile(path.join(dir, 'in/hostile.json'), JSON.stringify(hostile).replace('"BIG"', '12345678901234567890'));
    fs.copyFileSync(
      fixture('corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2017.json'),
      path.join(dir, 'in/update-pipeline-repaired.json'),
    );
    fs.copyFileSync(
      fixture('aws-docs/codepipeline-update-pipeline.as-published.txt'),
      path.join(dir, 'in/update-pipeline-as-published.txt'),
    );
    fs.copyFileSync(fixture('corpus/cloudtrail-log-file-examples.json'), path.join(dir, 'in/log-file-examples.json'));
    const run = trailscope('ingest', '--case', caseFile, '--no-detect', path.join(dir, 'in'));
    expect(run.code).toBe(0);
  });

  it('reports the AWS guide UpdatePipeline example as published as a parse error and loads its repaired form', () => {
    const run = trailscope(
      'ingest',
      '--case',
      path.join(dir, 'docs.duckdb'),
      '--json',
      path.join(dir, 'in/update-pipeline-as-published.txt'),
      path.join(dir, 'in/update-pipeline-repaired.json'),
    );
    const summary = JSON.parse(run.stdout) as { events_added: number; errors: { path: string; message: string }[] };
    expect(run.code).toBe(0);
    expect(summary.events_added).toBe(1);
    expect(summary.errors).toEqual([
      {
        path: path.join(dir, 'in/update-pipeline-as-published.txt'),
        message: expect.stringMatching(/^invalid JSON at line \d+, column \d+: /),
      },
    ]);
    const [row] = trailscopeJson<Record<string, string>[]>(
      'query',
      '--case',
      path.join(dir, 'docs.duckdb'),
      '--format',
      'json',
      "SELECT event_name, user_name, response_elements->>'$.pipeline.version' AS version FROM events",
    );
    expect(row).toEqual({ event_name: 'UpdatePipeline', user_name: 'JaneDoe-CodePipeline', version: '2' });
  });

  it('prints query results as JSON with JSON-safe values and the exact record', () => {
    const rows = trailscopeJson<Record<string, unknown>[]>(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      "SELECT count(*) AS n, max(event_time) AS t, 1.5::DECIMAL(4,2) AS d FROM events WHERE event_name = 'CreateAccessKey'",
    );
    expect(rows).toEqual([{ n: '1', t: '2024-03-01 12:00:00+00', d: '1.50' }]);
    const [record] = trailscopeJson<{ record: string }[]>(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      "SELECT record FROM events WHERE event_id = 'hostile-1'",
    );
    expect(record!.record).toContain('"bytes":12345678901234567890');
  });

  it('writes ndjson and formula-safe csv', () => {
    const ndjson = trailscope(
      'query',
      '--case',
      caseFile,
      '--format',
      'ndjson',
      "SELECT request_parameters->>'$.userName' AS u FROM events WHERE event_id = 'hostile-1'",
    );
    expect(ndjson.stdout).toBe('{"u":"=HYPERLINK(\\"http://evil.example\\",\\"x\\")"}\n');
    const csv = trailscope(
      'query',
      '--case',
      caseFile,
      '--format',
      'csv',
      "SELECT request_parameters->>'$.userName' AS u FROM events WHERE event_id = 'hostile-1'",
    );
    expect(csv.stdout).toBe('u\r\n"\'=HYPERLINK(""http://evil.example"",""x"")"\r\n');
  });

  it('shows hostile log text in a table without letting it drive the terminal', () => {
    const run = trailscope('query', '--case', caseFile, "SELECT user_agent FROM events WHERE event_id = 'hostile-1'");
    expect(run.stdout).toContain('<img src=x onerror=alert(1)>\\u001b[31mred\\u001b[0m');
    expect(run.stdout).not.toContain('\u001b');
  });

  it.each([
    ['DELETE FROM events', 'DELETE'],
    ['DROP TABLE sources', 'DROP'],
    ["UPDATE events SET event_name = 'x'", 'UPDATE'],
    ["SELECT 1; INSERT INTO notes VALUES (1, NULL, 'x', now(), now())", 'INSERT'],
    ["COPY events TO '/tmp/x.csv'", 'COPY'],
    ["ATTACH '/tmp/other.duckdb' AS other", 'ATTACH'],
  ])('refuses "%s" with exit 1 and changes nothing', (sql, verb) => {
    const run = trailscope('query', '--case', caseFile, sql);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Refused: .*${verb} statement.*read-only`));
    const [row] = trailscopeJson<{ n: string }[]>(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      'SELECT count(*) AS n FROM events',
    );
    expect(Number(row!.n)).toBe(6);
  });

  it('stops at --limit and says more rows exist', () => {
    const run = trailscope('query', '--case', caseFile, '--limit', '2', 'SELECT * FROM range(10)');
    expect(run.stdout).toContain('2 rows shown; more exist (raise --limit, or --out PATH for every row)');
  });

  it('lists the built-in hunts and runs one by its id', () => {
    const list = trailscope('query', '--hunts');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^access-key-created-for-another-user +medium +T1098\.001 +Access keys created/m);
    const hunt = trailscope(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      '--hunt',
      'access-key-created-for-another-user',
    );
    expect(hunt.code).toBe(0);
    expect(JSON.parse(hunt.stdout)).toContainEqual(
      expect.objectContaining({
        event_key: 'hostile-1@111122223333',
        for_user: '=HYPERLINK("http://evil.example","x")',
      }),
    );
    expect(trailscope('query', '--case', caseFile, '--hunt', 'no-such-hunt')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('trailscope query --hunts'),
    });
  });

  it('shows a DuckDB error in one line with exit 1', () => {
    const run = trailscope('query', '--case', caseFile, 'SELECT nope FROM events');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Referenced column "nope" not found/);
  });

  it('summarizes the case with info --json', () => {
    const info = trailscopeJson<Record<string, unknown>>('info', '--case', caseFile, '--json');
    expect(info).toEqual({
      lake: null,
      events: 6,
      sources: 4,
      errors: 1,
      first_event: '2015-06-17T19:12:20Z',
      last_event: '2024-03-01T12:00:00Z',
      accounts: ['111122223333', '123456789012', '777777777777', '80398EXAMPLE'],
      regions: ['us-east-1', 'us-east-2'],
      event_sources: ['cloudtrail.amazonaws.com', 'codepipeline.amazonaws.com', 'iam.amazonaws.com'],
    });
  });

  it.each([
    [['ingest', '--case', 'x.duckdb', '--bogus', 'a'], /Unknown option '--bogus'/],
    [['query', '--case', 'does-not-exist.duckdb', 'SELECT 1'], /No case file at .*does-not-exist.duckdb/],
    [['ingest', '--case', 'x.duckdb', 'no/such/folder'], /No such file or folder: no\/such\/folder/],
    [['ingest', 'folder'], /--case FILE is required/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [
      ['query', '--case', 'x.duckdb', '--format', 'xml', 'SELECT 1'],
      /--format must be one of table, csv, json, ndjson/,
    ],
  ])('gives one clear line and exit 2 for %j', (args, message) => {
    const run = trailscope(...args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync('x.duckdb')).toBe(false);
  });

  it('refuses a file that is not a case, and creates none where none was asked for', () => {
    const run = trailscope('info', '--case', fixture('corpus/stratus-cloudtrail-stop.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Cannot open .* as a case file: it is not a DuckDB database/);
    expect(fs.existsSync('does-not-exist.duckdb')).toBe(false);
  });

  it.each(['ingest', 'query', 'info'])('explains %s with --help', (command) => {
    const run = trailscope(command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: trailscope ${command} --case FILE`));
  });
});
