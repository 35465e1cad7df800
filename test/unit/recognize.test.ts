import { describe, expect, it } from 'vitest';
import type { Extracted, Recognition } from '../../electron/core/ingest/formats/recognition.ts';
import { recognize } from '../../electron/core/ingest/recognize.ts';

const texts = (r: Recognition) => {
  const records = (r as Extracted).records;
  return records.type === 'texts'
    ? records.texts
    : Array.from(records.starts, (s, i) => records.buffer.toString('utf8', s, records.ends[i]));
};

describe('recognizing a file by its content', () => {
  it('reads a trail log', () => {
    const r = recognize(Buffer.from('{"Records":[{"eventTime":"2024-01-01T00:00:00Z"}]}'), null);
    expect(r).toMatchObject({ ok: true, format: 'trail-log', kind: 'log' });
  });

  it('tells an Insights file from its records when there is no S3 key', () => {
    const r = recognize(
      Buffer.from('{"Records":[{"eventType":"AwsCloudTrailInsight","eventTime":"2024-01-01T00:00:00Z"}]}'),
      null,
    );
    expect(r).toMatchObject({ ok: true, kind: 'insight' });
  });

  it('recognizes a digest and loads no records from it', () => {
    const r = recognize(Buffer.from('{"awsAccountId":"1","digestStartTime":"x","logFiles":[]}'), null);
    expect(r).toMatchObject({ ok: true, format: 'digest', kind: 'digest' });
    expect(texts(r)).toEqual([]);
  });

  it('takes the record of a lookup-events entry from its CloudTrailEvent string', () => {
    const r = recognize(
      Buffer.from(
        JSON.stringify({
          Events: [{ EventId: 'e', CloudTrailEvent: '{"eventTime":"2024-01-01T00:00:00Z", "x":1.50}' }],
        }),
      ),
      null,
    );
    expect(r).toMatchObject({ ok: true, format: 'lookup-events' });
    expect(texts(r)).toEqual(['{"eventTime":"2024-01-01T00:00:00Z", "x":1.50}']);
  });

  it('reads CloudWatch Logs export lines behind their timestamps', () => {
    const r = recognize(
      Buffer.from(
        '2024-01-01T00:00:01.000Z {"eventTime":"2024-01-01T00:00:00Z","eventName":"A"}\n2024-01-01T00:00:02.000Z {"eventTime":"2024-01-01T00:00:00Z","eventName":"B"}\n',
      ),
      null,
    );
    expect(r).toMatchObject({ ok: true, format: 'json-lines' });
    expect(texts(r)).toHaveLength(2);
  });

  it('builds records of an Event-history CSV without a full-event column from its columns only', () => {
    const csv =
      'Event ID,Event time,User name,Event name,Resource type,Resource name,AWS access key,AWS region,Error code,Source IP address,Read-only,Event source\n' +
      'e-1,2024-01-01T00:00:00Z,alice,=cmd(),,,AKIAEXAMPLE,us-east-1,,192.0.2.1,false,iam.amazonaws.com\n';
    const r = recognize(Buffer.from(csv), null);
    expect(r).toMatchObject({ ok: true, format: 'event-history-csv' });
    expect(JSON.parse(texts(r)[0]!)).toEqual({
      eventID: 'e-1',
      eventTime: '2024-01-01T00:00:00Z',
      eventSource: 'iam.amazonaws.com',
      eventName: '=cmd()',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.1',
      readOnly: false,
      userIdentity: { userName: 'alice', accessKeyId: 'AKIAEXAMPLE' },
    });
  });

  it.each([
    ['an empty file', '', /empty file/],
    ['whitespace', '  \n ', /only whitespace/],
    [
      'JSON that is not CloudTrail',
      '{"name":"package","version":"1"}',
      /not a CloudTrail file: a JSON object with keys name, version/,
    ],
    ['text', 'hello world', /not a CloudTrail file: it starts with "hello world"/],
    ['binary', '\u0000\u00ff\u00fe', /not UTF-8|not a CloudTrail/],
  ])('refuses %s with a message', (_, content, message) => {
    const r = recognize(Buffer.from(content, content.includes('\u00ff') ? 'latin1' : 'utf8'), null);
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toMatch(message);
  });

  it('gives line and column of a break in the file, keeping the records before it', () => {
    const r = recognize(Buffer.from('{"Records":[\n{"a":1}\n{"b":2}]}'), null);
    expect(r.ok && r.problem).toBe(
      "invalid JSON at line 3, column 1: expected ',' or ']' between records; the 1 complete record(s) before it were loaded",
    );
    expect(texts(r)).toEqual(['{"a":1}']);
  });
});
