import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from '../helpers/archives.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * `trailscope query --out PATH`: the whole result, as the console exports it (every row, every
 * cell whole, logged in the case with its SHA-256), copied to where the user asked. Printed
 * answers stop at 64 MiB and cut cells at 64 KiB; this is the way to all of it from a script.
 */
interface Written {
  path: string;
  format: string;
  rows: number;
  bytes: number;
  sha256: string;
  case_export: string;
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function readWithDuckDB(sql: string): Promise<Record<string, unknown>[]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    db.closeSync();
  }
}

describe('trailscope query --out', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'case.duckdb');
  const BIG = 'q'.repeat(100_000);

  beforeAll(() => {
    const records = Array.from({ length: 3 }, (_, i) => ({
      eventVersion: '1.08',
      eventTime: `2024-03-01T12:00:0${i}Z`,
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      awsRegion: 'us-east-1',
      eventID: `out-${i}`,
      recipientAccountId: '111122223333',
      userAgent: i === 0 ? '=HYPERLINK("http://evil.example","x")' : i === 1 ? BIG : 'aws-cli/2',
    }));
    writeFile(path.join(dir, 'in/log.json'), JSON.stringify({ Records: records }));
    expect(trailscope('ingest', '--case', caseFile, '--no-detect', path.join(dir, 'in')).code).toBe(0);
  });

  it('writes every row and every cell whole, prints what it wrote, and logs it in the case', async () => {
    const out = path.join(dir, 'results/agents.json');
    const sql = 'SELECT event_id, user_agent FROM events ORDER BY event_id';
    const written = trailscopeJson<Written>('query', '--case', caseFile, '--out', out, '--json', sql);
    expect(written).toMatchObject({ path: out, format: 'json', rows: 3, bytes: fs.statSync(out).size });
    expect(written.sha256).toBe(sha256(out));
    expect(sha256(written.case_export)).toBe(written.sha256);
    const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as { event_id: string; user_agent: string }[];
    expect(rows.map((r) => r.event_id)).toEqual(['out-0', 'out-1', 'out-2']);
    expect(rows[1]!.user_agent).toBe(BIG);

    const [logged] = trailscopeJson<{ detail: string }[]>(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      "SELECT detail FROM case_log WHERE action = 'query-exported' ORDER BY entry_id DESC LIMIT 1",
    );
    expect(JSON.parse(logged!.detail)).toMatchObject({ sha256: written.sha256, rows: 3, sql });
  });

  it('names the format by the extension or by --format, and keeps a CSV safe from spreadsheet formulas', async () => {
    const csv = path.join(dir, 'agents.csv');
    const run = trailscope(
      'query',
      '--case',
      caseFile,
      '--out',
      csv,
      'SELECT user_agent FROM events ORDER BY event_id',
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*agents\.csv \(csv, 3 rows, \d+ bytes, SHA-256 [0-9a-f]{64}\)\n$/);
    expect(fs.readFileSync(csv, 'utf8')).toContain(`'=HYPERLINK(`);

    const parquet = path.join(dir, 'agents.data');
    expect(
      trailscope('query', '--case', caseFile, '--out', parquet, '--format', 'parquet', 'SELECT * FROM events').code,
    ).toBe(0);
    const [counted] = await readWithDuckDB(
      `SELECT count(*) AS n, max(strlen(user_agent)) AS longest FROM read_parquet('${parquet}')`,
    );
    expect(counted).toEqual({ n: '3', longest: '100000' });
  });

  it('replaces a file already at PATH, as report --out does', () => {
    const out = path.join(dir, 'again.csv');
    fs.writeFileSync(out, 'old contents that must go\n'.repeat(1000));
    expect(trailscope('query', '--case', caseFile, '--out', out, 'SELECT 1 AS one').code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe('one\n1\n');
  });

  it.each([
    [['--out', 'x.txt', 'SELECT 1'], /cannot tell the format from "x\.txt": give --format csv\|json\|parquet/],
    [['--out', 'x.csv', '--format', 'table', 'SELECT 1'], /with --out, --format must be one of csv, json, parquet/],
    [['--out', 'x.csv', '--limit', '5', 'SELECT 1'], /--out writes every row: leave out --limit/],
    [['--json', 'SELECT 1'], /--json describes what --out wrote/],
  ])('refuses %j with exit 2', (args, message) => {
    const run = trailscope(
      'query',
      '--case',
      caseFile,
      ...args.map((a) => (a.startsWith('x.') ? path.join(dir, a) : a)),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fs.existsSync(path.join(dir, 'x.txt')) || fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it.each([
    ['DELETE FROM events', 1, /Refused: .*DELETE statement/],
    ['EXPLAIN SELECT * FROM events', 2, /cannot be exported as it is; wrap it/],
    ['SELECT nope FROM events', 1, /Referenced column "nope" not found/],
  ])('writes nothing for "%s", with exit %i', (sql, code, message) => {
    const out = path.join(dir, 'refused.csv');
    const run = trailscope('query', '--case', caseFile, '--out', out, sql);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(
      trailscopeJson<unknown[]>('query', '--case', caseFile, '--format', 'json', 'SELECT * FROM events'),
    ).toHaveLength(3);
  });

  it.each([
    ['the case file', () => caseFile],
    ['a link to the case file', () => linkTo(caseFile, 'case-link.csv')],
    ['its log, through a link that dangles while the case is closed', () => linkTo(`${caseFile}.wal`, 'wal-link.csv')],
  ])('never writes over %s, with query --out or report --out', (_, target) => {
    const out = target();
    for (const args of [
      ['query', '--case', caseFile, '--out', out, '--format', 'csv', 'SELECT 1'],
      ['report', '--case', caseFile, '--out', out, '--format', 'md'],
    ]) {
      const run = trailscope(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is the case's own (file|log): give --out another path/);
    }
    expect(fs.existsSync(`${caseFile}.wal`)).toBe(false);
    expect(
      trailscopeJson<unknown[]>('query', '--case', caseFile, '--format', 'json', 'SELECT * FROM events'),
    ).toHaveLength(3);
  });

  function linkTo(file: string, name: string): string {
    const link = path.join(dir, name);
    fs.rmSync(link, { force: true });
    fs.symlinkSync(file, link);
    return link;
  }
});
