import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { exportResult } from '../../electron/core/query/export-result.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import { trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Query results carry log text, which an attacker wrote: printed as CSV to a terminal or
 * opened in a spreadsheet, no cell may drive the terminal or run as a formula, whatever its
 * type (text, BLOB, ENUM) and whatever form of "=" it starts with.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'case.duckdb');

const HOSTILE_CELLS = `SELECT
  'evil' || chr(27) || '[2J' || chr(27) || ']0;pwned' || chr(7) AS escape,
  'admin' || chr(8238) || 'gnp.exe' AS bidi,
  '＝HYPERLINK("http://x","y")' AS fullwidth,
  '﹦1+1' AS small_form,
  '=cmd|'' /C calc''!A0'::BLOB AS blob_formula,
  CAST('+1' AS ENUM('+1', 'b')) AS enum_formula,
  chr(9) || '=1+1' AS tab_first,
  -5::BIGINT AS negative`;

beforeAll(() => {
  const run = trailscope(
    'ingest',
    '--case',
    caseFile,
    '--no-detect',
    'test/fixtures/corpus/stratus-cloudtrail-stop.json',
  );
  expect(run.code, run.stderr).toBe(0);
});

describe('CSV printed by the CLI', () => {
  let cells: string[];
  beforeAll(() => {
    const run = trailscope('query', '--case', caseFile, '--format', 'csv', HOSTILE_CELLS);
    expect(run.code, run.stderr).toBe(0);
    cells = run.stdout.split('\r\n')[1]!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  });

  it('shows terminal escapes and bidirectional overrides as their codes', () => {
    expect(cells[0]).toBe('evil\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(cells[1]).toBe('admin\\u202egnp.exe');
    expect(cells.join('')).not.toMatch(/[\u001b\u0007\u202e]/);
  });

  it('neutralizes formulas in fullwidth and small forms, BLOB and ENUM cells and after a tab', () => {
    expect(cells[2]).toBe('"\'＝HYPERLINK(""http://x"",""y"")"');
    expect(cells[3]).toBe("'﹦1+1");
    expect(cells[4]).toMatch(/^"?'=cmd/);
    expect(cells[5]).toBe("'+1");
    expect(cells[6]).toBe("'\t=1+1");
  });

  it('leaves a negative number a number', () => {
    expect(cells[7]).toBe('-5');
  });
});

describe('CSV exported from the console', () => {
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open(caseFile);
  });
  afterAll(() => store.close());

  it('neutralizes formulas in every column but numbers, and keeps numbers as they are', async () => {
    const sessions = new QuerySessions(store);
    await sessions.run('hostile', HOSTILE_CELLS);
    const exported = await exportResult(store, sessions, 'hostile', 'csv', null);
    await sessions.closeAll();
    const [, row] = fs.readFileSync(exported.path, 'utf8').split('\n');
    expect(row).toContain(`'＝HYPERLINK`);
    expect(row).toContain(`'﹦1+1`);
    expect(row).toContain(`'=cmd`);
    expect(row).toContain(`'+1`);
    expect(row).toMatch(/'\t=1\+1/);
    expect(row!.trim().endsWith(',-5')).toBe(true);
  });
});

describe('the CLI piped into a reader that stops early', () => {
  // 200,000 rows also prove the table layout survives a long result.
  it.each([['table'], ['csv'], ['json'], ['ndjson']])('exits 0 without a stack trace (%s)', (format) => {
    const script = `node bin/trailscope.js query --case '${caseFile}' --format ${format} --limit 200000 'SELECT * FROM range(200000)' | head -c 100 > /dev/null; echo "exit=\${PIPESTATUS[0]}" >&2`;
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(run.stderr.trim()).toBe('exit=0');
  });
});

describe('the CLI’s one-line errors', () => {
  // Errors quote what they refused: a table name from the SQL, a command, a keys file's content.
  const ESCAPES = ['\x1b]0;pwned\x07', '\x1b[2J', '\u202egnp.exe', '\x9b31m'];
  it.each(ESCAPES.map((e) => [JSON.stringify(e), e]))('show %s as its code on stderr', (_name, escape) => {
    const fromSql = trailscope('query', '--case', caseFile, `SELECT * FROM "${escape}"`);
    const unknownCommand = trailscope(`bogus${escape}`);
    for (const run of [fromSql, unknownCommand]) {
      expect([1, 2]).toContain(run.code);
      expect(run.stderr).not.toContain(escape);
      expect(run.stderr).toMatch(/\\u(001b|202e|009b)/);
    }
  });
});
