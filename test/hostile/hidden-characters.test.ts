import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlLiteral } from '../../electron/core/case/sql.ts';
import { caselessPattern } from '../../electron/core/explore/filter-sql.ts';
import { html, mdText, mdValue } from '../../electron/core/report/escape.ts';
import { controlSafeJson, oneLineVisibleText, visibleText } from '../../shared/visible-text.ts';
import { trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Characters that show as nothing, or move the text around them, in a log value an attacker
 * wrote: a user agent that reads `aws-cli` with an invisible message behind it in tag
 * characters, an ARN with a zero-width or filler character that looks like another principal's.
 * Wherever Trailscope shows or rewrites log text (the app, the CLI, JSON, reports, the SQL and
 * search patterns it writes for the console), each is written as its code.
 */
const HIDDEN: [name: string, text: string][] = [
  ['tag characters spelling "hi"', '\u{e0001}\u{e0068}\u{e0069}\u{e007f}'],
  ['variation selectors', '\ufe0f\u{e0100}\u{e01ef}'],
  ['the Arabic letter mark', '\u061c'],
  ['word joiner and invisible operators', '\u2060\u2061\u2062\u2063\u2064'],
  ['deprecated format characters', '\u206a\u206f'],
  ['the Mongolian vowel separator', '\u180e'],
  ['interlinear annotation marks', '\ufff9\ufffa\ufffb'],
  ['soft hyphen and combining grapheme joiner', '\u00ad\u034f'],
  ['Hangul fillers', '\u115f\u1160\u3164\uffa0'],
  ['zero-width space, joiners and marks', '\u200b\u200c\u200d\u200e\u200f'],
  ['bidirectional embeddings, overrides and isolates', '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'],
  ['byte order mark', '\ufeff'],
  ['line and paragraph separators', '\u2028\u2029'],
  ['C0 and C1 controls', '\u0000\u0007\u001b\u007f\u0085\u009b'],
];

/** Any of them left raw. */
const RAW =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e0fff}]/u;

const around = (hidden: string) => `arn:aws:iam::111122223333:user/ad${hidden}min`;

describe('hidden characters in log text', () => {
  it.each(HIDDEN)('%s are shown as their codes, in the app and the reports', (_name, hidden) => {
    const text = around(hidden);
    for (const shown of [visibleText(text), oneLineVisibleText(text), html(text), mdValue(text), mdText(text)]) {
      expect(shown).not.toMatch(RAW);
      expect(shown).toContain('arn:aws:iam::111122223333:user/ad');
      expect(shown).toMatch(/\\u([0-9a-f]{4}|\{[0-9a-f]{5}\})/);
    }
  });

  it('writes a character beyond the Basic Multilingual Plane as one code, and leaves visible ones alone', () => {
    expect(visibleText('a\u{e0041}b')).toBe('a\\u{e0041}b');
    expect(visibleText('ünïcödé 🦆 漢字 عربي')).toBe('ünïcödé 🦆 漢字 عربي');
    expect(visibleText('tab\tand newline\n stay')).toBe('tab\tand newline\n stay');
    expect(oneLineVisibleText('tab\tnewline\n')).toBe('tab\\u0009newline\\u000a');
  });

  it('shows a lone surrogate as its code, not as the replacement character', () => {
    expect(visibleText('lone \ud800 surrogate')).toBe('lone \\ud800 surrogate');
  });

  it.each(HIDDEN)('%s are escaped in JSON, which parses back to the same text', (_name, hidden) => {
    const value = { userAgent: around(hidden), nested: [hidden] };
    for (const indent of [undefined, 2]) {
      const json = controlSafeJson(value, indent);
      expect(json).not.toMatch(RAW);
      expect(JSON.parse(json)).toEqual(value);
    }
  });
});

describe('hidden characters in the SQL Trailscope writes for the console', () => {
  let instance: DuckDBInstance;
  const value = async (sql: string) =>
    (await (await instance.connect()).runAndReadAll(sql)).getRows()[0]![0] as string | boolean;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  it.each(HIDDEN)('%s are written as chr(n) in a literal that reads back the same', async (_name, hidden) => {
    const text = `${around(hidden)}'; --\ttab\nline`;
    const literal = sqlLiteral(text);
    expect(literal).not.toMatch(RAW);
    expect(literal).not.toMatch(/[\t\n]/);
    // DuckDB gives back a NUL as nothing else can be: compare past it.
    expect(await value(`SELECT ${literal} = ${sqlLiteral(text)} AND length(${literal}) = ${[...text].length}`)).toBe(
      true,
    );
    if (!text.includes('\u0000')) expect(await value(`SELECT ${literal}`)).toBe(text);
  });

  it.each(HIDDEN)('%s are written as code points in a search pattern that still finds them', async (_name, hidden) => {
    const pattern = caselessPattern(`ad${hidden}min`);
    expect(pattern).not.toMatch(RAW);
    expect(await value(`SELECT regexp_matches(${sqlLiteral(around(hidden))}, ${sqlLiteral(pattern)})`)).toBe(true);
    expect(await value(`SELECT regexp_matches(${sqlLiteral(around(''))}, ${sqlLiteral(pattern)})`)).toBe(false);
  });
});

describe('hidden characters printed by the CLI', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'case.duckdb');
  const hidden = HIDDEN.map(([, text]) => text).join('|');
  const record = {
    eventVersion: '1.08',
    eventTime: '2026-11-02T10:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: `aws-cli/2.15.0${hidden}`,
    userIdentity: { type: 'IAMUser', arn: around(hidden), accountId: '111122223333' },
    eventID: '5f1d0c1e-hidden-characters',
    recipientAccountId: '111122223333',
  };
  beforeAll(() => {
    fs.writeFileSync(path.join(dir, 'trail.json'), JSON.stringify({ Records: [record] }));
    const run = trailscope('ingest', '--case', caseFile, '--no-detect', path.join(dir, 'trail.json'));
    expect(run.code, run.stderr).toBe(0);
  });

  it.each([['table'], ['csv'], ['json'], ['ndjson']])('shows each as its code in %s output', (format) => {
    const run = trailscope(
      'query',
      '--case',
      caseFile,
      '--format',
      format,
      'SELECT user_agent, identity_arn, record FROM events',
    );
    expect(run.code, run.stderr).toBe(0);
    // CSV ends its rows with CRLF, as RFC 4180 writes them.
    expect(run.stdout.replaceAll('\r\n', '\n')).not.toMatch(RAW);
    expect(run.stdout).toContain('aws-cli/2.15.0');
    if (format === 'json') expect(JSON.parse(run.stdout)[0].user_agent).toBe(record.userAgent);
  });

  it('shows each as its code in the one-line error that quotes a name', () => {
    const run = trailscope('query', '--case', caseFile, `SELECT * FROM "${hidden.replaceAll('\u0000', '')}"`);
    expect(run.code).not.toBe(0);
    expect(run.stderr).not.toMatch(RAW);
  });
});
