import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetPublicKey } from '../../electron/core/integrity/case-public-keys.ts';
import { integrityFiles, latestIntegrityRun, readIntegrityRun } from '../../electron/core/integrity/integrity-runs.ts';
import { verifyCase } from '../../electron/core/integrity/verify-case.ts';
import { recordHistory } from '../../electron/core/query/query-history.ts';
import {
  editedJson,
  gzip,
  headObjectJson,
  removeFiles,
  replaceDigest,
  rewritten,
  sha256,
  signingKey,
  writeTrail,
} from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import {
  ingestWithCli,
  openCase,
  trailStory,
  type Verdicts,
  verifyOnDisk,
  verifyWith,
} from '../helpers/verified-trail.ts';

/**
 * The stories of test/unit/integrity-validate.test.ts, end to end: each trail is written to
 * disk in the S3 layout, ingested, and verified from the case alone. Each file
 * must get the verdict its story implies.
 */

const root = tempDir();
let cases = 0;
const caseDir = () => path.join(root, `case-${++cases}`);
const unverifiable = (verdicts: Verdicts): Verdicts =>
  Object.fromEntries(Object.keys(verdicts).map((l) => [l, 'unverifiable']));
const plantedName = (key: string, stamp: string) =>
  key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, `_${stamp}_PLANTEDplanted00`);

describe('verifying an ingested trail', () => {
  it('finds a clean trail valid in every file, with no gap, every signature checked', async () => {
    const s = trailStory();
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual(s.allValid);
    expect(outcome.run.gaps).toEqual([]);
    expect(outcome.run.summary.signatures).toEqual({ verified: 6, failed: 0, not_checked: 0 });
    expect(outcome.run.inputs).toEqual({ digests: 6, listings: 12, log_files: 12, signatures: 1, keys: 1 });
  });

  it('gives a tampered archive the verdict its story implies on every file, and reports both gaps', async () => {
    const s = trailStory({ hours: 10 });
    s.trail.logFiles[14] = rewritten(s.log(14), s.log(14).content.toString().replace('198.51.100.7', '203.0.113.9'));
    s.trail.logFiles[6] = {
      ...s.log(6),
      stored: Buffer.concat([s.log(6).stored, gzip('{"Records":[{"eventName":"Planted"}]}')]),
    };
    const planted = plantedName(s.log(16).key, '20260301T0830Z');
    s.trail.logFiles.push({ key: planted, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    removeFiles(s.trail, s.log(1).key, s.digest(2).key, s.digest(5).key, s.digest(6).key);
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    const { D5: _d5, ...others } = s.allValid;
    expect(s.verdicts(outcome.files)).toEqual({
      ...others,
      L1: 'missing',
      L14: 'invalid',
      L6: 'invalid',
      [planted.split('/').pop()!]: 'unlisted',
      D1: 'unverifiable',
      D2: 'missing',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
      D4: 'unverifiable',
      D6: 'missing',
      L8: 'unverifiable',
      L9: 'unverifiable',
      L10: 'unlisted',
      L11: 'unlisted',
      L12: 'unlisted',
      L13: 'unlisted',
    });
    expect(outcome.run.gaps.map((g) => [g.from, g.to])).toEqual([
      ['2026-03-01T02:01:31Z', '2026-03-01T03:01:31Z'],
      ['2026-03-01T05:01:31Z', '2026-03-01T07:01:31Z'],
    ]);
    expect(outcome.run.gaps).toEqual(outcome.run.gaps);
    expect(outcome.run.summary).toMatchObject({ gaps: 2, gap_hours: 3 });
    expect(s.file(outcome.files, 'L6').reason).toMatch(
      /^\d+ stored byte\(s\) follow its first gzip member; CloudTrail writes each log file as a single member/,
    );
  });
});

describe('log files tampered with', () => {
  it('a modified log file is invalid', async () => {
    const s = trailStory();
    s.trail.logFiles[4] = rewritten(s.log(4), s.log(4).content.toString().replace('198.51.100.7', '203.0.113.9'));
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({ ...s.allValid, L4: 'invalid' });
    expect(s.file(outcome.files, 'L4').reason).toMatch(
      /^its SHA-256 is [0-9a-f]{64}, but verified digest .* records [0-9a-f]{64}: the file was changed after delivery$/,
    );
  });

  it('a deleted log file is missing', async () => {
    const s = trailStory();
    removeFiles(s.trail, s.log(4).key);
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({ ...s.allValid, L4: 'missing' });
  });

  it('a gzip member appended to a log file makes it invalid, though its first member matches', async () => {
    const s = trailStory();
    s.trail.logFiles[4] = {
      ...s.log(4),
      stored: Buffer.concat([s.log(4).stored, gzip('{"Records":[{"eventName":"Planted"}]}')]),
    };
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({ ...s.allValid, L4: 'invalid' });
    expect(s.file(outcome.files, 'L4').reason).toMatch(
      /follow its first gzip member.*; its first member matches the SHA-256 in verified digest /,
    );
  });

  it('a log file planted among delivered ones is unlisted', async () => {
    const s = trailStory();
    const planted = plantedName(s.log(4).key, '20260301T0230Z');
    s.trail.logFiles.push({ key: planted, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({ ...s.allValid, [planted.split('/').pop()!]: 'unlisted' });
    expect(s.file(outcome.files, planted.split('/').pop()!).reason).toMatch(
      /CloudTrail did not deliver it there \(planted/,
    );
  });
});

describe('digests deleted', () => {
  it('one deleted digest: missing, a one-hour gap, the digest before it unverifiable and its hour unlisted', async () => {
    const s = trailStory();
    removeFiles(s.trail, s.digest(2).key);
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({
      ...s.allValid,
      D1: 'unverifiable',
      D2: 'missing',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
    });
    expect(outcome.run.gaps.map((g) => [g.from, g.to])).toEqual([['2026-03-01T02:01:31Z', '2026-03-01T03:01:31Z']]);
  });

  it('two consecutive deleted digests: a two-hour gap, though no remaining file names the first of them', async () => {
    const s = trailStory();
    removeFiles(s.trail, s.digest(2).key, s.digest(3).key);
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    const { D2: _gone, ...others } = s.allValid;
    expect(s.verdicts(outcome.files)).toEqual({
      ...others,
      D1: 'unverifiable',
      D3: 'missing',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
      L6: 'unlisted',
      L7: 'unlisted',
    });
    expect(outcome.run.gaps.map((g) => [g.from, g.to])).toEqual([['2026-03-01T02:01:31Z', '2026-03-01T04:01:31Z']]);
    expect(outcome.run.gaps[0]!.reason).toContain('2 hourly digests are not in the case');
  });
});

describe('digests tampered with', () => {
  it('a digest rewritten after signing is invalid, and the log files only it lists unverifiable', async () => {
    const s = trailStory();
    const forged = rewritten(s.log(4), s.log(4).content.toString().replace('alice', 'mallory'));
    s.trail.logFiles[4] = forged;
    const content = editedJson(s.digest(2).content, (json) => {
      (json.logFiles as { hashValue: string }[])[0]!.hashValue = sha256(forged.content);
    });
    replaceDigest(s.trail, s.digest(2), { content, stored: gzip(content) });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({
      ...s.allValid,
      D2: 'invalid',
      L4: 'unverifiable',
      L5: 'unverifiable',
    });
    expect(outcome.run.summary.signatures).toEqual({ verified: 5, failed: 1, not_checked: 0 });
  });

  it('a digest moved to another key is invalid, though its signature verifies and its hour stays covered', async () => {
    const s = trailStory();
    const original = s.digest(2).key;
    const moved = original.replace('20260301T030131Z', '20260301T093131Z');
    replaceDigest(s.trail, s.digest(2), { key: moved });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    const { D2: _moved, ...others } = s.allValid;
    expect(s.verdicts(outcome.files)).toEqual({
      ...others,
      [moved.split('/').pop()!]: 'invalid',
      L4: 'unverifiable',
      L5: 'unverifiable',
    });
    expect(s.file(outcome.files, moved.split('/').pop()!).reason).toBe(
      `found at ${moved}, but it records that CloudTrail wrote it to ${original}: it was moved or renamed; its signature itself verifies`,
    );
    expect(outcome.run.gaps).toEqual([]);
  });

  it('bytes appended to a digest make it invalid, though it is still read as a digest and its first member verifies', async () => {
    const s = trailStory();
    replaceDigest(s.trail, s.digest(2), { stored: Buffer.concat([s.digest(2).stored, gzip('{}')]) });
    const { outcome, store } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({
      ...s.allValid,
      D2: 'invalid',
      L4: 'unverifiable',
      L5: 'unverifiable',
    });
    const [row] = await store.read((db) =>
      db.rows<{ kind: string; format: string; status: string }>(
        `SELECT kind, format, status FROM sources WHERE s3_key LIKE '%20260301T030131Z.json.gz'`,
      ),
    );
    expect(row).toEqual({ kind: 'digest', format: 'digest', status: 'ok' });
  });
});

describe('public keys', () => {
  it('a wrong key verifies nothing, and each digest says which key it needs', async () => {
    const s = trailStory();
    const { outcome } = await verifyOnDisk(caseDir(), s.trail, { given: [signingKey('intruder')] });
    expect(s.verdicts(outcome.files)).toEqual(unverifiable(s.allValid));
    expect(outcome.run.summary.signatures).toEqual({ verified: 0, failed: 0, not_checked: 6 });
    expect(s.file(outcome.files, 'D2').reason).toContain(
      `no key with fingerprint ${s.trail.keys[0]!.fingerprint} among the 1 public key(s) given`,
    );
  });

  it('a wrong key once imported can be forgotten: later runs no longer offer it, the stored run keeps it, the log says so', async () => {
    const s = trailStory();
    const intruder = signingKey('intruder');
    const { store, outcome } = await verifyOnDisk(caseDir(), s.trail, { given: [intruder] });
    await expect(forgetPublicKey(store, 'f'.repeat(32))).rejects.toThrow(/holds no public key with fingerprint f{32}/);

    expect(await forgetPublicKey(store, intruder.fingerprint)).toEqual([]);

    const again = await verifyWith(store, s.trail.keys);
    expect(again.run.keys.map((k) => k.fingerprint)).toEqual([s.trail.keys[0]!.fingerprint]);
    expect(s.verdicts(again.files)).toEqual(s.allValid);
    expect(
      (await store.read((db) => readIntegrityRun(db, outcome.run.run_id)))!.keys.map((k) => k.fingerprint),
    ).toEqual([intruder.fingerprint]);
    const log = await store.read((db) =>
      db.rows<{ action: string; detail: string }>(
        `SELECT action, detail::VARCHAR AS detail FROM case_log WHERE action = 'public-key-forgotten'`,
      ),
    );
    expect(log.map((l) => [l.action, JSON.parse(l.detail)])).toEqual([
      ['public-key-forgotten', { fingerprint: intruder.fingerprint, keys: 1 }],
    ]);
  });

  it('without a key, hashes and the chain are still checked, and signatures are unverifiable with the reason', async () => {
    const s = trailStory();
    const content = editedJson(s.digest(2).content, (json) => (json.logFiles = []));
    replaceDigest(s.trail, s.digest(2), { content, stored: gzip(content) });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail, { given: [] });
    expect(s.verdicts(outcome.files)).toEqual({
      ...unverifiable(s.allValid),
      D2: 'invalid',
      L4: 'unlisted',
      L5: 'unlisted',
    });
    expect(s.file(outcome.files, 'D0').reason).toMatch(/^signature not checked: no public keys were given/);
    expect(outcome.run.keys).toEqual([]);
  });

  it('key rotation: each digest is verified with the key its fingerprint names', async () => {
    const s = trailStory({
      keys: [
        { fromHour: 0, label: 'rotation-a' },
        { fromHour: 3, label: 'rotation-b' },
      ],
    });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual(s.allValid);
    expect(outcome.run.summary.keys.map((k) => [k.fingerprint, k.verified])).toEqual([
      [s.trail.keys[0]!.fingerprint, 3],
      [s.trail.keys[1]!.fingerprint, 3],
    ]);
    expect(outcome.run.keys.map((k) => [k.fingerprint, k.valid_from, k.origin])).toEqual([
      [s.trail.keys[0]!.fingerprint, '2026-03-01T00:01:31Z', 'given-keys.json'],
      [s.trail.keys[1]!.fingerprint, '2026-03-01T03:01:31Z', 'given-keys.json'],
    ]);
  });
});

describe('the newest digest', () => {
  it('with its head-object output beside it, it is valid', async () => {
    const s = trailStory();
    const { outcome } = await verifyOnDisk(caseDir(), s.trail, { sidecars: [s.digest(5)] });
    expect(s.verdicts(outcome.files)).toEqual(s.allValid);
    expect(s.file(outcome.files, 'D5').reason).toMatch(/\(the signature in the saved head-object output\)$/);
  });

  it('without it, it is unverifiable, and so are the log files only it lists', async () => {
    const s = trailStory();
    const { outcome } = await verifyOnDisk(caseDir(), s.trail, { sidecars: [] });
    expect(s.verdicts(outcome.files)).toEqual({
      ...s.allValid,
      D5: 'unverifiable',
      L10: 'unverifiable',
      L11: 'unverifiable',
    });
    expect(outcome.run.inputs.signatures).toBe(0);
  });
});

describe('backfill and empty hours', () => {
  it('a backfill digest lists late log files: they are valid, and it takes no place in the hourly chain', async () => {
    const s = trailStory({ backfill: [{ hour: 2, logFiles: 1 }] });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual(s.allValid);
    expect(outcome.run.gaps).toEqual([]);
    expect(outcome.run.trails[0]!.digests).toBe(7);
  });

  it('an empty-hour digest lists nothing and is valid; a log file planted in that hour is unlisted', async () => {
    const s = trailStory({ emptyHours: [3] });
    const planted = plantedName(s.log(4).key, '20260301T0330Z');
    s.trail.logFiles.push({ key: planted, content: Buffer.from('{"Records":[]}'), stored: gzip('{"Records":[]}') });
    const { outcome } = await verifyOnDisk(caseDir(), s.trail);
    expect(s.verdicts(outcome.files)).toEqual({ ...s.allValid, [planted.split('/').pop()!]: 'unlisted' });
  });
});

describe('sidecars and digests in separate ingests', () => {
  it('links a head-object output ingested before its digest, whatever its name, by its ETag and size', async () => {
    const s = trailStory();
    const dir = caseDir();
    const caseFile = path.join(dir, 'case.duckdb');
    const metadata = path.join(dir, 'metadata');
    fs.mkdirSync(metadata, { recursive: true });
    fs.writeFileSync(path.join(metadata, 'last-digest.json'), headObjectJson(s.digest(5)));
    ingestWithCli(caseFile, metadata);
    const evidence = path.join(dir, 'evidence');
    writeTrail(evidence, s.trail, { sidecars: [] });
    ingestWithCli(caseFile, evidence);
    const outcome = await verifyWith(await openCase(caseFile), s.trail.keys);
    expect(s.verdicts(outcome.files)).toEqual(s.allValid);
    expect(outcome.run.inputs.signatures).toBe(1);
  });
});

describe('while a verification judges', () => {
  it('a console query is recorded at once (only storing the run takes the analyst write), and progress counts the files judged', async () => {
    const s = trailStory({ hours: 2 });
    const { store } = await verifyOnDisk(caseDir(), s.trail);
    // Enough log files that judging them takes a while.
    await store.writer.run(
      `INSERT INTO sources (source_id, path, kind, format, size_stored, sha256_stored, status, ingest_id, ingested_at)
         SELECT 1000000 + i, 'forged-' || i, 'log', 'trail-log', 0, 'x', 'ok', 1, now() FROM range(100000) t(i)`,
    );
    const done: string[] = [];
    const judged: number[] = [];
    let recorded: Promise<void> | undefined;
    const verified = verifyCase(store, {
      onProgress: (p) => {
        if (p.step === 'validating') judged.push(p.judged);
        if (p.step === 'validating' && !recorded)
          recorded = recordHistory(store, { sql: 'SELECT 1', duration_ms: 1, row_count: 1, error: null }).then(() => {
            done.push('query recorded');
          });
      },
    }).then(() => done.push('verified'));
    await Promise.all([verified, recorded]);
    expect(done).toEqual(['query recorded', 'verified']);
    // The count of files judged rises a page at a time, to every digest and log file of the case.
    const files = await store.read((db) =>
      db.number(`SELECT digests + log_files FROM integrity_runs WHERE run_id = 2`),
    );
    expect(judged.length).toBeGreaterThan(5);
    expect(judged).toEqual([...judged].sort((a, b) => a - b));
    expect(judged.at(-1)).toBe(files);
    expect(
      await store.read((db) => db.number(`SELECT count(*) FROM integrity_files WHERE run_id = 2`)),
    ).toBeGreaterThan(100_000);
  });
});

describe('a trail with more digests than the memory validation may fill', () => {
  it('is refused before anything is judged or stored, saying how much it needs and what to do', async () => {
    const s = trailStory({ hours: 2 });
    const { store } = await verifyOnDisk(caseDir(), s.trail);
    const digests = await store.read((db) => db.number(`SELECT count(*) FROM sources WHERE kind = 'digest'`));
    // 9,000 bytes a digest of the trail judged: what verify-case.ts reserves for each.
    for (const heapBytes of [0, 1000, digests * 9000 - 1]) {
      await expect(verifyCase(store, { heapBytes })).rejects.toThrow(
        new RegExp(
          `One trail of this case holds ${digests} digest files \\(111122223333 us-east-2 management-events us-east-2\\): validating its chain needs about .* GB of memory, more than the .* GB this process has left\\. Nothing was verified\\. Verify such evidence in cases of one year each\\.`,
        ),
      );
    }
    // Its own kind: with --keys, the CLI takes an invalid input for its keys file.
    await expect(verifyCase(store, { heapBytes: 0 })).rejects.toMatchObject({ kind: 'too-large' });
    expect(await store.read((db) => db.number('SELECT count(*) FROM integrity_runs'))).toBe(1);
    const fits = await verifyCase(store, { heapBytes: digests * 9000 });
    expect(fits.run.run_id).toBe(2);
  });
});

describe('stored runs', () => {
  it('keys are stored once, logged at each import, and offered to every later run, which is stored beside the first', async () => {
    const s = trailStory({ hours: 2 });
    const { store } = await verifyOnDisk(caseDir(), s.trail);
    const again = await verifyCase(store);
    expect(again.run.run_id).toBe(2);
    expect(again.run.keys.map((k) => k.fingerprint)).toEqual([s.trail.keys[0]!.fingerprint]);
    expect(again.run.summary.signatures.verified).toBe(2);
    expect(await latestIntegrityRun(store)).toEqual(again.run);
    const stored = await store.read((db) =>
      db.rows<{ run_id: number; files: string }>(
        `SELECT run_id, count(*) AS files FROM integrity_files GROUP BY run_id ORDER BY run_id`,
      ),
    );
    expect(stored).toEqual([
      { run_id: 1, files: '6' },
      { run_id: 2, files: '6' },
    ]);
    const log = await store.read((db) => db.rows<{ action: string }>(`SELECT action FROM case_log ORDER BY entry_id`));
    expect(log.map((l) => l.action)).toEqual(['public-keys-imported', 'integrity-verified', 'integrity-verified']);
  });

  it('pages the verdicts of a run, worst first, by status, kind and trail', async () => {
    const s = trailStory();
    removeFiles(s.trail, s.log(4).key);
    const { store } = await verifyOnDisk(caseDir(), s.trail, { sidecars: [] });
    const page = await integrityFiles(store, { statuses: ['missing', 'unverifiable'], limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows.map((f) => [s.labelOf(f.s3_object), f.status])).toEqual([
      ['L4', 'missing'],
      ['D5', 'unverifiable'],
    ]);
    expect((await integrityFiles(store, { kind: 'log', trail: 'management-events', limit: 100 })).total).toBe(12);
    expect((await integrityFiles(store, { trail: 'another-trail', limit: 100 })).total).toBe(0);
    expect((await integrityFiles(store, { limit: 5, offset: 100 })).total).toBe(18);
  });
});
