import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { verifyCase } from '../../electron/core/integrity/verify-case.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { trailscope } from '../helpers/cli.ts';
import { editedJson, gzip, publicKeysJson, signedTrail, writeTrail } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { storedVerdicts } from '../helpers/verified-trail.ts';

/**
 * Digests are attacker-controlled like any log: a field tens of megabytes long once made the
 * batch's staged digest rows too long for DuckDB to read back, and the whole ingest failed.
 * A digest no CloudTrail could have written must become a `sources` row saying why, while
 * the rest of the archive loads and verifies.
 */

const root = tempDir('trailscope-hostile-digests-');
const HUGE = 20_000_000;
const hexSignature = 'ab'.repeat(HUGE / 2);

const variants: { name: string; field: RegExp; change: (json: Record<string, unknown>) => void }[] = [
  {
    name: 'a 20 MB digestS3Object',
    field: /digestS3Object is 20,0\d\d,\d{3} characters long/,
    change: (j) => (j.digestS3Object = `AWSLogs/${'k'.repeat(HUGE)}`),
  },
  {
    name: 'a 20 MB previousDigestSignature (valid hex)',
    field: /previousDigestSignature is 20,000,000 characters long/,
    change: (j) => (j.previousDigestSignature = hexSignature),
  },
  {
    name: 'a 20 MB s3Object in logFiles',
    field: /logFiles\[0\]\.s3Object is 20,0\d\d,\d{3} characters long/,
    change: (j) =>
      (j.logFiles = [
        { s3Bucket: 'b', s3Object: `AWSLogs/${'o'.repeat(HUGE)}`, hashValue: 'a'.repeat(64), hashAlgorithm: 'SHA-256' },
      ]),
  },
  {
    name: 'a digest past 64 MiB (an unknown field padding it)',
    field: /bytes, more than the 64 MiB any CloudTrail digest needs/,
    change: (j) => (j.padding = 'p'.repeat(70 * 1024 * 1024)),
  },
];

describe('hostile digests', () => {
  it.each(variants)(
    '$name: the digest is an error row with the reason; the trail beside it loads and verifies',
    async ({ name, field, change }) => {
      const dir = path.join(root, name.replace(/\W+/g, '-'));
      const trail = signedTrail({ hours: 3 });
      const written = writeTrail(dir, trail);
      // A fourth "digest" in the same folder, named like the trail's, its content hostile.
      const model = trail.digests[0]!;
      const hostileKey = model.key.replace(/\d{8}T\d{6}Z/, '20990101T000000Z');
      const hostilePath = path.join(dir, hostileKey);
      fs.mkdirSync(path.dirname(hostilePath), { recursive: true });
      fs.writeFileSync(hostilePath, gzip(editedJson(model.content, change)));
      const caseFile = path.join(dir, 'case.duckdb');

      const run = trailscope('ingest', '--case', caseFile, '--json', '--no-detect', written.root);

      expect(run.stderr).not.toMatch(/Error:|at .*\.ts:\d+/);
      expect(run.code).toBe(0);
      const rows = await caseRows<{ path: string; status: string; kind: string; error: string }>(
        caseFile,
        'SELECT path, status, kind, error FROM sources',
      );
      const hostile = rows.find((r) => r.path === hostilePath);
      expect(hostile).toMatchObject({ status: 'error', kind: 'digest' });
      expect(hostile!.error).toMatch(field);
      expect(hostile!.error.length).toBeLessThan(1000);
      const [events] = await caseRows<{ n: string }>(caseFile, 'SELECT count(*) AS n FROM events');
      expect(Number(events!.n)).toBeGreaterThan(0);

      const store = await CaseStore.open(caseFile);
      try {
        const done = await verifyCase(store, { keys: { text: publicKeysJson(trail.keys), origin: 'keys.json' } });
        const trailFiles = (await storedVerdicts(store, done.run.run_id)).filter((f) => f.path !== hostilePath);
        expect(trailFiles.length).toBe(trail.digests.length + trail.logFiles.length);
        expect(trailFiles.filter((f) => f.status !== 'valid' && f.kind === 'log')).toEqual([]);
      } finally {
        store.close();
      }
    },
  );
});

/** A trail's case with `sql` run on it, then verified by the CLI in a process with a 192 MB heap. */
async function verifiedIn192MB(name: string, sql: string) {
  const dir = path.join(root, name.replace(/\W+/g, '-'));
  const written = writeTrail(dir, signedTrail({ hours: 2 }));
  const caseFile = path.join(dir, 'case.duckdb');
  expect(trailscope('ingest', '--case', caseFile, '--no-detect', written.root).code).toBe(0);
  const store = await CaseStore.open(caseFile);
  try {
    await store.writer.run(sql);
  } finally {
    store.close();
  }
  const run = spawnSync(
    process.execPath,
    ['--max-old-space-size=192', 'bin/trailscope.js', 'verify', '--case', caseFile],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  return { caseFile, run };
}

/**
 * A case may hold more log files, or digests listing more, than the heap holds: digests forged
 * to list millions of files, or an organization's month. Verification once held them all and
 * would have ended the process; it now judges them a page of keys at a time, so a heap far
 * smaller than they would fill verifies them all.
 */
describe('a case whose log files and listings would outgrow the heap', () => {
  const MANY = 300_000;
  const crafts = [
    {
      name: 'a digest listing 300,000 more log files',
      status: 'missing',
      sql: `INSERT INTO digest_log_files SELECT digest_source_id, position + 1000 * i, s3_bucket, s3_object || i, hash_value, hash_algorithm, NULL, NULL
              FROM (SELECT * FROM digest_log_files LIMIT 1), range(1, ${MANY + 1}) t(i)`,
    },
    {
      name: '300,000 more trail log files, not named as CloudTrail names them',
      status: 'unlisted',
      sql: `INSERT INTO sources (source_id, path, kind, format, size_stored, sha256_stored, status, ingest_id, ingested_at)
              SELECT 1000000 + i, 'forged-' || i, 'log', 'trail-log', 0, 'x', 'ok', 1, now() FROM range(${MANY}) t(i)`,
    },
    {
      name: '300,000 more trail log files named as the trail names them, with one content',
      status: 'unlisted',
      sql: `INSERT INTO sources (source_id, path, s3_key, kind, format, size_stored, sha256_stored, sha256_first_member, status, ingest_id, ingested_at)
              SELECT 1000000 + i, 'forged-' || i,
                'AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/111122223333_CloudTrail_us-east-2_20260301T0030Z_' || i || '.json.gz',
                'log', 'trail-log', 0, 'x', '${'ab'.repeat(32)}', 'ok', 1, now() FROM range(${MANY}) t(i)`,
    },
  ];
  it.each(crafts)(
    '$name: all are judged and stored by a process with a 192 MB heap',
    async ({ name, status, sql }) => {
      const { caseFile, run } = await verifiedIn192MB(name, sql);

      expect(run.stderr).not.toMatch(/heap|memory|Error:/i);
      expect(run.status).toBe(1);
      const [stored] = await caseRows<{ n: string; crafted: string }>(
        caseFile,
        `SELECT count(*) AS n, count(*) FILTER (WHERE status = '${status}') AS crafted FROM integrity_files WHERE run_id = 1`,
      );
      expect(Number(stored!.crafted)).toBe(MANY);
      expect(Number(stored!.n)).toBeGreaterThan(MANY);
    },
    120_000,
  );
});

/** Forged digest rows: one key per digest, as ingest would record a digest named so. */
const forgedDigests = (count: number, key: string, fields: string) => `
  INSERT INTO sources (source_id, path, s3_key, kind, format, size_stored, sha256_stored, sha256_first_member, status, ingest_id, ingested_at)
    SELECT 1000000 + i, 'forged-digest-' || i, ${key}, 'digest', 'digest', 0, 'x', '${'cd'.repeat(32)}', 'ok', 1, now() FROM range(${count}) t(i);
  INSERT INTO digests (source_id, problem, aws_account_id, digest_start_time, digest_end_time, digest_s3_bucket, digest_s3_object,
      digest_public_key_fingerprint, digest_signature_algorithm)
    SELECT 1000000 + i, ${fields} FROM range(${count}) t(i);`;

const hourOf = (i: string) => `TIMESTAMP '2026-01-01' + to_hours(${i})`;
const digestKey = (trail: string, hour: string) =>
  `'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/01/111122223333_CloudTrail-Digest_us-east-1_' || ${trail} || '_us-east-1_' || strftime(${hourOf(hour)}, '%Y%m%dT%H%M%SZ') || '.json.gz'`;
const readableFields = (key: string, hour: string) =>
  `NULL, '111122223333', strftime(${hourOf(hour)} - INTERVAL 1 HOUR, '%Y-%m-%dT%H:%M:%SZ'), strftime(${hourOf(hour)}, '%Y-%m-%dT%H:%M:%SZ'),
   'b', ${key}, '${'ef'.repeat(16)}', 'SHA256withRSA'`;

/**
 * Digests are judged a trail at a time: a case forged to hold more digests than the heap holds
 * verifies them all; a trail forged to hold more than one chain can be judged in is refused first.
 */
describe('a case with more digests than the heap holds', () => {
  const MANY = 300_000;
  const crafts = [
    {
      name: '300,000 digests of 3,000 trails, readable and unsigned',
      leftOut: /^2\d{3} more note\(s\) like those above are left out of this summary/,
      sql: forgedDigests(
        MANY,
        digestKey(`'forged-' || (i % 3000)`, 'i // 3000'),
        readableFields(digestKey(`'forged-' || (i % 3000)`, 'i // 3000'), 'i // 3000'),
      ),
    },
    {
      name: '300,000 digests no name places in a trail',
      leftOut: null,
      sql: forgedDigests(
        MANY,
        `'digests/forged-' || i || '.json.gz'`,
        `'crafted', NULL, NULL, NULL, NULL, NULL, NULL, NULL`,
      ),
    },
  ];
  it.each(crafts)(
    '$name: all are judged and stored by a process with a 192 MB heap',
    async ({ name, sql, leftOut }) => {
      const { caseFile, run } = await verifiedIn192MB(name, sql);

      expect(run.stderr).not.toMatch(/heap|memory|Error:/i);
      expect(run.status).toBe(1);
      const [stored] = await caseRows<{ forged: string; judged: string }>(
        caseFile,
        `SELECT count(*) FILTER (WHERE path LIKE 'forged-digest-%') AS forged,
           count(*) FILTER (WHERE path LIKE 'forged-digest-%' AND status IN ('invalid', 'unverifiable')) AS judged
         FROM integrity_files WHERE run_id = 1 AND kind = 'digest'`,
      );
      expect(Number(stored!.forged)).toBe(MANY);
      expect(Number(stored!.judged)).toBe(MANY);
      // A note or two for each forged trail would make every reading of the run as large.
      const [summary] = await caseRows<{ text: string }>(
        caseFile,
        'SELECT summary::VARCHAR AS text FROM integrity_runs',
      );
      const { notes } = JSON.parse(summary!.text) as { notes: string[] };
      expect(notes.length).toBeLessThan(520);
      if (leftOut) expect(notes.at(-1)).toMatch(leftOut);
      expect(run.stdout.length).toBeLessThan(1_000_000);
    },
    180_000,
  );

  it('100,000 forged digests of one trail: refused with the count before anything is judged or stored', async () => {
    const dir = path.join(root, 'one-long-trail');
    const written = writeTrail(dir, signedTrail({ hours: 2 }));
    const caseFile = path.join(dir, 'case.duckdb');
    expect(trailscope('ingest', '--case', caseFile, '--no-detect', written.root).code).toBe(0);
    const store = await CaseStore.open(caseFile);
    try {
      await store.writer.run(
        forgedDigests(100_000, digestKey(`'long'`, 'i'), readableFields(digestKey(`'long'`, 'i'), 'i')),
      );
      await expect(verifyCase(store, { heapBytes: 64 * 2 ** 20 })).rejects.toThrow(
        /One trail of this case holds 100,000 digest files \(111122223333 us-east-1 long us-east-1\): validating its chain needs about 0\.8 GB of memory, more than the 0\.1 GB this process has left\. Nothing was verified/,
      );
      expect(await store.read((db) => db.number('SELECT count(*) FROM integrity_runs'))).toBe(0);
    } finally {
      store.close();
    }
  });
});
