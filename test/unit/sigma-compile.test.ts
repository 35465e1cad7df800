import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql as evidenceTables } from '../../electron/core/case/migrations/001-evidence.ts';
import { compileSigma, type SigmaResult } from '../../electron/core/detect/sigma/compile.ts';
import { MAX_DOCUMENTS, MAX_FILE_CHARS } from '../../electron/core/detect/sigma/yaml-documents.ts';
import { eventColumns, identityJoin, parsedRecordExpression } from '../../electron/core/ingest/normalize-sql.ts';
import type { Detection } from '../../shared/model/detection.ts';

/**
 * Sigma compiled to SQL, and that SQL run on an in-memory events table filled by the ingest's
 * own normalization (normalize-sql.ts), so that each test says which records a rule matches
 * rather than what its SQL looks like.
 */
let instance: DuckDBInstance;
let db: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  db = await instance.connect();
  await db.run(evidenceTables);
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

type CloudTrailRecord = { [key: string]: unknown };

/** The events table holds exactly these records, keyed by their eventID. */
async function load(records: CloudTrailRecord[]): Promise<void> {
  await db.run('DELETE FROM events');
  for (const [i, record] of records.entries()) {
    const full: CloudTrailRecord = { eventTime: '2024-06-01T00:00:00Z', recipientAccountId: '111122223333', ...record };
    await db.run(
      `INSERT INTO events SELECT ${eventColumns} FROM (
         SELECT *, ${identityJoin} FROM (
           SELECT $key AS event_key, 0 AS source_id, $i AS record_index, $record AS record, ${parsedRecordExpression} AS r
           FROM (SELECT $record::VARCHAR AS record)))`,
      { key: String(full.eventID), i, record: JSON.stringify(full) },
    );
  }
}

/** A rule of this detection block, everything else the minimum. */
function rule(detection: string, extra = ''): string {
  const block = detection
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return `title: A test rule\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${block}\n${extra}`;
}

function compileOne(text: string): SigmaResult {
  const results = compileSigma(text, 'test.yml');
  expect(results).toHaveLength(1);
  return results[0]!;
}

function detectionOf(text: string): Detection {
  const result = compileOne(text);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.detection;
}

function refusal(text: string): string {
  const result = compileOne(text);
  if (result.ok) throw new Error(`compiled: ${result.detection.sql}`);
  return result.reason;
}

/** The event keys the rule of this detection block matches. */
async function hits(detection: string): Promise<string[]> {
  const reader = await db.runAndReadAll(
    `SELECT event_key FROM (${detectionOf(rule(detection)).sql}) ORDER BY event_key`,
  );
  return reader.getRowsJson().map((row) => String(row[0]));
}

describe('values and modifiers', () => {
  beforeAll(() =>
    load([
      { eventID: 'login', eventName: 'ConsoleLogin', userAgent: 'Mozilla/5.0 (Windows NT 10.0)' },
      { eventID: 'login-lower', eventName: 'consolelogin', userAgent: 'aws-cli/2.15.0 Python/3.11' },
      { eventID: 'star', eventName: 'Get*Thing', userAgent: 'C:\\Tools\\aws.exe' },
      { eventID: 'question', eventName: 'Get?Thing', userAgent: 'C:\\Tools\\*' },
      { eventID: 'plain', eventName: 'GetXThing', userAgent: '100% sure_thing' },
      { eventID: 'percent', eventName: 'GetPolicy', userAgent: '100x sureXthing' },
      {
        eventID: 'key',
        eventName: 'CreateAccessKey',
        eventVersion: '1.10',
        recipientAccountId: '012345678901',
        readOnly: false,
        sourceIPAddress: '192.168.1.20',
        requestParameters: { userName: 'bob', tags: null },
        userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::012345678901:user/alice' },
      },
      {
        eventID: 'bucket',
        eventName: 'GetBucketAcl',
        readOnly: true,
        sourceIPAddress: '192.168.2.1',
        errorCode: 'AccessDenied',
        resources: [
          { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::evidence' },
          { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::evidence/a.txt' },
        ],
      },
      { eventID: 'service', eventName: 'AssumeRole', sourceIPAddress: 'ec2.amazonaws.com', resources: [{ type: 'x' }] },
      { eventID: 'v6', eventName: 'AssumeRole', sourceIPAddress: '2001:db8::1' },
      { eventID: 'zeros', eventName: 'AssumeRole', sourceIPAddress: '192.168.001.5' },
      { eventID: 'lines', eventName: 'Lines', errorMessage: 'first\nsecond' },
    ]),
  );

  it('matches plain values whole and case-insensitively', async () => {
    expect(await hits('sel:\n  eventName: consoleLOGIN\ncondition: sel')).toEqual(['login', 'login-lower']);
    expect(await hits('sel:\n  eventName: Console\ncondition: sel')).toEqual([]);
  });

  it('honours cased', async () => {
    expect(await hits('sel:\n  eventName|cased: ConsoleLogin\ncondition: sel')).toEqual(['login']);
    expect(await hits("sel:\n  eventName|cased|startswith: 'console'\ncondition: sel")).toEqual(['login-lower']);
  });

  it('reads * and ? as wildcards, and \\*, \\? and \\\\ as the characters', async () => {
    expect(await hits("sel:\n  eventName: 'get*thing'\ncondition: sel")).toEqual(['plain', 'question', 'star']);
    expect(await hits("sel:\n  eventName: 'Get?Thing'\ncondition: sel")).toEqual(['plain', 'question', 'star']);
    expect(await hits("sel:\n  eventName: 'Get\\*Thing'\ncondition: sel")).toEqual(['star']);
    expect(await hits("sel:\n  eventName: 'Get\\?Thing'\ncondition: sel")).toEqual(['question']);
    // A backslash before anything else is itself; \\* is a backslash and a wildcard; \\\* a backslash and a star.
    expect(await hits("sel:\n  userAgent: 'C:\\Tools\\aws.exe'\ncondition: sel")).toEqual(['star']);
    expect(await hits("sel:\n  userAgent: 'C:\\Tools\\\\*'\ncondition: sel")).toEqual(['question', 'star']);
    expect(await hits("sel:\n  userAgent: 'C:\\Tools\\\\\\*'\ncondition: sel")).toEqual(['question']);
  });

  it("keeps SQL's own wildcards % and _ literal", async () => {
    expect(await hits("sel:\n  userAgent: '100% sure_thing'\ncondition: sel")).toEqual(['plain']);
    expect(await hits("sel:\n  userAgent|contains: '% sure_'\ncondition: sel")).toEqual(['plain']);
  });

  it('applies contains, startswith and endswith around wildcards, a trailing backslash staying literal', async () => {
    expect(await hits('sel:\n  eventName|contains: LOGIN\ncondition: sel')).toEqual(['login', 'login-lower']);
    expect(await hits('sel:\n  eventName|startswith: get\ncondition: sel')).toEqual([
      'bucket',
      'percent',
      'plain',
      'question',
      'star',
    ]);
    expect(await hits('sel:\n  eventName|endswith: thing\ncondition: sel')).toEqual(['plain', 'question', 'star']);
    expect(await hits("sel:\n  userAgent|contains: 'Tools\\'\ncondition: sel")).toEqual(['question', 'star']);
    expect(await hits("sel:\n  eventName|contains: 'Get*Th'\ncondition: sel")).toEqual(['plain', 'question', 'star']);
  });

  it('links a list with OR, and with AND under all', async () => {
    expect(await hits('sel:\n  eventName:\n    - GetPolicy\n    - AssumeRole\ncondition: sel')).toEqual([
      'percent',
      'service',
      'v6',
      'zeros',
    ]);
    expect(await hits('sel:\n  userAgent|contains|all:\n    - aws\n    - python\ncondition: sel')).toEqual([
      'login-lower',
    ]);
    expect(await hits('sel:\n  userAgent|all|contains: [aws, tools]\ncondition: sel')).toEqual(['star']);
  });

  it('links the fields of a map with AND, and a list of maps with OR', async () => {
    expect(await hits('sel:\n  eventName: AssumeRole\n  sourceIPAddress|contains: amazonaws\ncondition: sel')).toEqual([
      'service',
    ]);
    expect(await hits('sel:\n  - eventName: GetPolicy\n  - errorCode: AccessDenied\ncondition: sel')).toEqual([
      'bucket',
      'percent',
    ]);
  });

  it('matches numbers and booleans as the text written, leading zeros kept', async () => {
    expect(await hits('sel:\n  recipientAccountId: 012345678901\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  eventVersion: 1.10\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  eventVersion: 1.1\ncondition: sel')).toEqual([]);
    expect(await hits('sel:\n  readOnly: true\ncondition: sel')).toEqual(['bucket']);
    expect(await hits("sel:\n  readOnly: 'FALSE'\ncondition: sel")).toEqual(['key']);
  });

  it('reads null as absent or null, and exists as present whatever the value', async () => {
    expect(await hits('sel:\n  readOnly: null\ncondition: sel')).toEqual([
      'lines',
      'login',
      'login-lower',
      'percent',
      'plain',
      'question',
      'service',
      'star',
      'v6',
      'zeros',
    ]);
    expect(await hits('sel:\n  requestParameters.tags: null\ncondition: sel')).toHaveLength(12);
    expect(await hits('sel:\n  requestParameters.tags|exists: true\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  errorCode|exists: true\ncondition: sel')).toEqual(['bucket']);
    expect(await hits('sel:\n  eventName: AssumeRole\n  resources|exists: false\ncondition: sel')).toEqual([
      'v6',
      'zeros',
    ]);
  });

  it('maps dotted names into the JSON the record holds', async () => {
    expect(await hits('sel:\n  requestParameters.userName: BOB\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  userIdentity.arn|endswith: /alice\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  userIdentity.type: iamuser\ncondition: sel')).toEqual(['key']);
  });

  it('matches a field under resources when any resource does', async () => {
    expect(await hits("sel:\n  resources.type: 'aws::s3::object'\ncondition: sel")).toEqual(['bucket']);
    expect(await hits('sel:\n  resources.ARN|endswith: evidence\ncondition: sel')).toEqual(['bucket']);
    expect(await hits('sel:\n  resources.ARN|exists: true\ncondition: sel')).toEqual(['bucket']);
    expect(await hits('sel:\n  eventName: AssumeRole\n  resources.ARN: null\ncondition: sel')).toEqual([
      'service',
      'v6',
      'zeros',
    ]);
  });

  it('runs regular expressions case-sensitively, with the i, m and s flags', async () => {
    expect(await hits("sel:\n  eventName|re: '^Console'\ncondition: sel")).toEqual(['login']);
    expect(await hits("sel:\n  eventName|re|i: '^Console'\ncondition: sel")).toEqual(['login', 'login-lower']);
    expect(await hits("sel:\n  eventName|re: 'Get.Thing$'\ncondition: sel")).toEqual(['plain', 'question', 'star']);
    expect(await hits("sel:\n  errorMessage|re: '^second'\ncondition: sel")).toEqual([]);
    expect(await hits("sel:\n  errorMessage|re|m: '^second'\ncondition: sel")).toEqual(['lines']);
    expect(await hits("sel:\n  errorMessage|re: 'first.second'\ncondition: sel")).toEqual([]);
    expect(await hits("sel:\n  errorMessage|re|s: 'first.second'\ncondition: sel")).toEqual(['lines']);
    expect(await hits("sel:\n  errorMessage|re|i|m|s: '^FIRST.SECOND$'\ncondition: sel")).toEqual(['lines']);
  });

  it('tests IPv4 networks, host bits ignored, anything not a dotted address outside every one', async () => {
    expect(await hits('sel:\n  sourceIPAddress|cidr: 192.168.1.0/24\ncondition: sel')).toEqual(['key']);
    expect(await hits('sel:\n  sourceIPAddress|cidr: 192.168.1.77/16\ncondition: sel')).toEqual(['bucket', 'key']);
    expect(await hits('sel:\n  sourceIPAddress|cidr: [192.168.2.1, 10.0.0.0/8]\ncondition: sel')).toEqual(['bucket']);
    expect(await hits('sel:\n  sourceIPAddress|cidr: 0.0.0.0/0\ncondition: sel')).toEqual(['bucket', 'key']);
    expect(
      await hits('sel:\n  eventName: AssumeRole\nnet:\n  sourceIPAddress|cidr: 0.0.0.0/0\ncondition: sel and not net'),
    ).toEqual(['service', 'v6', 'zeros']);
  });
});

describe('conditions', () => {
  const combos = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({ a: (bits & 4) > 0, b: (bits & 2) > 0, c: (bits & 1) > 0 }));
  const yes = (on: boolean) => (on ? 'yes' : 'no');
  beforeAll(() =>
    load(
      combos.map(({ a, b, c }, i) => ({
        eventID: `r${i}`,
        eventName: 'Combo',
        requestParameters: { a: yes(a), b: yes(b), c: yes(c) },
      })),
    ),
  );
  const searches = `sel_a:\n  requestParameters.a: 'yes'\nsel_b:\n  requestParameters.b: 'yes'\nsel_c:\n  requestParameters.c: 'yes'\n_never:\n  requestParameters.a: never`;
  type Combo = (typeof combos)[number];
  const cases: [string, (x: Combo) => boolean][] = [
    ['sel_a or sel_b and not sel_c', ({ a, b, c }) => a || (b && !c)],
    ['not sel_a and sel_b', ({ a, b }) => !a && b],
    ['not sel_a or sel_b', ({ a, b }) => !a || b],
    ['sel_a and sel_b or sel_c', ({ a, b, c }) => (a && b) || c],
    ['sel_a or sel_b and sel_c', ({ a, b, c }) => a || (b && c)],
    ['(sel_a or sel_b) and sel_c', ({ a, b, c }) => (a || b) && c],
    ['not (sel_a or sel_b)', ({ a, b }) => !(a || b)],
    ['((sel_a and (sel_b or (sel_c))))', ({ a, b, c }) => a && (b || c)],
    ['not not sel_a', ({ a }) => a],
    ['sel_a AND NOT sel_b', ({ a, b }) => a && !b],
    ['1 of sel_*', ({ a, b, c }) => a || b || c],
    ['any of sel_*', ({ a, b, c }) => a || b || c],
    ['all of sel_*', ({ a, b, c }) => a && b && c],
    ['all of sel_* or not sel_a', ({ a, b, c }) => (a && b && c) || !a],
    ['not 1 of sel_*', ({ a, b, c }) => !(a || b || c)],
    ['1 of sel_a* and not 1 of sel_c*', ({ a, c }) => a && !c],
    ['1 of them', ({ a, b, c }) => a || b || c],
    // _never is left out of "them"; were it in, nothing would match.
    ['all of them', ({ a, b, c }) => a && b && c],
    ['1 of _nev*', () => false],
    ['all of *_b', ({ b }) => b],
  ];

  it.each(cases)('%s', async (condition, expected) => {
    const want = combos.flatMap((combo, i) => (expected(combo) ? [`r${i}`] : []));
    expect(await hits(`${searches}\ncondition: ${condition}`)).toEqual(want);
  });

  it('links a list of conditions with OR', async () => {
    const want = combos.flatMap(({ a, b, c }, i) => ((a && b) || c ? [`r${i}`] : []));
    expect(await hits(`${searches}\ncondition:\n  - sel_a and sel_b\n  - sel_c`)).toEqual(want);
  });
});

describe('hostile values and field names', () => {
  const hostile = [
    "'); DROP TABLE events; --",
    "x' OR '1'='1",
    "a''b",
    'back\\slash\\',
    "it's \\' escaped",
    'semi; colon -- comment /* c */',
    '$1 :name ?',
    'ünï’cödé — 日本語 🙂',
  ];
  beforeAll(() => load(hostile.map((value, i) => ({ eventID: `h${i}`, eventName: value }))));

  it.each(hostile.map((value, i) => [value, i] as const))('%s is one literal, matched as data', async (value, i) => {
    // JSON is YAML: the value is written exactly, whatever it holds.
    const sql = detectionOf(rule(`sel:\n  eventName|cased: ${JSON.stringify(value)}\ncondition: sel`)).sql;
    expect((await db.extractStatements(sql)).count).toBe(1);
    expect(await hits(`sel:\n  eventName|cased: ${JSON.stringify(value)}\ncondition: sel`)).toEqual([`h${i}`]);
    expect(await hits(`sel:\n  eventName|contains: ${JSON.stringify(value)}\ncondition: sel`)).toContain(`h${i}`);
    expect(await hits(`sel:\n  eventName|re: ${JSON.stringify('^.*$')}\ncondition: sel`)).toHaveLength(hostile.length);
  });

  it('keeps the events table after every attempt', async () => {
    const count = await db.runAndReadAll('SELECT count(*) FROM events');
    expect(Number(count.getRowsJson()[0]![0])).toBe(hostile.length);
  });

  it('passes a hostile regular expression as a literal too', async () => {
    const sql = detectionOf(
      rule(`sel:\n  eventName|re: ${JSON.stringify("'); DROP TABLE events; --")}\ncondition: sel`),
    ).sql;
    expect((await db.extractStatements(sql)).count).toBe(1);
    expect(await hits(`sel:\n  eventName|re: ${JSON.stringify("'\\)")}\ncondition: sel`)).toEqual(['h0']);
  });

  it.each([
    "eventName'); DROP TABLE events; --",
    'requestParameters."x"',
    "requestParameters.a'b",
    'requestParameters.a b',
    'requestParameters.items[0].name',
    'requestParameters..x',
    '.eventName',
    'requestParameters.ü',
    'a\\b',
  ])('refuses the field name %s', (field) => {
    expect(refusal(rule(`sel:\n  ${JSON.stringify(field)}: x\ncondition: sel`))).toMatch(/is not a plain dotted name/);
  });

  it('reads a field named after an Object property as a plain JSON key', async () => {
    const sql = detectionOf(rule('sel:\n  constructor: x\n  __proto__: y\ncondition: sel')).sql;
    expect(sql).toContain(`json_extract_string(record, '$."constructor"')`);
    expect(sql).toContain(`json_extract_string(record, '$."__proto__"')`);
    expect(sql).not.toContain('native code');
  });
});

describe('rule metadata', () => {
  const full = `title: "  Café: IAM user   created (again!)  "
id: 0f3c5a9e-2b1d-4c8e-9f7a-6b5d4c3e2a10
status: deprecated
description: Someone made a user.
logsource: {product: AWS, service: CloudTrail}
detection:
  sel: {eventName: CreateUser}
  condition: sel
level: informational
tags: [attack.persistence, attack.t1136.003, attack.T1098, attack.t9999, attack.g0016, car.2013-01-002, attack.t1136.003]
falsepositives: Onboarding of new staff`;

  it('builds the detection from the rule', () => {
    const result = compileOne(full);
    expect(result).toMatchObject({ ok: true, sigma_id: '0f3c5a9e-2b1d-4c8e-9f7a-6b5d4c3e2a10' });
    if (!result.ok) return;
    expect(result.detection).toEqual({
      id: 'sigma-cafe-iam-user-created-again',
      title: 'Café: IAM user   created (again!)',
      description:
        'Someone made a user. (Imported from test.yml, Sigma id 0f3c5a9e-2b1d-4c8e-9f7a-6b5d4c3e2a10, status deprecated.)',
      severity: 'low',
      attack: ['T1136.003', 'T1098', 'T9999'],
      false_positives: 'Onboarding of new staff.',
      family: 'Your rules',
      sql: expect.stringMatching(
        /^SELECT event_time, event_key, event_name, event_source, identity_arn, source_ip, aws_region, error_code\nFROM events\nWHERE /,
      ),
      origin: 'sigma',
    });
  });

  it('maps every level, a missing one to medium', () => {
    const levelOf = (level: string) => {
      const result = compileOne(rule('sel: {eventName: X}\ncondition: sel', level));
      return result.ok ? result.detection.severity : result.reason;
    };
    expect(
      ['', 'level: informational', 'level: low', 'level: medium', 'level: high', 'level: critical'].map(levelOf),
    ).toEqual(['medium', 'low', 'low', 'medium', 'high', 'critical']);
  });

  it('gives a rule without technique tags none, and says when false positives are not stated', () => {
    const detection = detectionOf(rule('sel: {eventName: X}\ncondition: sel', 'tags: [attack.discovery]'));
    expect(detection.attack).toEqual([]);
    expect(detection.false_positives).toBe("Not stated by the rule's author.");
    expect(detection.description).toBe(
      'Sigma rule "A test rule"; its author gave no description. (Imported from test.yml.)',
    );
    expect(
      detectionOf(rule('sel: {eventName: X}\ncondition: sel', 'falsepositives: [Admins, CI jobs.]')).false_positives,
    ).toBe('Admins; CI jobs.');
  });

  it('keeps ids at most 60 characters after sigma-, unique within a file', () => {
    const long = `title: ${'Very long title '.repeat(8)}\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {eventName: X}, condition: sel}`;
    const results = compileSigma([long, long, long].join('\n---\n'), 'many.yml');
    const ids = results.map((r) => (r.ok ? r.detection.id : r.reason));
    expect(ids[0]).toBe(`sigma-${'very-long-title-'.repeat(4).slice(0, 60).replace(/-$/, '')}`);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(66);
    expect(ids[1]).toMatch(/-2$/);
    expect(ids[2]).toMatch(/-3$/);
    expect(detectionOf(rule('sel: {eventName: X}\ncondition: sel').replace('A test rule', '日本語')).id).toBe(
      'sigma-rule',
    );
  });
});

describe('refusals', () => {
  const ok = 'sel:\n  eventName: X\ncondition: sel';

  it.each([
    ['a file past the size limit', `# ${'x'.repeat(MAX_FILE_CHARS)}`, /at most 262144/],
    ['too many documents', Array.from({ length: MAX_DOCUMENTS + 1 }, () => 'a: 1').join('\n---\n'), /at most 200/],
    ['an empty file', '# nothing\n', /no YAML document/],
  ])('refuses %s as a whole', (_what, text, reason) => {
    expect(compileSigma(text, 'x.yml')).toEqual([{ ok: false, title: null, reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ['YAML that does not parse', 'title: x\ndetection: [a, b\n', /^the YAML does not parse: .* at line 3, column 1\.$/],
    ['a repeated key', 'title: x\ntitle: y\n', /^the YAML does not parse: Map keys must be unique at line 2/],
    [
      'a YAML alias',
      rule(`sel:\n  eventName: &n X\n  eventSource: *n\ncondition: sel`),
      /aliases \(\*n\) are not supported.*line 8/,
    ],
    ['a document that is not a map', '- a\n- b\n', /is a YAML map/],
    ['a missing title', rule(ok).replace('title: A test rule', 'name: x'), /^title is missing\.$/],
    ['an empty title', rule(ok).replace('title: A test rule', "title: '  '"), /^title must not be empty\.$/],
    ['a title that is a number', rule(ok).replace('title: A test rule', 'title: 12'), /^title must be text\.$/],
    ['an id that is no UUID', rule(ok, 'id: rule-1'), /^id must be a UUID\.$/],
    [
      'an unknown level',
      rule(ok, 'level: severe'),
      /^level must be one of informational, low, medium, high, critical\.$/,
    ],
    ['an unknown status', rule(ok, 'status: beta'), /^status must be one of/],
    ['a tag that is not text', rule(ok, 'tags: [attack.t1078, [x]]'), /^tags\[1\] must be text\.$/],
    ['a missing detection', 'title: x\nlogsource: {product: aws, service: cloudtrail}\n', /^detection is missing\.$/],
    ['a missing condition', rule('sel:\n  eventName: X'), /^detection\.condition is missing\.$/],
    [
      'another product',
      rule(ok).replace('product: aws', 'product: windows'),
      /^logsource is product "windows", service "cloudtrail"; Trailscope runs CloudTrail rules only/,
    ],
    [
      'another service',
      rule(ok).replace('service: cloudtrail', 'service: guardduty'),
      /service "guardduty"; Trailscope runs CloudTrail rules only/,
    ],
    [
      'no logsource product',
      rule(ok).replace('  product: aws\n', ''),
      /^logsource is product \(none\), service "cloudtrail"/,
    ],
    [
      'a correlation rule',
      'title: x\ncorrelation: {type: event_count, rules: [a], group-by: [b], timespan: 1h, condition: {gte: 5}}\n',
      /correlation rules are not supported/,
    ],
    [
      'a global collection',
      'action: global\ntitle: x\nlogsource: {product: aws, service: cloudtrail}\n',
      /rule collections \(action: "global"\)/,
    ],
    ['a repeat collection', 'action: repeat\ndetection: {sel: {a: b}}\n', /rule collections \(action: "repeat"\)/],
    [
      'a Sigma filter',
      'title: x\nlogsource: {product: aws, service: cloudtrail}\nfilter: {rules: [a], selection: {a: b}, condition: selection}\n',
      /Sigma filters/,
    ],
    ['a timeframe', rule(`${ok}\ntimeframe: 5m`), /timeframe is not supported/],
    [
      'an aggregation',
      rule('sel:\n  eventName: X\ncondition: sel | count() by userIdentity.arn > 5'),
      /deprecated aggregation syntax/,
    ],
    [
      'near',
      rule('sel:\n  eventName: X\nother:\n  eventName: Y\ncondition: sel and near other'),
      /"near" \(events close in time\) is not supported/,
    ],
    [
      'an undefined search identifier',
      rule('sel:\n  eventName: X\ncondition: sel and filter'),
      /no search identifier is named "filter"/,
    ],
    [
      'a search named in another case',
      rule('sel:\n  eventName: X\ncondition: SEL'),
      /no search identifier is named "SEL"/,
    ],
    [
      'a wildcard outside "of"',
      rule('sel:\n  eventName: X\ncondition: sel*'),
      /wildcard, allowed only after "1 of" or "all of"/,
    ],
    ['"2 of"', rule('sel:\n  eventName: X\ncondition: 2 of sel*'), /"2 of" is not Sigma/],
    [
      'a pattern naming nothing',
      rule('sel:\n  eventName: X\ncondition: 1 of filter_*'),
      /"filter_\*" names no search identifier/,
    ],
    ['an unclosed parenthesis', rule('sel:\n  eventName: X\ncondition: (sel'), /expected "\)", found the end/],
    [
      'a stray parenthesis',
      rule('sel:\n  eventName: X\ncondition: sel)'),
      /expected "and", "or" or the end, found "\)"/,
    ],
    [
      'a missing operand',
      rule('sel:\n  eventName: X\ncondition: sel and'),
      /expected a search identifier, found the end/,
    ],
    [
      'two identifiers in a row',
      rule('sel:\n  eventName: X\ncondition: sel sel'),
      /expected "and", "or" or the end, found "sel"/,
    ],
    [
      '"of" without a pattern',
      rule('sel:\n  eventName: X\ncondition: 1 of'),
      /expected a search identifier pattern or "them"/,
    ],
    [
      'nesting past 64 levels',
      rule(`sel:\n  eventName: X\ncondition: ${'('.repeat(70)}sel${')'.repeat(70)}`),
      /nests deeper than 64/,
    ],
    [
      'a chain of nots past 64',
      rule(`sel:\n  eventName: X\ncondition: ${'not '.repeat(70)}sel`),
      /nests deeper than 64/,
    ],
    [
      'a keyword list',
      rule('keywords:\n  - mimikatz\n  - procdump\ncondition: keywords'),
      /keywords is a keyword search/,
    ],
    ['a keyword value', rule('keywords: mimikatz\ncondition: keywords'), /keywords is a keyword search/],
    [
      'a keyword |all map',
      rule("keywords:\n  '|all':\n    - a\n    - b\ncondition: keywords"),
      /has no field: keyword searches/,
    ],
    [
      'a list mixing maps and keywords',
      rule('sel:\n  - eventName: X\n  - mimikatz\ncondition: sel'),
      /sel is a keyword search/,
    ],
    ['an empty list', rule('sel: []\ncondition: sel'), /sel is an empty list/],
    ['an empty map', rule('sel: {}\ncondition: sel'), /sel is an empty map/],
    ['an empty list of values', rule('sel:\n  eventName: []\ncondition: sel'), /eventName has an empty list of values/],
    [
      'a map as a value',
      rule('sel:\n  eventName: {a: b}\ncondition: sel'),
      /a value must be text, a number, true, false or null, not a map/,
    ],
    ['a list in a list of values', rule('sel:\n  eventName: [[a]]\ncondition: sel'), /not a list/],
    [
      'a field differing in case',
      rule('sel:\n  EventName: X\ncondition: sel'),
      /CloudTrail writes "eventName", and field names are case-sensitive/,
    ],
    [
      'base64',
      rule('sel:\n  eventName|base64: X\ncondition: sel'),
      /modifier "base64" of field eventName is not supported: it matches Base64/,
    ],
    [
      'base64offset',
      rule('sel:\n  eventName|base64offset|contains: X\ncondition: sel'),
      /modifier "base64offset" .* not supported/,
    ],
    ['utf16le', rule('sel:\n  eventName|utf16le|base64: X\ncondition: sel'), /modifier "utf16le" .* not supported/],
    ['wide', rule('sel:\n  eventName|wide: X\ncondition: sel'), /modifier "wide" .* not supported/],
    [
      'windash',
      rule('sel:\n  userAgent|windash|contains: -x\ncondition: sel'),
      /modifier "windash" .* Windows command-line dashes/,
    ],
    ['expand', rule("sel:\n  userAgent|expand: '%admins%'\ncondition: sel"), /modifier "expand" .* placeholder/],
    [
      'fieldref',
      rule('sel:\n  userAgent|fieldref: eventName\ncondition: sel'),
      /modifier "fieldref" .* compares one field with another/,
    ],
    ['gt', rule('sel:\n  eventVersion|gt: 1\ncondition: sel'), /modifier "gt" .* compares numbers/],
    ['lte', rule('sel:\n  eventVersion|lte: 1\ncondition: sel'), /modifier "lte" .* compares numbers/],
    ['neq', rule('sel:\n  eventName|neq: X\ncondition: sel'), /modifier "neq" .* negate a selection/],
    ['a date part', rule('sel:\n  eventTime|hour: 3\ncondition: sel'), /modifier "hour" .* dates/],
    [
      'an unknown modifier',
      rule('sel:\n  eventName|sorta: X\ncondition: sel'),
      /modifier "sorta" of field eventName is not a Sigma modifier Trailscope knows/,
    ],
    [
      'a repeated modifier',
      rule('sel:\n  eventName|contains|contains: X\ncondition: sel'),
      /"contains" of field eventName is given twice/,
    ],
    [
      'two kinds of match',
      rule('sel:\n  eventName|contains|endswith: X\ncondition: sel'),
      /has both "contains" and "endswith"/,
    ],
    ['a regex flag without re', rule('sel:\n  eventName|contains|i: X\ncondition: sel'), /"i" .* is a flag of "re"/],
    [
      'cased with cidr',
      rule('sel:\n  sourceIPAddress|cidr|cased: 10.0.0.0/8\ncondition: sel'),
      /"cased" means nothing with "cidr"/,
    ],
    ['exists with a text', rule('sel:\n  errorCode|exists: yes\ncondition: sel'), /"exists" takes true or false/],
    [
      'exists with a list',
      rule('sel:\n  errorCode|exists: [true, false]\ncondition: sel'),
      /"exists" takes true or false/,
    ],
    [
      'null with contains',
      rule('sel:\n  errorCode|contains: null\ncondition: sel'),
      /null cannot be combined with "contains"/,
    ],
    [
      'a number as a regular expression',
      rule('sel:\n  eventVersion|re: 1\ncondition: sel'),
      /a regular expression must be text/,
    ],
    [
      'an IPv6 network',
      rule("sel:\n  sourceIPAddress|cidr: '2001:db8::/32'\ncondition: sel"),
      /"2001:db8::\/32" is IPv6; Trailscope matches IPv4 networks only/,
    ],
    ['a prefix past 32', rule('sel:\n  sourceIPAddress|cidr: 10.0.0.0/33\ncondition: sel'), /is not an IPv4 network/],
    [
      'an octet past 255',
      rule('sel:\n  sourceIPAddress|cidr: 10.0.256.0/24\ncondition: sel'),
      /is not an IPv4 network/,
    ],
    [
      'an octet with a leading zero',
      rule('sel:\n  sourceIPAddress|cidr: 10.0.01.0/24\ncondition: sel'),
      /is not an IPv4 network/,
    ],
    ['a NUL character', rule('sel:\n  eventName: "a\\0b"\ncondition: sel'), /holds a NUL character/],
  ])('refuses %s', (_what, text, reason) => {
    expect(refusal(text)).toMatch(reason);
  });

  it('compiles only the searches the condition names', () => {
    expect(compileOne(rule('sel:\n  eventName: X\nunused:\n  eventName|base64: X\ncondition: sel')).ok).toBe(true);
  });

  it('names the refused document and keeps its title in a file of several', () => {
    const results = compileSigma(
      `${rule(ok)}\n---\n${rule('sel:\n  eventName|base64: X\ncondition: sel')}\n---\n`,
      'two.yml',
    );
    expect(results).toEqual([
      expect.objectContaining({ ok: true }),
      { ok: false, title: 'A test rule', reason: expect.stringMatching(/^document 2: modifier "base64"/) },
    ]);
  });
});
