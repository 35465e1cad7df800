import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { caseFolders } from '../../electron/core/case/case-folders.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { commitBatch, UNKNOWN_KEYS } from '../../electron/core/ingest/commit-batch.ts';
import { eventTimeProblemSql, isPlausibleEventTime } from '../../electron/core/ingest/event-time.ts';
import type { RecordSet } from '../../electron/core/ingest/formats/recognition.ts';
import { KeySet } from '../../electron/core/ingest/key-set.ts';
import { RecordReadings } from '../../electron/core/ingest/record-readings.ts';
import { type StagedSource, StagingBatch } from '../../electron/core/ingest/staging.ts';
import { writeFile } from '../helpers/archives.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Records that try to forge events through the staging files, to take a genuine event's key,
 * to carry a time no chart can draw, to say two things at once, or to be too big to store;
 * and a disk that fills up under a commit.
 */
const dir = tempDir();

type Row = Record<string, unknown>;

const record = (id: string, name = 'ListBuckets', extra = '', account = '"111122223333"') =>
  `{"eventVersion":"1.08","eventTime":"2024-01-02T03:04:05Z","eventSource":"cloudtrail.amazonaws.com","eventName":"${name}","awsRegion":"us-east-1","eventID":"${id}","recipientAccountId":${account}${extra}}`;
const trailLog = (...records: string[]) => `{"Records":[${records.join(',')}]}`;
const lookupLine = (cloudTrailEvent: string) =>
  JSON.stringify({
    EventId: 'x',
    EventName: 'x',
    ReadOnly: 'true',
    EventTime: '2024-01-02 03:04:05+00:00',
    CloudTrailEvent: cloudTrailEvent,
  });
const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;
const CSV_HEADER =
  'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only,Event source,CloudTrail event\r\n';
const csvRow = (id: string, cloudTrailEvent: string) =>
  `${id},2024-01-02T03:04:05Z,alice,ListBuckets,,,,us-east-1,,192.0.2.1,true,cloudtrail.amazonaws.com,${csvCell(cloudTrailEvent)}\r\n`;

/** A line of the checked staging file, as an attacker would write one. */
const forgedLine = (sourceId: number, index: number, id: string) =>
  `${sourceId}\x01${index}\x010\x01\x02${record(id, 'DeleteTrail')}\x02\n`;
/** A line of the fresh staging file, which holds the key. */
const forgedFreshLine = (sourceId: number, index: number, id: string) =>
  `${sourceId}\x01${index}\x01${id}@111122223333\x01\x02${record(id, 'DeleteTrail')}\x02\n`;

/**
 * A record that, staged raw, would end its own line after `byte` and add forged DeleteTrail
 * lines crediting genuine sources (1 and 2) with records they do not have, and one with a
 * record they do have (source 1, record 0), then a last line the staging file's own end closes.
 */
const carrier = (byte: number, tag: string) =>
  `{"eventTime":"2024-01-02T03:04:05Z","eventID":"carrier-${tag}","recipientAccountId":"111122223333","x":"${String.fromCharCode(byte)}\x02\n` +
  `${forgedLine(1, 99, `forged-a-${tag}`)}${forgedLine(2, 99, `forged-b-${tag}`)}${forgedLine(1, 0, `forged-c-${tag}`)}9\x019\x010\x01\x02{"a":"`;

const CONTROL_BYTES = [...Array.from({ length: 0x20 }, (_, b) => b), 0x7f];
const hex = (b: number) => b.toString(16).padStart(2, '0');

const query = (caseFile: string, sql: string) => caseRows<Row>(caseFile, sql);

/** The real CLI, without the detection run after it: these tests read what the ingest stored. */
function ingestCli(caseFile: string, ...paths: string[]) {
  const run = trailscope('ingest', '--case', caseFile, '--json', '--no-detect', ...paths);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { events_added: number; errors: { path: string; message: string }[] };
}

/**
 * Every event and every link names a (file, record index) that file holds: `held` maps a
 * file's base name to the record indexes it has.
 */
async function expectOnlyRecordsHeld(caseFile: string, held: Record<string, number[]>) {
  for (const table of ['events', 'event_sources']) {
    const rows = await query(
      caseFile,
      `SELECT s.path, t.record_index FROM ${table} t LEFT JOIN sources s USING (source_id) ORDER BY ALL`,
    );
    for (const row of rows) {
      const name = row.path === null ? '(no such source)' : path.basename(String(row.path));
      expect(held[name] ?? [], `${table}: ${name} record ${row.record_index}`).toContain(Number(row.record_index));
    }
  }
}

async function eventIds(caseFile: string): Promise<string[]> {
  return (await query(caseFile, 'SELECT event_id FROM events ORDER BY event_id')).map((r) => String(r.event_id));
}

async function forgedCount(caseFile: string): Promise<number> {
  const [row] = await query(
    caseFile,
    `SELECT count(*)::INTEGER AS n FROM events WHERE event_name = 'DeleteTrail' OR event_id LIKE 'forged%'`,
  );
  return Number(row!.n);
}

describe('a record cannot forge events through the staging file', () => {
  it('lookup-events whose CloudTrailEvent decodes to raw control bytes and forged lines: only the genuine events load', async () => {
    const root = path.join(dir, 'lookup');
    writeFile(path.join(root, 'a-genuine.json'), trailLog(record('g-1'), record('g-2')));
    const lines = [lookupLine(record('l-1')), ...CONTROL_BYTES.map((b) => lookupLine(carrier(b, hex(b))))];
    writeFile(path.join(root, 'b-lookup.jsonl'), `${lines.join('\n')}\n`);
    const caseFile = path.join(dir, 'lookup.duckdb');

    const summary = ingestCli(caseFile, root);

    expect(summary.events_added).toBe(3);
    expect(await eventIds(caseFile)).toEqual(['g-1', 'g-2', 'l-1']);
    expect(await forgedCount(caseFile)).toBe(0);
    await expectOnlyRecordsHeld(caseFile, { 'a-genuine.json': [0, 1], 'b-lookup.jsonl': [0] });
    const rejected = await query(caseFile, 'SELECT record_index, reason FROM rejected_records ORDER BY record_index');
    expect(rejected.map((r) => Number(r.record_index))).toEqual(CONTROL_BYTES.map((_, i) => i + 1));
    for (const r of rejected) expect(String(r.reason)).toMatch(/control (byte|character) 0x[0-9a-f]{2}/);
  });

  it('a console Event-history CSV whose CloudTrail event cell holds raw bytes and forged lines: only the genuine events load', async () => {
    const root = path.join(dir, 'csv');
    writeFile(path.join(root, 'a-genuine.json'), trailLog(record('g-1'), record('g-2')));
    const carriers = CONTROL_BYTES.map((b) => carrier(b, hex(b)));
    writeFile(
      path.join(root, 'b-history.csv'),
      CSV_HEADER + csvRow('c-1', record('c-1')) + carriers.map((c, i) => csvRow(`x-${i}`, c)).join(''),
    );
    const caseFile = path.join(dir, 'csv.duckdb');

    ingestCli(caseFile, root);

    expect(await eventIds(caseFile)).toEqual(['c-1', 'g-1', 'g-2']);
    expect(await forgedCount(caseFile)).toBe(0);
    await expectOnlyRecordsHeld(caseFile, { 'a-genuine.json': [0, 1], 'b-history.csv': [0] });
    const rejected = await query(caseFile, 'SELECT record_index, reason FROM rejected_records ORDER BY record_index');
    expect(rejected.map((r) => Number(r.record_index))).toEqual(carriers.map((_, i) => i + 1));
    carriers.forEach((text, i) => {
      const bytes = Buffer.from(text);
      const at = bytes.findIndex((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
      expect(rejected[i]!.reason).toBe(
        `the record holds a raw control byte 0x${hex(bytes[at]!)} at byte ${at}: not valid JSON (a control character in a string must be escaped)`,
      );
    });
    const [source] = await query(
      caseFile,
      `SELECT record_count, rejected_count, status, error FROM sources WHERE path LIKE '%b-history.csv'`,
    );
    expect(source).toMatchObject({ record_count: 1, rejected_count: carriers.length, status: 'error' });
    expect(String(source!.error)).toMatch(
      new RegExp(`^${carriers.length} record\\(s\\) not loaded, first record 1: the record holds a raw control byte`),
    );
  });

  it('the same bytes raw inside a .json.gz log file: that record is refused with its reason, the records around it load', async () => {
    for (const b of [0x02, 0x01, 0x00, 0x1f]) {
      const root = path.join(dir, `gz-${hex(b)}`);
      const rawByte = `{"eventTime":"2024-01-02T03:04:05Z","eventID":"raw-${hex(b)}","recipientAccountId":"111122223333","x":"${String.fromCharCode(b)}"}`;
      writeFile(path.join(root, 'a-genuine.json'), trailLog(record('g-1'), record('g-2')));
      writeFile(path.join(root, 'b-log.json.gz'), zlib.gzipSync(trailLog(record('b-1'), rawByte, record('b-3'))));
      // The whole carrier, raw: its forged lines hold quotes that break the file's structure, so the scan stops there.
      writeFile(
        path.join(root, 'c-log.json.gz'),
        zlib.gzipSync(trailLog(record('c-1'), carrier(b, hex(b)), record('c-3'))),
      );
      const caseFile = path.join(dir, `gz-${hex(b)}.duckdb`);

      ingestCli(caseFile, root);

      expect(await eventIds(caseFile)).toEqual(['b-1', 'b-3', 'c-1', 'g-1', 'g-2']);
      expect(await forgedCount(caseFile)).toBe(0);
      await expectOnlyRecordsHeld(caseFile, {
        'a-genuine.json': [0, 1],
        'b-log.json.gz': [0, 2],
        'c-log.json.gz': [0],
      });
      const rejected = await query(
        caseFile,
        `SELECT r.record_index, r.reason FROM rejected_records r JOIN sources s USING (source_id) WHERE s.path LIKE '%b-log.json.gz'`,
      );
      expect(rejected).toEqual([
        { record_index: 1, reason: expect.stringMatching(new RegExp(`raw control byte 0x${hex(b)} at byte \\d+`)) },
      ]);
      const [broken] = await query(caseFile, `SELECT status, error FROM sources WHERE path LIKE '%c-log.json.gz'`);
      expect(broken).toMatchObject({
        status: 'error',
        error: expect.stringMatching(/invalid JSON at line \d+, column \d+/),
      });
    }
  });
});

describe('staging itself refuses what a reader lets through', () => {
  const source = (id: number, name: string): StagedSource => ({
    source_id: id,
    path: name,
    member: null,
    kind: 'log',
    format: 'trail-log',
    size_stored: 1,
    size_content: 1,
    sha256_stored: `sha-${id}`,
    sha256_content: null,
    s3_key: null,
    sha256_first_member: null,
    bytes_after_first_member: null,
    org_id: null,
    account_id: null,
    region: null,
    log_date: null,
    record_count: 0,
    rejected_count: 0,
    status: 'ok',
    error: null,
    duplicate_of: null,
    ingest_id: 1,
  });

  /** A case with its ingest bookkeeping, and a batch staged in its staging folder. */
  async function staged(name: string, fill: (batch: StagingBatch) => void) {
    const caseFile = path.join(dir, `${name}.duckdb`);
    const store = await CaseStore.open(caseFile, { create: true });
    await store.writer.run(`CREATE OR REPLACE TEMP TABLE ${UNKNOWN_KEYS} (event_key VARCHAR)`);
    const stagingDir = path.join(caseFolders(store.path).staging, name);
    fs.mkdirSync(stagingDir, { recursive: true });
    const batch = new StagingBatch(stagingDir, 0, new KeySet());
    fill(batch);
    batch.finish();
    return { store, batch };
  }

  const slices = (records: string[]): RecordSet => {
    const buffer = Buffer.from(records.join(''), 'latin1');
    const starts: number[] = [];
    let at = 0;
    for (const r of records) {
      starts.push(at);
      at += r.length;
    }
    return {
      type: 'slices',
      buffer,
      starts: Uint32Array.from(starts),
      ends: Uint32Array.from(records.map((r, i) => starts[i]! + r.length)),
      indexes: Uint32Array.from(records.map((_, i) => i)),
      readings: new RecordReadings(),
    };
  };

  it('refuses every raw control byte but tab, LF and CR, naming it and where it is, in slices and in texts', async () => {
    const forbidden = CONTROL_BYTES.filter((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
    // Tab, CR and LF between tokens are JSON whitespace: a pretty-printed record is staged as it is.
    const pretty =
      '{\r\n\t"eventTime": "2024-01-02T03:04:05Z",\n\t"eventID": "pretty", "recipientAccountId": "111122223333", "eventName": "ListBuckets"\r\n}';
    const records = [
      record('g-1'),
      ...forbidden.map((b) => carrier(b, hex(b))),
      pretty,
      record('g-2', 'ListBuckets', `,"note":"${'\x7f'}"`),
    ];
    const fromSlices: ReturnType<StagingBatch['addRecords']>[] = [];
    const fromTexts: ReturnType<StagingBatch['addRecords']>[] = [];
    const { store, batch } = await staged('refuses', (batch) => {
      batch.addSource(source(1, 'slices.json'));
      batch.addSource(source(2, 'texts.json'));
      fromSlices.push(batch.addRecords(1, slices(records)));
      fromTexts.push(
        batch.addRecords(2, {
          type: 'texts',
          texts: records.map((r) => r.replace('g-', 't-').replace('pretty', 'pretty-text')),
          indexes: Uint32Array.from(records.map((_, i) => i)),
        }),
      );
    });
    for (const refused of [fromSlices[0]!, fromTexts[0]!]) {
      expect(refused.map((r) => r.index)).toEqual(forbidden.map((_, i) => i + 1));
      refused.forEach((r, i) => {
        const at = Buffer.from(records[i + 1]!, 'latin1').findIndex(
          (b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d,
        );
        expect(r.reason).toBe(
          `the record holds a raw control byte 0x${hex(Buffer.from(records[i + 1]!, 'latin1')[at]!)} at byte ${at}: not valid JSON (a control character in a string must be escaped)`,
        );
      });
    }
    const lines = fs.readFileSync(batch.freshPath, 'latin1') + fs.readFileSync(batch.checkedPath, 'latin1');
    expect(lines.includes('forged')).toBe(false);
    expect(batch.freshCount + batch.checkedCount).toBe(6);

    await commitBatch(store.writer, batch);
    const stored = await store.writer.runAndReadAll(
      'SELECT event_id, source_id, record_index FROM events ORDER BY source_id, record_index',
    );
    const last = records.length - 1;
    expect(stored.getRows()).toEqual([
      ['g-1', 1, 0],
      ['pretty', 1, last - 1],
      ['g-2', 1, last],
      ['t-1', 2, 0],
      ['pretty-text', 2, last - 1],
      ['t-2', 2, last],
    ]);
    store.close();
  });

  it("refuses a record that is not UTF-8 (DuckDB's CSV reader would fail on it), and stores rejections whose text is not well-formed", async () => {
    const records = [record('g-1'), record('bad', 'ListBuckets', ',"x":"\xff\xfe"'), record('g-2')];
    let refused: ReturnType<StagingBatch['addRecords']> = [];
    const { store, batch } = await staged('not-utf8', (batch) => {
      batch.addSource(source(1, 'a.json'));
      refused = batch.addRecords(1, slices(records));
      // A record decoded from a JSON string can hold a lone surrogate; DuckDB refuses one in JSON lines.
      batch.addRejections(1, [
        ...refused,
        { index: 7, reason: 'its CloudTrailEvent is not JSON: \ud800', text: '{"a":"\udc00"' },
      ]);
    });
    expect(refused.map((r) => [r.index, r.reason])).toEqual([[1, 'the record is not UTF-8 text']]);

    await commitBatch(store.writer, batch);
    expect((await store.writer.runAndReadAll('SELECT event_id FROM events ORDER BY 1')).getRows()).toEqual([
      ['g-1'],
      ['g-2'],
    ]);
    const rejected = await store.writer.runAndReadAll(
      'SELECT record_index, reason, record FROM rejected_records ORDER BY 1',
    );
    expect(rejected.getRows().slice(1)).toEqual([[7, 'its CloudTrailEvent is not JSON: \ufffd', '{"a":"\ufffd"']]);
    store.close();
  });

  it('stores source rows whose text is not well-formed, and keeps text that only looks like an escape', async () => {
    // A zip member's name or an error quoting one can hold a lone surrogate; a name can hold "\\ud800" as text.
    const names = [
      'lone \ud800 high',
      'lone \udfff low',
      'escape-like \\ud800 text',
      'both \\ud83d \udc00',
      'astral \u{1f600}',
    ];
    const { store, batch } = await staged('source-text', (batch) => {
      names.forEach((name, i) =>
        batch.addSource({ ...source(i + 1, 'a.zip'), member: name, error: `cannot read ${name}` }),
      );
    });
    await commitBatch(store.writer, batch);
    const stored = await store.writer.runAndReadAll('SELECT member, error FROM sources ORDER BY source_id');
    const expected = [
      'lone \ufffd high',
      'lone \ufffd low',
      'escape-like \\ud800 text',
      'both \\ud83d \ufffd',
      'astral \u{1f600}',
    ];
    expect(stored.getRows()).toEqual(expected.map((name) => [name, `cannot read ${name}`]));
    store.close();
  });

  it('rolls the batch back when DuckDB reads a pair that was not staged (a line added after finish)', async () => {
    const { store, batch } = await staged('forged-after-finish', (batch) => {
      batch.addSource(source(1, 'a.json'));
      batch.addRecords(1, slices([record('g-1'), record('g-2')]));
    });
    fs.appendFileSync(batch.freshPath, forgedFreshLine(1, 99, 'forged-late'));

    await expect(commitBatch(store.writer, batch)).rejects.toThrow(
      'The staging files did not hold what ingest wrote (2 mismatch(es), first: source 1: DuckDB read 3 record(s), 3 distinct, indexes 0 to 99; ingest staged 2, indexes 0 to 1), so nothing of the batch was committed.',
    );
    const counts = await store.writer.runAndReadAll(
      'SELECT (SELECT count(*) FROM events)::INTEGER, (SELECT count(*) FROM sources)::INTEGER, (SELECT count(*) FROM rejected_records)::INTEGER',
    );
    expect(counts.getRows()).toEqual([[0, 0, 0]]);
    store.close();
  });

  it('rolls the batch back when a line names a staged pair twice', async () => {
    const { store, batch } = await staged('forged-twice', (batch) => {
      batch.addSource(source(1, 'a.json'));
      batch.addRecords(1, slices([record('g-1'), record('g-2')]));
    });
    fs.appendFileSync(batch.freshPath, forgedFreshLine(1, 0, 'forged-twin'));

    await expect(commitBatch(store.writer, batch)).rejects.toThrow(
      'first: source 1: DuckDB read 3 record(s), 2 distinct, indexes 0 to 1; ingest staged 2, indexes 0 to 1)',
    );
    expect((await store.writer.runAndReadAll('SELECT count(*)::INTEGER FROM events')).getRows()).toEqual([[0]]);
    store.close();
  });

  it('rolls the batch back when a staged file changed after finish, even with its lines intact', async () => {
    const { store, batch } = await staged('changed-after-finish', (batch) => {
      batch.addSource(source(1, 'a.json'));
      batch.addRecords(1, slices([record('g-1'), record('g-2')]));
    });
    // Same length, same pairs: only the record's words differ, as a COPY into the staging folder could make them.
    const text = fs.readFileSync(batch.freshPath, 'latin1');
    fs.writeFileSync(batch.freshPath, text.replace('"ListBuckets"', '"DeleteTrail"'), 'latin1');

    await expect(commitBatch(store.writer, batch)).rejects.toThrow(
      /The staging file .*fresh-0\.csv changed after ingest wrote it.*nothing of the batch was committed/,
    );
    expect((await store.writer.runAndReadAll('SELECT count(*)::INTEGER FROM events')).getRows()).toEqual([[0]]);
    store.close();
  });
});

describe('an event key cannot be taken by another record', () => {
  it('keeps eventID "a@b" in account "c" and eventID "a" in account "b@c" apart, in one run and across runs', async () => {
    const planted = record('a@b', 'PlantedCall', '', '"c"');
    const genuine = record('a', 'GenuineCall', '', '"b@c"');
    const percent = record('a%40b', 'PercentCall', '', '"c"');
    const root = path.join(dir, 'keys');
    writeFile(path.join(root, 'one', 'a.json'), trailLog(planted, genuine, percent));
    writeFile(path.join(root, 'two', 'b.json'), trailLog(record('x@y', 'First', '', '"z"')));
    writeFile(
      path.join(root, 'three', 'c.json'),
      trailLog(record('x', 'Second', '', '"y@z"'), record('x@y', 'First', '', '"z"')),
    );
    const caseFile = path.join(dir, 'keys.duckdb');

    ingestCli(caseFile, path.join(root, 'one'));
    ingestCli(caseFile, path.join(root, 'two'));
    ingestCli(caseFile, path.join(root, 'three'));

    const events = await query(caseFile, 'SELECT event_key, event_name FROM events ORDER BY event_key');
    expect(events).toEqual([
      { event_key: 'a%2540b@c', event_name: 'PercentCall' },
      { event_key: 'a%40b@c', event_name: 'PlantedCall' },
      { event_key: 'a@b@c', event_name: 'GenuineCall' },
      { event_key: 'x%40y@z', event_name: 'First' },
      { event_key: 'x@y@z', event_name: 'Second' },
    ]);
    const links = await query(
      caseFile,
      `SELECT event_key, count(*)::INTEGER AS n FROM event_sources WHERE event_key LIKE 'x%' GROUP BY ALL ORDER BY ALL`,
    );
    expect(links).toEqual([
      { event_key: 'x%40y@z', n: 2 },
      { event_key: 'x@y@z', n: 1 },
    ]);
  });
});

describe('an event time must be one CloudTrail could have written', () => {
  const rejectedTimes: [string, RegExp][] = [
    ['"294247-01-10T04:00:54Z"', /is not an ISO 8601 time/],
    ['"0001-01-01T00:00:00Z"', /is before 2006-01-01/],
    ['"infinity"', /is not an ISO 8601 time/],
    ['"-infinity"', /is not an ISO 8601 time/],
    ['"epoch"', /is not an ISO 8601 time/],
    ['"2024-01-01T00:00:00Z BC"', /is not an ISO 8601 time/],
    ['"0044-03-15T12:00:00 BC"', /is not an ISO 8601 time/],
    ['"10000-01-01T00:00:00Z"', /is not an ISO 8601 time/],
    ['"9999-12-31T23:59:59Z"', /is not before 2100-01-01/],
    ['"2024-02-30T00:00:00Z"', /is not a timestamp/],
    ['"2023-02-29T00:00:00Z"', /is not a timestamp/],
    ['"2024-01-02T24:00:00Z"', /is not a timestamp/],
    ['"2024-01-02T23:59:60Z"', /is not a timestamp/],
    ['1704164645', /is not a string/],
    ['"2024-01-02t03:04:05z"', /is not an ISO 8601 time/],
    ['"2024-01-02T03:04:05+24:00"', /is not a timestamp/],
    ['"2024-01-02T03:04:05+1400"', /is not an ISO 8601 time/],
    ['" 2024-01-02T03:04:05Z"', /is not an ISO 8601 time/],
    ['"2024-01-02T03:04:05.Z"', /is not an ISO 8601 time/],
    ['"2024-01-02T03:04:05.1234567891Z"', /is not an ISO 8601 time/],
    ['"2005-12-31T23:59:59Z"', /is before 2006-01-01/],
    ['"2006-01-01T00:30:00+01:00"', /is before 2006-01-01/],
    ['"2100-01-01T00:00:00Z"', /is not before 2100-01-01/],
    ['"2099-12-31T23:59:59-00:01"', /is not before 2100-01-01/],
  ];
  const acceptedTimes: [string, string][] = [
    ['"2024-01-02T03:04:05+14:00"', '2024-01-01T13:04:05.000000Z'],
    ['"2024-01-02T03:04:05-12:00"', '2024-01-02T15:04:05.000000Z'],
    ['"2024-01-02T03:04:05.123456789Z"', '2024-01-02T03:04:05.123456Z'],
    ['"2024-01-02T03:04:05.5Z"', '2024-01-02T03:04:05.500000Z'],
    ['"2006-01-01T00:00:00Z"', '2006-01-01T00:00:00.000000Z'],
    ['"2005-12-31T23:30:00-01:00"', '2006-01-01T00:30:00.000000Z'],
    ['"2099-12-31T23:59:59.999999Z"', '2099-12-31T23:59:59.999999Z'],
    ['"2024-01-02 03:04:05"', '2024-01-02T03:04:05.000000Z'],
    ['"2024-02-29T12:00:00Z"', '2024-02-29T12:00:00.000000Z'],
  ];
  // The fast path reads plain eventIDs in JS; an escaped one sends the record to DuckDB.
  const timed = (time: string, i: number, path: 'js' | 'duckdb') =>
    `{"eventTime":${time},"eventID":"${path === 'js' ? 'js' : 'db\\u002d'}${i}","recipientAccountId":"111122223333","eventName":"T${i}"}`;

  it('rejects implausible times with the reason, whichever side reads the record, and loads the rest at their exact instant', async () => {
    const all = [...rejectedTimes.map(([t]) => t), ...acceptedTimes.map(([t]) => t)];
    const root = path.join(dir, 'times');
    writeFile(path.join(root, 'a.json'), trailLog(...all.map((t, i) => timed(t, i, 'js'))));
    writeFile(path.join(root, 'b.json'), trailLog(...all.map((t, i) => timed(t, i, 'duckdb'))));
    const caseFile = path.join(dir, 'times.duckdb');

    ingestCli(caseFile, root);

    const rejected = await query(
      caseFile,
      `SELECT s.path, r.record_index, r.reason FROM rejected_records r JOIN sources s USING (source_id) ORDER BY ALL`,
    );
    for (const file of ['a.json', 'b.json']) {
      const mine = rejected.filter((r) => String(r.path).endsWith(file));
      expect(
        mine.map((r) => Number(r.record_index)),
        file,
      ).toEqual(rejectedTimes.map((_, i) => i));
      mine.forEach((r, i) => expect(String(r.reason), `${file} ${rejectedTimes[i]![0]}`).toMatch(rejectedTimes[i]![1]));
    }
    const stored = await query(
      caseFile,
      `SELECT event_id, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%fZ') AS t FROM events ORDER BY event_id`,
    );
    const expected = acceptedTimes.flatMap(([, t], k) => {
      const i = rejectedTimes.length + k;
      return [
        { event_id: `db-${i}`, t },
        { event_id: `js${i}`, t },
      ];
    });
    expect(stored).toEqual(expected.sort((a, b) => (a.event_id < b.event_id ? -1 : 1)));
  });

  it('is one rule: JS and DuckDB agree on every variant and on thousands of near misses', async () => {
    const variants = new Set<string>(
      [...rejectedTimes, ...acceptedTimes].map(([t]) => (t.startsWith('"') ? (JSON.parse(t) as string) : t)),
    );
    const pieces = {
      date: [
        '2024-01-02',
        '2006-01-01',
        '2005-12-31',
        '2099-12-31',
        '2100-01-01',
        '2024-02-29',
        '2023-02-29',
        '2024-13-01',
        '2024-00-10',
        '2024-04-31',
        '0000-01-01',
        '2024-1-02',
      ],
      sep: ['T', ' ', 't', '_', ''],
      time: ['00:00:00', '23:59:59', '24:00:00', '12:60:00', '12:00:60', '3:04:05', '00:30:00'],
      fraction: ['', '.5', '.123456', '.123456789', '.1234567891', '.'],
      zone: ['', 'Z', 'z', '+14:00', '-12:00', '+01:00', '-01:00', '+23:59', '+24:00', '+1400', '+14', ' UTC', 'ZZ'],
    };
    for (const d of pieces.date)
      for (const s of pieces.sep)
        for (const t of pieces.time)
          for (const f of pieces.fraction) for (const z of pieces.zone) variants.add(`${d}${s}${t}${f}${z}`);
    const times = [...variants];
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      await db.run(`SET TimeZone = 'UTC'`);
      await db.run('CREATE TABLE t (i INTEGER, v JSON)');
      const appender = await db.createAppender('t');
      times.forEach((time, i) => {
        appender.appendInteger(i);
        appender.appendVarchar(JSON.stringify(time));
        appender.endRow();
      });
      appender.closeSync();
      const verdicts = (
        await db.runAndReadAll(`SELECT i, (${eventTimeProblemSql('v')}) IS NULL FROM t ORDER BY i`)
      ).getRows();
      const disagreements = times.filter((time, i) => {
        const bytes = Buffer.from(time);
        return isPlausibleEventTime(bytes, 0, bytes.length) !== verdicts[i]![1];
      });
      expect(disagreements).toEqual([]);
      expect(times.length).toBeGreaterThan(5000);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});

describe('a record cannot say two things at once', () => {
  it('rejects a record giving a member name twice, at any depth and however spelled, on both paths, naming it and where', async () => {
    const twice = record('d-1', 'ListBuckets', ',"eventName":"StopLogging"');
    const escaped = record('d-2', 'ListBuckets', ',"event\\u004eame":"StopLogging"');
    const nested = record(
      'd-3',
      'ListBuckets',
      ',"userIdentity":{"type":"IAMUser","sessionContext":{"attributes":{"mfaAuthenticated":"false","mfaAuthenticated":"true"}}}',
    );
    const inArray = record(
      'd-4',
      'ListBuckets',
      ',"resources":[{"ARN":"arn:aws:s3:::a"},{"ARN":"arn:aws:s3:::b","ARN":"arn:aws:s3:::c"}]',
    );
    // A second delivery of a key already seen goes to DuckDB's path: it is walked all the same.
    const redelivered = record('g-1', 'ListBuckets', ',"eventName":"StopLogging"');
    const root = path.join(dir, 'twice');
    writeFile(
      path.join(root, 'a.json'),
      trailLog(record('g-1'), twice, escaped, nested, inArray, redelivered, record('g-2')),
    );
    writeFile(
      path.join(root, 'b.jsonl'),
      `${[lookupLine(record('l-1')), lookupLine(record('l-2', 'ListBuckets', ',"eventName":"StopLogging"'))].join('\n')}\n`,
    );
    // NaN is not strict JSON, so the fast walk stops there; the repeated name after it is still found.
    writeFile(
      path.join(root, 'c.csv'),
      CSV_HEADER +
        csvRow('n-1', record('n-1', 'ListBuckets', ',"x":NaN,"eventName":"StopLogging"')) +
        csvRow('c-1', record('c-1')),
    );
    const caseFile = path.join(dir, 'twice.duckdb');

    ingestCli(caseFile, root);

    expect(await eventIds(caseFile)).toEqual(['c-1', 'g-1', 'g-2', 'l-1']);
    const rejected = await query(
      caseFile,
      `SELECT s.path, r.record_index, r.reason FROM rejected_records r JOIN sources s USING (source_id) ORDER BY ALL`,
    );
    const why = (reason: string, name: string, where: string) =>
      expect(reason).toBe(
        `"${name}" is given twice in the object at ${where}: CloudTrail never writes that, and readers disagree on which value counts`,
      );
    expect(rejected.map((r) => [path.basename(String(r.path)), Number(r.record_index)])).toEqual([
      ['a.json', 1],
      ['a.json', 2],
      ['a.json', 3],
      ['a.json', 4],
      ['a.json', 5],
      ['b.jsonl', 1],
      ['c.csv', 0],
    ]);
    why(String(rejected[0]!.reason), 'eventName', '$');
    why(String(rejected[1]!.reason), 'eventName', '$');
    why(String(rejected[2]!.reason), 'mfaAuthenticated', '$.userIdentity.sessionContext.attributes');
    why(String(rejected[3]!.reason), 'ARN', '$.resources[1]');
    why(String(rejected[4]!.reason), 'eventName', '$');
    why(String(rejected[5]!.reason), 'eventName', '$');
    why(String(rejected[6]!.reason), 'eventName', '$');
    const [source] = await query(caseFile, `SELECT error FROM sources WHERE path LIKE '%a.json'`);
    expect(String(source!.error)).toMatch(/^5 record\(s\) not loaded, first record 1: "eventName" is given twice/);
  });
});

describe('a huge record never fails the batch', () => {
  const padded = (id: string, bytes: number) =>
    record(id, 'ListBuckets', `,"requestParameters":{"pad":"${'x'.repeat(bytes)}"}`);
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('keeps the first 1 MiB of a 5 MiB, a 17 MiB and a 100 MiB record, with their length and SHA-256, and loads the good records beside them', async () => {
    const root = path.join(dir, 'huge');
    const five = padded('r-5', 5 * 1024 * 1024);
    const seventeen = padded('r-17', 17 * 1024 * 1024);
    const hundred = padded('r-100', 100 * 1024 * 1024);
    writeFile(path.join(root, 'a.json'), trailLog(record('g-1'), five));
    writeFile(path.join(root, 'b.json.gz'), zlib.gzipSync(trailLog(record('g-2'), seventeen, record('g-3'))));
    writeFile(path.join(root, 'c.json.gz'), zlib.gzipSync(trailLog(hundred)));
    const caseFile = path.join(dir, 'huge.duckdb');

    ingestCli(caseFile, root);

    expect(await eventIds(caseFile)).toEqual(['g-1', 'g-2', 'g-3']);
    const rejected = await query(
      caseFile,
      `SELECT s.path, r.record_index, r.reason, r.record FROM rejected_records r JOIN sources s USING (source_id) ORDER BY ALL`,
    );
    const expected = [
      ['a.json', 1, five],
      ['b.json.gz', 1, seventeen],
      ['c.json.gz', 0, hundred],
    ] as const;
    expect(rejected.map((r) => [path.basename(String(r.path)), Number(r.record_index)])).toEqual(
      expected.map(([f, i]) => [f, i]),
    );
    rejected.forEach((r, i) => {
      const text = expected[i]![2];
      expect(r.reason).toBe(
        `the record is more than the 4 MiB Trailscope loads (${text.length} bytes, SHA-256 ${sha256(text)}; only its first 1 MiB is kept here, the source file holds the whole record)`,
      );
      expect(r.record).toBe(text.slice(0, 1024 * 1024));
    });
  });
});

describe('a full disk', () => {
  const mountPoint = path.join(dir, 'small-disk');
  const canMount = (() => {
    if (process.getuid?.() !== 0) return 'not root';
    try {
      fs.mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint], { stdio: 'pipe' });
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
      return null;
    } catch (error) {
      return `mount failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  })();
  if (canMount !== null) {
    console.warn(`\n*** SKIPPED the full-disk tests: they mount a small tmpfs, which needs root (${canMount}). ***\n`);
    if (process.env.CI === 'true') {
      it('can mount a small tmpfs under CI', () => {
        throw new Error(`the full-disk tests cannot run: ${canMount}`);
      });
    }
  }

  it.skipIf(canMount !== null)(
    "says the disk is full, keeps DuckDB's words, and leaves a case that a second run completes exactly",
    async () => {
      const root = path.join(dir, 'disk-input');
      let n = 0;
      let inputBytes = 0;
      for (let f = 0; f < 40; f++) {
        const records = Array.from({ length: 1000 }, () =>
          record(`full-${++n}`, 'GetObject', `,"requestParameters":{"key":"${'k'.repeat(200)}-${n}"}`),
        );
        const file = writeFile(path.join(root, `f${String(f).padStart(2, '0')}.json`), trailLog(...records));
        inputBytes += fs.statSync(file).size;
      }
      const failedIn: string[] = [];
      // Half the input's size fills while staging it; 1.25 times holds the staging files but not
      // also the case DuckDB writes (measured: the case takes 0.6-1.4 times the input).
      for (const size of [0.5, 1.25].map((share) => `${Math.round((share * inputBytes) / 1024)}k`)) {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mountPoint]);
        try {
          const caseFile = path.join(mountPoint, 'case.duckdb');
          const full = trailscope('ingest', '--case', caseFile, root);
          expect(full.code, `${size}: ${full.stderr}`).toBe(1);
          expect(full.stderr, size).toMatch(
            /^trailscope ingest: The disk is full: (.*) failed, and the ingest stopped\..* The error was: .*no space left on device/im,
          );
          failedIn.push(/The disk is full: (.*?) failed/.exec(full.stderr)![1]!);

          execFileSync('mount', ['-o', `remount,size=400m`, mountPoint]);
          const info = trailscope('info', '--case', caseFile, '--json');
          expect(info.code, info.stderr).toBe(0);
          const again = trailscope('ingest', '--case', caseFile, '--json', root);
          expect(again.code, again.stderr).toBe(0);
          const counts = await query(
            caseFile,
            `SELECT (SELECT count(*) FROM events)::INTEGER AS events, (SELECT count(DISTINCT event_key) FROM events)::INTEGER AS keys,
          (SELECT count(*) FROM event_sources)::INTEGER AS links, (SELECT count(*) FROM sources WHERE status = 'ok')::INTEGER AS files`,
          );
          expect(counts).toEqual([{ events: 40_000, keys: 40_000, links: 40_000, files: 40 }]);
        } finally {
          execFileSync('umount', [mountPoint]);
        }
      }
      expect(failedIn.some((where) => where.startsWith('writing the staging file'))).toBe(true);
      expect(failedIn).toContain('committing a batch');
    },
  );
});
