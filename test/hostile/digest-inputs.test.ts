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
        {
          encoding: 'utf8',
        },
      );

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

/** Digests stay in memory while the log files are judged: a case forged to hold too many is refused first. */
describe('a case with more digests than the heap holds', () => {
  it('100,000 forged digest rows: refused with the count before anything is read or stored', async () => {
    const dir = path.join(root, 'many-digests');
    const written = writeTrail(dir, signedTrail({ hours: 2 }));
    const caseFile = path.join(dir, 'case.duckdb');
    expect(trailscope('ingest', '--case', caseFile, '--no-detect', written.root).code).toBe(0);
    const store = await CaseStore.open(caseFile);
    try {
      await store.writer.run(
        `INSERT INTO sources (source_id, path, kind, format, size_stored, sha256_stored, status, ingest_id, ingested_at)
           SELECT 1000000 + i, 'forged-digest-' || i, 'digest', 'digest', 0, 'x', 'ok', 1, now() FROM range(100000) t(i)`,
      );
      await expect(verifyCase(store, { heapBytes: 64 * 2 ** 20 })).rejects.toThrow(
        /This case holds 100,00\d digest files: validating them at once needs about 0\.6 GB of memory, more than the 0\.1 GB this process has left\. Nothing was verified/,
      );
      expect(await store.read((db) => db.number('SELECT count(*) FROM integrity_runs'))).toBe(0);
    } finally {
      store.close();
    }
  });
});
