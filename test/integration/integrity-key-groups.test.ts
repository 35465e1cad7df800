import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseReader } from '../../electron/core/case/case-reader.ts';
import type { CaseStore } from '../../electron/core/case/case-store.ts';
import { DigestFactsTable, digestsByTrail, placeDigests } from '../../electron/core/integrity/case-digests.ts';
import { DIGEST_FIELDS, loadCaseInput } from '../../electron/core/integrity/case-inputs.ts';
import { awsLogsKeySql, keyGroupsOf, makeKeyRows } from '../../electron/core/integrity/case-log-files.ts';
import { keyGroups } from '../../electron/core/integrity/log-file-verdicts.ts';
import { awsLogsKey } from '../../electron/core/integrity/object-keys.ts';
import { SidecarLinker } from '../../electron/core/integrity/sidecar-links.ts';
import { DigestValidation, validateDigests } from '../../electron/core/integrity/validate.ts';
import type {
  DigestFields,
  DigestInput,
  DigestListingInput,
  IntegrityFileResult,
  LogFileInput,
} from '../../shared/model/integrity.ts';
import { tempDir } from '../helpers/temp.ts';
import { trailStory, verifyOnDisk } from '../helpers/verified-trail.ts';

/**
 * Verification reads a case's digests a trail at a time (`case-digests.ts`) and meets its log
 * files with their listings in DuckDB (`makeKeyRows`), so that it never holds them all;
 * `validate` holds them in memory. Both must give every file the same verdict, on the odd inputs
 * as on the plain ones.
 */

const keys = [
  'AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/f.json.gz',
  'bucket-prefix/AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/f.json.gz',
  'C:\\evidence\\AWSLogs\\111122223333\\CloudTrail\\f.json.gz',
  'AWSLogs\\mixed/AWSLogs/again/f.json.gz',
  'x/AWSLogs/line\nbreak/and\rreturn\u2028/f.json.gz',
  'AWSLogs/',
  'notAWSLogs/x',
  'a/bAWSLogs/x/AWSLogs/y',
  'no key at all',
  '',
  '/AWSLogs/leading-slash',
  'AWSLogs/ünïcödé/😀/f.json.gz',
];

describe('the key a file is met by', () => {
  it('is the same in DuckDB as in JS, for odd spellings too', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    try {
      for (const key of keys) {
        const reader = await db.runAndReadAll(`SELECT ${awsLogsKeySql('$k')}`, { k: key });
        expect([key, reader.getRows()[0]![0]]).toEqual([key, awsLogsKey(key)]);
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });
});

const s = trailStory({ hours: 3 });
const TWICE = 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/listed-twice.json.gz';
const GONE_OTHER =
  'AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03/01/111122223333_CloudTrail_eu-west-1_20260301T0100Z_gone.json.gz';
const OTHER_TRAIL = (hour: number) =>
  `AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2026/03/01/111122223333_CloudTrail-Digest_eu-west-1_other_trail_us-east-1_20260301T0${hour}0000Z.json.gz`;
let store: CaseStore;

beforeAll(async () => {
  ({ store } = await verifyOnDisk(path.join(tempDir('trailscope-key-groups-'), 'case'), s.trail));
  const listed = (i: number) => awsLogsKey(s.log(i).key);
  // Log files and listings no ingest writes, each a case the meeting must get right.
  await store.writer.run(`
    CREATE TEMP TABLE anchors AS SELECT
      (SELECT min(source_id) FROM sources WHERE kind = 'digest') AS digest,
      (SELECT max(source_id) FROM sources) AS top,
      (SELECT any_value(ingest_id) FROM sources) AS ingest;
    INSERT INTO sources (source_id, path, member, s3_key, kind, format, size_stored, sha256_stored, sha256_first_member, error, status, ingest_id, ingested_at)
      SELECT top + i, p, NULL, k, 'log', 'trail-log', 0, 'x', h, e, 'ok', ingest, now()
      FROM anchors, (VALUES
        (1, 'copies/renamed-a.json.gz', NULL, upper('${'a'.repeat(64)}'), NULL),
        (2, 'copies/renamed-b.json.gz', NULL, '${'a'.repeat(64)}', NULL),
        (3, 'C:\\evidence\\${listed(1).replaceAll('/', '\\')}', NULL, '${'c'.repeat(64)}', NULL),
        (4, 'elsewhere/unreadable.json.gz', '${listed(2)}', NULL, 'truncated gzip'),
        (5, 'odd/one.json.gz', 'x/AWSLogs/line\nbreak/f.json.gz', '${'d'.repeat(64)}', NULL),
        (6, 'odd/two.json.gz', 'no AWSLogs in it', '${'b'.repeat(64)}', NULL),
        (7, 'copies/twice.json.gz', '${TWICE}', '${'f'.repeat(64)}', NULL)
      ) t(i, p, k, h, e);
    INSERT INTO sources (source_id, path, s3_key, kind, format, size_stored, sha256_stored, sha256_first_member, status, ingest_id, ingested_at)
      SELECT top + 10 + i, 'copies/' || i, '${listed(4)}', 'log', 'trail-log', 0, 'x', CASE WHEN i = 3 THEN '${'9'.repeat(64)}' ELSE h END, 'ok', ingest, now()
      FROM anchors, (SELECT sha256_first_member AS h FROM sources WHERE s3_key LIKE '%${listed(4).split('/').pop()}'), range(7) t(i);
    INSERT INTO digest_log_files (digest_source_id, position, s3_bucket, s3_object, hash_value, hash_algorithm)
      SELECT digest, 1000 + i, 'b', o, hv, 'SHA-256' FROM anchors, (VALUES
        (1, 'prefix/AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/gone-1.json.gz', '${'A'.repeat(64)}'),
        (2, 'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/gone-0.json.gz', '${'a'.repeat(64)}'),
        (3, '${listed(3)}', '${'e'.repeat(64)}'),
        (4, '${listed(3)}', '${'e'.repeat(64)}'),
        (5, '${listed(3)}', '${'f'.repeat(64)}'),
        (6, 'x\\AWSLogs\\line\nbreak\\f.json.gz', '${'d'.repeat(64)}'),
        (7, '${TWICE}', '${'e'.repeat(64)}'),
        (8, '${TWICE}', '${'f'.repeat(64)}')
      ) t(i, o, hv);
    INSERT INTO digest_log_files (digest_source_id, position, s3_bucket, s3_object, hash_value, hash_algorithm)
      SELECT top + 99, 1, 'b', '${listed(0)}', '${'0'.repeat(64)}', 'SHA-256' FROM anchors;
    -- Digests of another trail (one unreadable, one a copy of the first by its original), and of no trail.
    INSERT INTO sources (source_id, path, s3_key, kind, format, size_stored, sha256_stored, duplicate_of, status, ingest_id, ingested_at)
      SELECT top + 20 + i, 'other/' || i, k, 'digest', 'digest', 0, 'x', CASE WHEN i = 2 THEN top + 21 END, 'ok', ingest, now()
      FROM anchors, (VALUES
        (1, '${OTHER_TRAIL(1)}'), (2, '${OTHER_TRAIL(1)}'), (3, '${OTHER_TRAIL(2)}'),
        (4, 'not/a/digest.json.gz'), (5, 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/x.json.gz')
      ) t(i, k);
    INSERT INTO digests (source_id, problem, digest_s3_object)
      SELECT top + 20 + i, CASE WHEN i <> 3 THEN 'crafted: not JSON' END, CASE WHEN i = 3 THEN '${OTHER_TRAIL(2)}' END
      FROM anchors, (VALUES (1), (3), (4), (5)) t(i);
    INSERT INTO digest_log_files (digest_source_id, position, s3_bucket, s3_object, hash_value, hash_algorithm)
      SELECT top + 20 + i, j, 'b', CASE j WHEN 1 THEN 'no AWSLogs in it' ELSE '${GONE_OTHER}' END, '${'7'.repeat(64)}', 'SHA-256'
      FROM anchors, range(1, 6) t(i), range(1, 3) u(j);
    DROP TABLE anchors;`);
});

afterAll(() => store.close());

/** The digests, log files and listings as `validate` takes them, read whole: what verification no longer does. */
async function inMemoryInputs(
  db: CaseReader,
  linker: SidecarLinker,
): Promise<{ digests: DigestInput[]; logs: LogFileInput[]; listings: DigestListingInput[] }> {
  const digests = await db.rows<Record<string, string | number | null>>(
    `SELECT s.source_id, s.path || coalesce('!/' || s.member, '') AS path, coalesce(s.s3_key, s.member, s.path) AS s3_key,
       coalesce(s.sha256_first_member, s.sha256_content) AS sha256, coalesce(s.bytes_after_first_member, 0) AS bytes_after,
       d.problem, d.md5_stored, s.size_stored, ${DIGEST_FIELDS.map((f) => `d.${f}`).join(', ')}
     FROM sources s JOIN digests d ON d.source_id = coalesce(s.duplicate_of, s.source_id) WHERE s.kind = 'digest' ORDER BY s.source_id`,
  );
  const logs = await db.rows<LogFileInput & { bytes_after_first_member: string }>(
    `SELECT s.source_id, s.path || coalesce('!/' || s.member, '') AS path, coalesce(s.s3_key, s.member, s.path) AS s3_key,
       coalesce(s.sha256_first_member, s.sha256_content) AS sha256, coalesce(s.bytes_after_first_member, 0) AS bytes_after_first_member,
       s.error AS problem
     FROM sources s WHERE s.kind = 'log' AND (s.format = 'trail-log' OR s.s3_key IS NOT NULL) ORDER BY s.source_id`,
  );
  const listings = await db.rows<DigestListingInput>(
    `SELECT s.source_id AS digest_source_id, l.s3_object, l.hash_value
     FROM sources s JOIN digest_log_files l ON l.digest_source_id = coalesce(s.duplicate_of, s.source_id)
     WHERE s.kind = 'digest' ORDER BY s.source_id, l.position`,
  );
  return {
    digests: digests.map((d) => ({
      source_id: Number(d.source_id),
      path: String(d.path),
      s3_key: String(d.s3_key),
      sha256: d.sha256 === null ? null : String(d.sha256),
      bytes_after_first_member: Number(d.bytes_after),
      fields:
        d.problem === null
          ? (Object.fromEntries(DIGEST_FIELDS.map((f) => [f, d[f]])) as unknown as DigestFields)
          : null,
      problem: d.problem === null ? null : String(d.problem),
      sidecar_signature: linker.signatureOf({
        source_id: Number(d.source_id),
        location: String(d.path),
        md5_stored: d.md5_stored === null ? null : String(d.md5_stored),
        size_stored: Number(d.size_stored),
      }),
    })),
    logs: logs.map((l) => ({ ...l, bytes_after_first_member: Number(l.bytes_after_first_member) })),
    listings,
  };
}

const order = (a: IntegrityFileResult, b: IntegrityFileResult) =>
  `${a.s3_object}\0${a.path}`.localeCompare(`${b.s3_object}\0${b.path}`);

describe('log files met with their listings', () => {
  it('get the same verdicts met by DuckDB, a few rows at a time, as met in memory', async () => {
    const { inSql, inMemory } = await store.read(async (reader) => {
      const { db } = reader;
      const read = await loadCaseInput(reader);
      // Digests two at a time: the trail of three runs past a page, as do the digests of no trail.
      await placeDigests(db, new SidecarLinker(read.sidecars), 2);
      const validation = new DigestValidation(read.keyInputs);
      const facts = await DigestFactsTable.open(db);
      const inSql: IntegrityFileResult[] = [];
      for await (const { identity, entries } of digestsByTrail(db, 2)) {
        inSql.push(...(identity ? validation.trail(identity, entries) : validation.unplaced(entries)));
        facts.add(entries);
      }
      facts.close();
      // Four buckets read three rows at a time: keys run past pages, their listings and files apart.
      await makeKeyRows(db, 4);
      const judge = validation.logJudge();
      for await (const groups of keyGroupsOf(db, 4, 3)) {
        for (const group of groups) inSql.push(...judge.judge(group));
      }
      const { digests, logs, listings } = await inMemoryInputs(reader, new SidecarLinker(read.sidecars));
      const memory = validateDigests(digests, read.keyInputs);
      const memoryJudge = memory.validation.logJudge();
      const inMemory = [
        ...memory.files,
        ...keyGroups(logs, listings, memory.facts).flatMap((g) => memoryJudge.judge(g)),
      ];
      expect(validation.trails).toEqual(memory.validation.trails);
      expect(validation.gaps).toEqual(memory.validation.gaps);
      return { inSql: inSql.sort(order), inMemory: inMemory.sort(order) };
    });
    expect(inSql).toEqual(inMemory);
    // Each odd input was met, so the two agree on something.
    const reasons = inSql.map((f) => `${f.status} ${f.s3_object} ${f.reason}`).join('\n');
    expect(reasons).toMatch(
      /unlisted copies\/renamed-a\.json\.gz .*its content is that of AWSLogs\/.*gone-0\.json\.gz/,
    );
    expect(reasons).toMatch(
      /missing AWSLogs\/.*gone-0\.json\.gz .*in the case at copies\/renamed-a\.json\.gz: renamed/,
    );
    expect(reasons).toMatch(
      /missing AWSLogs\/.*gone-1\.json\.gz .*in the case at copies\/renamed-a\.json\.gz: renamed/,
    );
    expect(reasons).toMatch(/invalid AWSLogs\/.*it could not be read \(truncated gzip\)/);
    expect(reasons).toMatch(/^valid AWSLogs\/line\nbreak\/f\.json\.gz its SHA-256 matches/m);
    const statuses = (i: number) =>
      inSql
        .filter((f) => f.s3_object === awsLogsKey(s.log(i).key))
        .map((f) => f.status)
        .sort();
    expect(statuses(1)).toEqual(['invalid', 'valid']);
    // Listed again by another digest, twice with one content and once with another: the delivered listing verifies it.
    expect(statuses(3)).toEqual(['valid']);
    expect(statuses(4)).toEqual(['invalid', ...Array(7).fill('valid')]);
    // Its digest's second listing of its name verifies it.
    expect(inSql.find((f) => f.s3_object === TWICE)?.status).toBe('valid');
    // The other trail's digests, read a page apart, judged as one chain; the copy by its original's content.
    const other = inSql.filter((f) => f.kind === 'digest' && f.trail === 'other_trail');
    expect(other.map((f) => `${f.path} ${f.status}`).sort()).toEqual([
      'other/1 invalid',
      'other/2 invalid',
      'other/3 invalid',
    ]);
    expect(
      inSql
        .filter((f) => f.kind === 'digest' && f.trail === null)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['other/4', 'other/5']);
    // Facts of digests judged pages before the files that rest on them.
    expect(reasons).toMatch(
      /^unverifiable no AWSLogs in it listed only by AWSLogs\/.*other_trail.*, which is invalid: crafted: not JSON, so its listing proves nothing/m,
    );
    expect(reasons).toMatch(
      /^missing .*_gone\.json\.gz listed in digest \(invalid: see that file\) AWSLogs\/.*other_trail/m,
    );
    const digests = s.trail.digests.length + 5;
    expect(inSql).toHaveLength(digests + s.trail.logFiles.length + 7 + 7 + 3);
  });
});
