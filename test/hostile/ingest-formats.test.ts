import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEPT_REJECTIONS, MAX_REJECTED_TEXT_BYTES } from '../../electron/core/ingest/formats/format-limits.ts';
import type { Extracted } from '../../electron/core/ingest/formats/recognition.ts';
import { recognize } from '../../electron/core/ingest/recognize.ts';
import { writeFile } from '../helpers/archives.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Files whose content, not size, was the attack: a megabyte of gzip that unpacks to hundreds
 * of megabytes of one byte or one line, which V8 could not split into strings or objects and
 * which took the process (and `trailscope serve`) down; and JSON that hid records from the
 * ingest. Each becomes a `sources` row with a reason, the process alive and its memory about
 * the size of the file.
 */

const MiB = 1024 * 1024;
const root = tempDir('trailscope-hostile-formats-');
const bin = path.resolve('bin/trailscope.js');

interface Run {
  summary: { events_added: number; errors: { path: string; message: string }[] };
  peakBytes: number;
}

interface Source {
  path: string;
  status: string;
  error: string | null;
  record_count: number;
  rejected_count: number;
}

/** Writes `head`, `times` copies of `piece`, then `tail`, gzipped as it goes; returns the size unpacked. */
async function gzipped(file: string, head: string, piece: string, times: number, tail = ''): Promise<number> {
  const block = Buffer.from(piece.repeat(Math.max(1, Math.floor(MiB / piece.length))));
  const perBlock = block.length / piece.length;
  function* chunks() {
    yield Buffer.from(head);
    for (let left = times; left > 0; left -= perBlock)
      yield left >= perBlock ? block : block.subarray(0, left * piece.length);
    yield Buffer.from(tail);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await pipeline(Readable.from(chunks()), zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
  return Buffer.byteLength(head) + times * piece.length + Buffer.byteLength(tail);
}

/** The real CLI in a process of its own, with its peak RSS. */
function ingestMeasured(caseFile: string, input: string): Run {
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'max-rss-kb=%M', process.execPath, bin, 'ingest', '--case', caseFile, '--json', input],
    { encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/Error:|at .*\.ts:\d+|Fatal/);
  return {
    summary: JSON.parse(run.stdout) as Run['summary'],
    peakBytes: 1024 * Number(/max-rss-kb=(\d+)/.exec(run.stderr)![1]),
  };
}

const sourceOf = async (caseFile: string, name: string): Promise<Source> => {
  const found = await caseRows<Source>(
    caseFile,
    `SELECT path, status, error, record_count::INTEGER AS record_count, rejected_count::INTEGER AS rejected_count FROM sources WHERE path LIKE '%/${name}'`,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};

const count = async (caseFile: string, sql: string): Promise<number> =>
  Number((await caseRows<{ n: string }>(caseFile, `SELECT count(*) AS n FROM (${sql})`))[0]!.n);

/** Memory a CLI ingest takes besides the file it holds: Node, tsx, DuckDB (measured 180 MB). */
const PROCESS_BYTES = 400 * MiB;

describe.each([
  {
    name: 'commas.json.gz',
    what: '300 MB of commas',
    head: '',
    piece: ',',
    times: 300 * MiB,
    reason: /^not a CloudTrail file: it starts with ",{40}"$/,
  },
  {
    name: 'newlines.json.gz',
    what: '200 MB of newlines',
    head: '',
    piece: '\n',
    times: 200 * MiB,
    reason: /^the file holds only whitespace$/,
  },
  {
    name: 'empty-objects.jsonl.gz',
    what: '100 million lines of {}',
    head: '',
    piece: '{}\n',
    times: 100_000_000,
    reason:
      /^not a CloudTrail file: a JSON-lines file with no CloudTrail record in its 100000000 entries \(the first: not a CloudTrail record \(keys: none\)\)$/,
  },
])('a gzip of about a megabyte that unpacks to $what', ({ name, head, piece, times, reason }) => {
  const dir = path.join(root, name.replace(/\W/g, '-'));
  const caseFile = path.join(dir, 'case.duckdb');
  let size = 0;
  let run: Run;

  beforeAll(async () => {
    size = await gzipped(path.join(dir, name), head, piece, times);
    expect(fs.statSync(path.join(dir, name)).size).toBeLessThan(2 * MiB);
    run = ingestMeasured(caseFile, path.join(dir, name));
  }, 180_000);

  it('is one source in error with a reason, not a dead process or a row per line', async () => {
    expect(run.summary.errors).toEqual([{ path: path.join(dir, name), message: expect.stringMatching(reason) }]);
    expect(await sourceOf(caseFile, name)).toMatchObject({ status: 'error', record_count: 0 });
    expect(await count(caseFile, 'SELECT * FROM rejected_records')).toBe(0);
  });

  it('takes memory for the file once, not for its lines', () => {
    expect(run.peakBytes).toBeLessThan(size + PROCESS_BYTES);
  });
});

const record = (eventID: string, extra = '') =>
  `{"eventVersion":"1.08","eventTime":"2024-03-04T05:06:07Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"eu-west-1","eventID":"${eventID}","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","userName":"mallory"},"ratio":9.82222E-5${extra}}`;

describe('variants, ingested together', () => {
  const dir = path.join(root, 'variants');
  const evidence = path.join(dir, 'evidence');
  const caseFile = path.join(dir, 'case.duckdb');
  let run: Run;
  let unpacked = 0;
  const REAL = 100;
  const JUNK_PER_REAL = 2_500;
  const junkKinds = [
    '{}',
    'garbage',
    '[1,2]',
    '{"a":',
    '{"eventName":"x"}',
    '"text"',
    '{"CloudTrailEvent":"not json"}',
    '{"detail-type":"x","detail":{"a":1}}',
    '{"a":1} trailing',
    '{"x":1}}',
  ];
  const longLine = `{"eventTime":"2024-03-04T05:06:07Z","pad":"${'p'.repeat(9 * MiB)}"}`;
  const realLines: string[] = [];

  beforeAll(async () => {
    unpacked += await gzipped(path.join(evidence, 'brackets.json.gz'), '', '[', 64 * MiB);
    unpacked += await gzipped(path.join(evidence, 'spaces.json.gz'), '', ' ', 100 * MiB);
    unpacked += await gzipped(path.join(evidence, 'braces.json.gz'), '{"a":', '{"a":', 20 * MiB);
    unpacked += await gzipped(
      path.join(evidence, 'giant-cell.csv.gz'),
      'Event ID,Event time,Event name,CloudTrail event\r\ne-1,2024-03-04T05:06:07Z,GetObject,"',
      'x',
      100 * MiB,
      '"\r\n',
    );
    unpacked += await gzipped(
      path.join(evidence, 'comma-row.csv.gz'),
      'Event ID,Event time,Event name\n',
      ',',
      100 * MiB,
      '\n',
    );
    unpacked += await gzipped(
      path.join(evidence, 'empty-rows.csv.gz'),
      'Event ID,Event time,Event name\r\n',
      '\r\n',
      20_000_000,
    );
    unpacked += await gzipped(path.join(evidence, 'empty-records.json.gz'), '{"Records":[', '{},', 20_000_000, '{}]}');

    const lines: string[] = [longLine];
    for (let i = 0; i < REAL; i++) {
      const line = record(`mix-${i}`, i % 2 === 0 ? ',"utf8":"日本語 ✓ \\u00e9"' : '');
      realLines.push(line);
      lines.push(i % 3 === 0 ? `2024-03-04T05:06:08.000Z ${line}` : line);
      for (let j = 0; j < JUNK_PER_REAL; j++) lines.push(junkKinds[j % junkKinds.length]!);
    }
    writeFile(path.join(evidence, 'mixed.jsonl'), `${lines.join('\r\n')}\r\n\r\n`);

    const r = (i: number) => record(`dup-${i}`);
    writeFile(path.join(evidence, 'records-twice.json'), `{"Records":[${r(1)},${r(2)}],"Records":[]}`);
    writeFile(
      path.join(evidence, 'records-thrice.json'),
      `{"Records":[${r(3)}],"Records":[${r(4)},${r(5)}],"Records":[${r(6)}]}`,
    );
    writeFile(path.join(evidence, 'records-not-a-list.json'), `{"Records":[${r(7)}],"Records":{"eventTime":"x"}}`);
    writeFile(path.join(evidence, 'records-escaped.json'), `{"Records":[${r(8)}],"Rec\\u006frds":[${r(9)}]}`);

    run = ingestMeasured(caseFile, evidence);
  }, 180_000);

  it('keeps every process alive and memory near what the files unpack to', () => {
    expect(run.peakBytes).toBeLessThan(unpacked + PROCESS_BYTES);
  });

  it.each([
    ['brackets.json.gz', /^invalid JSON at line 1, column 1002: nested more than 1000 levels deep$/],
    ['spaces.json.gz', /^the file holds only whitespace$/],
    ['braces.json.gz', /^invalid JSON at line 1, column \d+: nested more than 1000 levels deep$/],
    [
      'giant-cell.csv.gz',
      /^unreadable CSV: line 2 is \d+ bytes, more than a row holding one record \(at most 4 MiB\) can be, so it and the lines after it were not read; the 0 row\(s\) before it were read$/,
    ],
    ['comma-row.csv.gz', /^unreadable CSV: line 2 is 104857600 bytes, more than a row/],
    [
      'empty-rows.csv.gz',
      /^the CSV has more than 5000000 lines, more than an Event-history download of at most 512 MiB holds; the lines from 5000001 on were not read/,
    ],
  ])('reads %s as one source in error, saying why', async (name, reason) => {
    expect(await sourceOf(caseFile, name)).toMatchObject({
      status: 'error',
      record_count: 0,
      error: expect.stringMatching(reason),
    });
  });

  it('counts 20 million empty objects in a Records array exactly and keeps the first 1,000', async () => {
    const source = await sourceOf(caseFile, 'empty-records.json.gz');
    expect(source).toMatchObject({ status: 'error', record_count: 0, rejected_count: 20_000_001 });
    expect(source.error).toMatch(
      /^20000001 record\(s\) not loaded, first record 0: the record is an empty JSON object$/,
    );
    expect(
      await count(
        caseFile,
        `SELECT * FROM rejected_records JOIN sources USING (source_id) WHERE path LIKE '%/empty-records.json.gz'`,
      ),
    ).toBe(MAX_KEPT_REJECTIONS);
  });

  it('loads the real records among JSON-lines junk exactly, and counts the junk exactly', async () => {
    const source = await sourceOf(caseFile, 'mixed.jsonl');
    expect(source).toMatchObject({ status: 'error', record_count: REAL, rejected_count: REAL * JUNK_PER_REAL + 1 });
    const stored = await caseRows<{ record: string }>(
      caseFile,
      `SELECT record FROM events WHERE event_id LIKE 'mix-%' ORDER BY record_index`,
    );
    expect(stored.map((s) => s.record)).toEqual(realLines);
  });

  it('keeps 1,000 of the junk lines, each with a reason and at most 64 KiB of its text', async () => {
    const kept = await caseRows<{ record_index: number; reason: string; bytes: number }>(
      caseFile,
      `SELECT record_index, reason, strlen(record) AS bytes FROM rejected_records JOIN sources USING (source_id) WHERE path LIKE '%/mixed.jsonl' ORDER BY record_index`,
    );
    expect(kept).toHaveLength(MAX_KEPT_REJECTIONS);
    expect(Math.max(...kept.map((k) => k.bytes))).toBeLessThanOrEqual(MAX_REJECTED_TEXT_BYTES);
    expect(kept[0]!.reason).toMatch(
      new RegExp(
        `^the line is ${longLine.length} bytes, more than the 8 MiB Trailscope reads as one entry .*SHA-256 [0-9a-f]{64}; its first 64 KiB is kept here, the source file holds all of it\\)$`,
      ),
    );
    expect(kept.slice(1, 11).map((k) => k.reason)).toEqual([
      'not a CloudTrail record (keys: none)',
      'invalid JSON at line 4, column 1: unexpected "g"',
      'not a JSON object',
      'invalid JSON at line 6, column 6: the line ends before the JSON is closed',
      'not a CloudTrail record (keys: eventName)',
      'not a JSON object',
      'its CloudTrailEvent is not a JSON object',
      'its EventBridge detail is not a CloudTrail record (keys: a)',
      'invalid JSON at line 11, column 9: unexpected data after the JSON value',
      'invalid JSON at line 12, column 8: unexpected data after the JSON value',
    ]);
  });

  it.each([
    [
      'records-twice.json',
      ['dup-1', 'dup-2'],
      /^the file has 2 "Records" keys \(CloudTrail writes one; other JSON readers see only one of them\); the records of every list were loaded$/,
    ],
    ['records-thrice.json', ['dup-3', 'dup-4', 'dup-5', 'dup-6'], /^the file has 3 "Records" keys/],
    [
      'records-not-a-list.json',
      ['dup-7'],
      /^the file has 2 "Records" keys .*; "Records" number 2 is an object, not a list of records; the records of every list were loaded$/,
    ],
    ['records-escaped.json', ['dup-8', 'dup-9'], /^the file has 2 "Records" keys/],
  ])(
    'loads the records of every "Records" key of %s and says the file has more than one',
    async (name, ids, reason) => {
      expect(await sourceOf(caseFile, name)).toMatchObject({
        status: 'error',
        record_count: ids.length,
        error: expect.stringMatching(reason),
      });
      const linked = await caseRows<{ event_id: string; record_index: number }>(
        caseFile,
        `SELECT e.event_id, l.record_index FROM event_sources l JOIN events e USING (event_key) JOIN sources s ON s.source_id = l.source_id WHERE s.path LIKE '%/${name}' ORDER BY l.record_index`,
      );
      expect(linked).toEqual(ids.map((event_id, record_index) => ({ event_id, record_index })));
    },
  );
});

describe('recognizing hostile buffers directly', () => {
  const extracted = (text: string) => {
    const result = recognize(Buffer.from(text), null);
    expect(result.ok).toBe(true);
    return result as Extracted;
  };

  it('keeps plain records of JSON lines and arrays as slices of the file, not copies', () => {
    for (const text of [`${record('a')}\n${record('b')}\n`, `[${record('a')},\n${record('b')}]`]) {
      const content = Buffer.from(text);
      const result = recognize(content, null) as Extracted;
      expect(result.records.type).toBe('slices');
      expect(result.records.type === 'slices' && result.records.buffer).toBe(content);
    }
  });

  it('reads a "Records" key spelled with escapes as the key it is', () => {
    const result = extracted(`{"\\u0052ecords":[${record('a')}],"Rec\\u006Frds":[${record('b')}]}`);
    expect(result.records.indexes).toEqual(new Uint32Array([0, 1]));
    expect(result.problem).toMatch(/^the file has 2 "Records" keys/);
  });

  it('does not take a key that only resembles "Records" for it', () => {
    const result = recognize(Buffer.from(`{"Records ":[${record('a')}]}`), null);
    expect(result).toMatchObject({
      ok: false,
      message: 'not a CloudTrail file: a JSON object with keys Records  and no "Records" array',
    });
  });

  it('keeps the rows of an Event-history CSV before a row with another number of columns', () => {
    const result = extracted(
      'Event ID,Event time,Event name\r\ne-1,2024-03-04T05:06:07Z,A\r\ne-2,2024-03-04T05:06:07Z\r\ne-3,2024-03-04T05:06:07Z,C\r\n',
    );
    expect(result.records.indexes).toHaveLength(1);
    expect(result.problem).toMatch(
      /^unreadable CSV: Invalid Record Length: expect 3, got 2 on line 3; the 1 row\(s\) before it were read$/,
    );
  });

  it('counts the rejections of a JSON array exactly and keeps the first 1,000', () => {
    const result = extracted(`[${record('a')},${'7,'.repeat(5_000)}${record('b')}]`);
    expect(result.records.indexes).toEqual(new Uint32Array([0, 5_001]));
    expect(result).toMatchObject({ rejectedTotal: 5_000, rejected: expect.any(Array) });
    expect(result.rejected).toHaveLength(MAX_KEPT_REJECTIONS);
  });
});
