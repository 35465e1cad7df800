import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { chromiumPdf } from '../../electron/core/report/chromium-pdf.ts';
import { exportReport } from '../../electron/core/report/export-report.ts';
import { manifestCsv } from '../../electron/core/report/manifest-csv.ts';
import type { ManifestEntry } from '../../shared/model/report.ts';
import { visibleText } from '../../shared/visible-text.ts';
import { tarGzBuffer } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The report's manifest CSV carries names the evidence chose: archive members, file names and
 * the errors they caused. Opened in a spreadsheet, no cell may run as a formula, whatever
 * form of "=" it starts with, and no name may break out of its cell or its row.
 */
const dir = tempDir();
const FORMULA = /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66]/;

const HOSTILE_MEMBERS = [
  '=HYPERLINK("http://203.0.113.66/x","open").json.gz',
  "+cmd|' /C calc'!A0.json.gz",
  '-2+3.json.gz',
  '@SUM(A1)",evil,"x.json.gz',
  '\t=1+1.json.gz',
  '\r=1+1.json.gz',
  '＝fullwidth.json.gz',
  '﹢small-plus.json.gz',
  'a,b\nnext-row.json.gz',
];

const record = (i: number) => ({
  eventVersion: '1.08',
  eventTime: `2026-11-02T02:0${i}:00Z`,
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'us-east-1',
  eventID: `hostile-csv-${i}`,
  recipientAccountId: '111122223333',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/mallory' },
  sourceIPAddress: '203.0.113.66',
});

describe('the manifest CSV of a report', () => {
  let store: CaseStore;
  let rows: Record<string, string>[];
  let raw: string;

  beforeAll(async () => {
    const evidence = path.join(dir, 'evidence');
    fs.mkdirSync(evidence);
    // A tarball, whose names are bytes as given: a zip without its UTF-8 flag names members in CP437.
    fs.writeFileSync(
      path.join(evidence, 'export.tar.gz'),
      await tarGzBuffer([
        ...HOSTILE_MEMBERS.map((name, i) => ({ name, data: zlib.gzipSync(JSON.stringify({ Records: [record(i)] })) })),
        { name: '=broken.json.gz', data: Buffer.from('=not gzip at all') },
      ]),
    );
    store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
    await ingest(store, [evidence]);
    const exported = await exportReport(store, { format: 'md' }, chromiumPdf);
    raw = fs.readFileSync(exported.manifest_csv.path, 'utf8');
    rows = parse(raw, { columns: true }) as Record<string, string>[];
  });
  afterAll(() => store.close());

  it('holds a row for every member, each name whole in its own cell', () => {
    const members = rows.map((r) => r.member).filter(Boolean);
    expect(members).toHaveLength(HOSTILE_MEMBERS.length + 1);
    for (const name of HOSTILE_MEMBERS) {
      const shown = visibleText(name);
      expect(members).toContainEqual(FORMULA.test(name) ? `'${shown}` : shown);
    }
  });

  it('starts no text cell with what a spreadsheet would run', () => {
    for (const row of rows)
      for (const [column, cell] of Object.entries(row))
        expect(FORMULA.test(cell), `${column}: ${JSON.stringify(cell)}`).toBe(false);
  });

  it('quotes what CSV must: no name adds a row or a column', () => {
    expect(raw.split('\r\n').filter(Boolean)).toHaveLength(rows.length + 1);
    for (const row of rows) expect(Object.keys(row)).toHaveLength(13);
    expect(raw).toContain('"\'@SUM(A1)"",evil,""x.json.gz"');
  });

  it('keeps the file that could not be read, with its error, as data', () => {
    const broken = rows.find((r) => r.member === "'=broken.json.gz")!;
    expect(broken.status).toBe('error');
    expect(broken.error).not.toBe('');
  });
});

describe('a manifest entry whose every text field is hostile', () => {
  it('writes each formula as text and each number as a number', () => {
    const entry: ManifestEntry = {
      source_id: 7,
      path: '=cmd|" /C calc"!A0',
      member: '@evil',
      kind: 'log',
      status: 'error',
      size_stored: 10,
      size_content: null,
      sha256_stored: null,
      sha256_content: null,
      record_count: 0,
      ingested_at: '2026-11-03T10:00:00Z',
      error: '-1+1 is not JSON\u001b[2J',
      integrity: null,
    };
    const [, line] = manifestCsv([entry]).split('\r\n');
    expect(line).toBe(
      `7,"'=cmd|"" /C calc""!A0",'@evil,log,error,,10,,,,0,2026-11-03T10:00:00Z,'-1+1 is not JSON\\u001b[2J`,
    );
  });
});
