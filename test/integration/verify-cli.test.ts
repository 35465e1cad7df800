import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import type { IntegrityFileResult, IntegrityGap, IntegrityStatus } from '../../shared/model/integrity.ts';
import { controlSafeJson } from '../../shared/visible-text.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { type CliRun, trailscope } from '../helpers/cli.ts';
import {
  editedJson,
  gzip,
  publicKeysJson,
  removeFiles,
  replaceDigest,
  rewritten,
  sha256,
  signingKey,
  writeTrail,
} from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { ingestWithCli, trailStory } from '../helpers/verified-trail.ts';

/**
 * `trailscope verify` end to end: trails written to disk in the S3 layout, ingested and
 * verified by the real CLI, its output read as a user or a script would. Each case is
 * ingested once and verified several times, in the order a user would.
 */

interface VerifyJson {
  files: (IntegrityFileResult & Record<string, unknown>)[];
  gaps: IntegrityGap[];
  events: Record<string, number>;
  summary: Record<string, unknown> & {
    digests: Record<IntegrityStatus, number>;
    keys_offered: { fingerprint: string }[];
  };
}

const root = tempDir();
const ESC = '\u001b';
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const verify = (caseFile: string, ...args: string[]) => trailscope('verify', '--case', caseFile, ...args);
const parsed = (run: CliRun) => JSON.parse(run.stdout) as VerifyJson;
/** The problem lines of the text output, after its summary. */
const problemLines = (stdout: string) => stdout.slice(stdout.indexOf('Problems, worst first')).split('\n').slice(1, -1);

/** Writes a story's trail as evidence (no key among it) and its keys beside it, and ingests the evidence. */
function ingested(name: string, story: ReturnType<typeof trailStory>) {
  const dir = path.join(root, name);
  writeTrail(path.join(dir, 'evidence'), story.trail, { keys: [] });
  const keys = path.join(dir, 'keys.json');
  fs.writeFileSync(keys, publicKeysJson(story.trail.keys));
  const caseFile = path.join(dir, 'case.duckdb');
  ingestWithCli(caseFile, path.join(dir, 'evidence'));
  return { caseFile, keys };
}

describe('trailscope verify on a tampered archive', () => {
  const s = trailStory({ hours: 10 });
  // A log file planted under a name that would repaint the terminal, and a digest that no
  // later digest vouches for (the next one is deleted) listing it under a hostile name too.
  const planted = s.log(16).key.replace(/_\d{8}T\d{4}Z_[0-9a-f]{16}/, `_20260301T0830Z_${ESC}[31mPLANTED`);
  const plantedContent = '{"Records":[]}';
  const hostileListing = `AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/${ESC}]0;pwned\u0007.json.gz`;
  const label = (key: string) => key.split('/').pop()!;
  let text: CliRun;
  let json: CliRun;
  let caseFile: string;

  beforeAll(() => {
    s.trail.logFiles[14] = rewritten(s.log(14), s.log(14).content.toString().replace('198.51.100.7', '203.0.113.9'));
    s.trail.logFiles[6] = {
      ...s.log(6),
      stored: Buffer.concat([s.log(6).stored, gzip('{"Records":[{"eventName":"Planted"}]}')]),
    };
    s.trail.logFiles.push({ key: planted, content: Buffer.from(plantedContent), stored: gzip(plantedContent) });
    const listed = editedJson(s.digest(1).content, (digest) => {
      (digest.logFiles as unknown[]).push({
        s3Bucket: s.trail.bucket,
        s3Object: hostileListing,
        hashValue: sha256(plantedContent),
        hashAlgorithm: 'SHA-256',
      });
    });
    replaceDigest(s.trail, s.digest(1), { content: listed, stored: gzip(listed) });
    // One deleted digest (hour 2), and two in a row (hours 5 and 6): two gaps.
    removeFiles(s.trail, s.log(1).key, s.digest(2).key, s.digest(5).key, s.digest(6).key);
    const written = ingested('tampered', s);
    caseFile = written.caseFile;
    text = verify(caseFile, '--keys', written.keys);
    json = verify(caseFile, '--json');
  });

  it('gives every file the verdict its story implies, reports both gaps, and exits 1', () => {
    expect(json.code, json.stderr).toBe(1);
    expect(text.code, text.stderr).toBe(1);
    const { D5: _deletedUnnamed, ...others } = s.allValid;
    expect(s.verdicts(parsed(json).files)).toEqual({
      ...others,
      L1: 'missing',
      L14: 'invalid',
      L6: 'invalid',
      [label(planted)]: 'unlisted',
      [label(hostileListing)]: 'missing',
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
    expect(parsed(json).gaps.map((g) => [g.trail, g.from, g.to])).toEqual([
      ['management-events', '2026-03-01T02:01:31Z', '2026-03-01T03:01:31Z'],
      ['management-events', '2026-03-01T05:01:31Z', '2026-03-01T07:01:31Z'],
    ]);
  });

  it('prints with --json every file, every gap, the events per verdict and the summary, in the documented shape', () => {
    const out = parsed(json);
    expect(Object.keys(out)).toEqual(['files', 'gaps', 'events', 'summary']);
    expect(out.files).toHaveLength(31);
    for (const f of out.files) {
      expect(Object.keys(f).slice(0, 5)).toEqual(['kind', 's3_object', 'path', 'status', 'reason']);
      expect(['log', 'digest']).toContain(f.kind);
      expect(f.path === null).toBe(f.status === 'missing');
    }
    expect(out.files.filter((f) => f.status === 'valid')).toHaveLength(12);
    for (const g of out.gaps) {
      expect(Object.keys(g).slice(0, 6)).toEqual(['account', 'region', 'trail', 'from', 'to', 'reason']);
      expect(g).toMatchObject({ account: '111122223333', region: 'us-east-2' });
    }
    expect(out.gaps[1]!.reason).toContain('2 hourly digests are not in the case');
    expect(out.events).toEqual({ verified: 14, 'invalid-only': 4, unverified: 20 });
    expect(out.summary).toMatchObject({
      run_id: 2,
      ran_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      all_valid: false,
      digests: { valid: 5, invalid: 0, missing: 2, unlisted: 0, unverifiable: 2 },
      log_files: { valid: 7, invalid: 2, missing: 2, unlisted: 7, unverifiable: 4 },
      gaps: 2,
      gap_hours: 3,
      signatures: { verified: 5, failed: 0, not_checked: 2 },
      keys: [{ fingerprint: s.trail.keys[0]!.fingerprint, origin: 'keys.json', verified: 5 }],
      keys_offered: [{ fingerprint: s.trail.keys[0]!.fingerprint, origin: 'keys.json' }],
      keys_imported: null,
      trails: [
        {
          trail: 'management-events',
          account: '111122223333',
          region: 'us-east-2',
          digests: 7,
          gaps: 2,
          from: '2026-03-01T00:01:31Z',
          to: '2026-03-01T10:01:31Z',
        },
      ],
    });
    expect(out.summary.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^Checked offline: /)]));
    expect(out.summary.unchecked).toEqual({
      reasons: [
        {
          reason: 'the digest after it (ending about …), which would repeat its signature, is not in the case',
          digests: 2,
        },
      ],
      other_digests: 0,
    });
  });

  it('prints a summary a person reads, then every problem worst first', () => {
    const out = text.stdout;
    const problemsAt = out.indexOf('Problems, worst first (21):');
    expect(problemsAt).toBeGreaterThan(0);
    const summary = out.slice(0, problemsAt);
    expect(summary).toContain('Not everything checks: 21 problems');
    expect(summary).toMatch(/^ {2}digests +5 valid, 2 missing, 2 unverifiable$/m);
    expect(summary).toMatch(/^ {2}log files +7 valid, 2 invalid, 2 missing, 7 unlisted, 4 unverifiable$/m);
    expect(summary).toMatch(/^ {2}signatures +5 verified, 0 failed, 2 not checked$/m);
    // Two digests, each ending before a gap: one kind of reason, its times left to each digest's own line.
    expect(summary).toMatch(
      /^ +2 digests: the digest after it \(ending about …\), which would repeat its signature, is not in the case$/m,
    );
    for (const end of ['03:01:31', '06:01:31'])
      expect(out.slice(problemsAt)).toContain(`the digest after it (ending about 2026-03-01T${end}Z)`);
    expect(summary).toMatch(
      new RegExp(`^ {2}keys +${s.trail.keys[0]!.fingerprint} from keys\\.json, valid .*: verified 5 digests$`, 'm'),
    );
    expect(summary).toMatch(/^ {2}keys given +keys\.json: 1 added to the case, 0 already held$/m);
    expect(summary).toMatch(/^ {2}gaps +2, 3 hours in all without a digest$/m);
    expect(summary).toMatch(/^ {2}events +14 from a verified file, 4 only from invalid files, 20 unverified$/m);

    const problems = problemLines(out);
    const rank = ['invalid', 'missing', 'gap', 'unlisted', 'unverifiable'];
    const ranks = problems.map((line) => rank.indexOf(line.trim().split(/\s+/)[0]!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks.filter((r) => r === 2)).toHaveLength(2);
    expect(
      problems.filter((line) =>
        line.includes(
          'from 2026-03-01T05:01:31Z to 2026-03-01T07:01:31Z (2 hours): 2 hourly digests are not in the case',
        ),
      ),
    ).toHaveLength(1);
    for (const f of parsed(json).files.filter((f) => f.status !== 'valid' && !RAW_CONTROL.test(f.s3_object))) {
      expect(
        problems.filter((line) => line.includes(`${f.s3_object}: ${f.reason.slice(0, 40)}`)),
        f.s3_object,
      ).toHaveLength(1);
    }
  });

  it('never lets a hostile key or reason reach the terminal raw: control characters are shown as codes', () => {
    expect(text.stdout).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain(
      '\\u001b[31mPLANTED.json.gz: listed in no digest under this name, but its content is that of ',
    );
    expect(text.stdout).toMatch(
      / {2}missing +log +AWSLogs\/.*\/\\u001b\]0;pwned\\u0007\.json\.gz: listed in digest \(unverifiable: see that file\) .*; a file with this content is in the case at .*\\u001b\[31mPLANTED/,
    );
    expect(json.stdout).not.toContain(ESC);
    // Written a page at a time, it is the text the whole would be.
    expect(json.stdout).toBe(`${controlSafeJson(parsed(json), 2)}\n`);
    expect(parsed(json).files.map((f) => f.s3_object)).toEqual(expect.arrayContaining([planted, hostileListing]));
  });

  it('records the key import and each run in the case log', async () => {
    const log = await caseRows<{ action: string; detail: string }>(
      caseFile,
      // The CLI's ingest ran the detection pack after it: that run is logged too, first.
      "SELECT action, detail::VARCHAR AS detail FROM case_log WHERE action <> 'detect' ORDER BY entry_id",
    );
    expect(log.map((l) => l.action)).toEqual(['public-keys-imported', 'integrity-verified', 'integrity-verified']);
    const keysFile = fs.readFileSync(path.join(root, 'tampered', 'keys.json'));
    expect(JSON.parse(log[0]!.detail)).toMatchObject({
      origin: 'keys.json',
      added: [s.trail.keys[0]!.fingerprint],
      sha256: sha256(keysFile),
    });
    expect(JSON.parse(log[1]!.detail)).toMatchObject({
      run_id: 1,
      keys: [{ fingerprint: s.trail.keys[0]!.fingerprint, origin: 'keys.json' }],
      gaps: 2,
    });
    expect(JSON.parse(log[2]!.detail)).toMatchObject({ run_id: 2 });
  });
});

describe('trailscope verify on a clean trail, without a key, with a wrong one, then with its own', () => {
  // 210 log files: with a wrong key every file is a problem, more than the text output lists.
  const s = trailStory({ hours: 6, logFilesPerHour: 35 });
  const intruder = signingKey('intruder');
  let noKey: CliRun;
  let wrongKey: CliRun;
  let ownKey: CliRun;
  let later: CliRun;

  beforeAll(() => {
    const { caseFile, keys } = ingested('clean', s);
    const wrong = path.join(root, 'clean', 'intruder-keys.json');
    fs.writeFileSync(wrong, publicKeysJson([intruder]));
    noKey = verify(caseFile, '--json');
    wrongKey = verify(caseFile, '--keys', wrong);
    ownKey = verify(caseFile, '--keys', keys);
    later = verify(caseFile, '--json');
  });

  it('without a key, checks hashes and the chain but no signature, says why, and exits 1', () => {
    expect(noKey.code, noKey.stderr).toBe(1);
    const out = parsed(noKey);
    expect(new Set(out.files.map((f) => f.status))).toEqual(new Set(['unverifiable']));
    for (const d of out.files.filter((f) => f.kind === 'digest'))
      expect(d.reason).toMatch(
        /^signature not checked: no public keys were given; add the output of `aws cloudtrail list-public-keys`/,
      );
    expect(out.summary).toMatchObject({
      all_valid: false,
      signatures: { verified: 0, failed: 0, not_checked: 6 },
      keys_offered: [],
    });
    expect(out.summary.notes).toEqual(
      expect.arrayContaining([
        expect.stringContaining('No public keys were given, so no signature was checked; hashes and the chain were.'),
      ]),
    );
  });

  it('with the keys of another key pair, verifies nothing and exits 1', () => {
    expect(wrongKey.code, wrongKey.stderr).toBe(1);
    expect(wrongKey.stdout).toMatch(/^ {2}signatures +0 verified, 0 failed, 6 not checked$/m);
    expect(wrongKey.stdout).toMatch(
      new RegExp(
        `^ +6 digests: no key with fingerprint ${s.trail.keys[0]!.fingerprint} among the 1 public key\\(s\\) given$`,
        'm',
      ),
    );
    expect(wrongKey.stdout).toMatch(
      new RegExp(`^ {2}keys +${intruder.fingerprint} from intruder-keys\\.json, .*: verified 0 digests$`, 'm'),
    );
    expect(wrongKey.stdout).toMatch(/^ {2}digests +6 unverifiable$/m);
  });

  it('lists the first 200 problems and says how many more --json gives', () => {
    const problems = problemLines(wrongKey.stdout);
    expect(wrongKey.stdout).toContain('Problems, worst first (216):');
    expect(problems).toHaveLength(201);
    expect(problems.at(-1)).toBe('  …and 16 more; --json gives all');
  });

  it('with its own keys, finds every file valid and exits 0; later runs use the keys the case holds', () => {
    expect(ownKey.code, ownKey.stderr).toBe(0);
    expect(ownKey.stdout).toContain('Every digest and log file in the case is valid, and no digest chain has a gap.');
    expect(ownKey.stdout).not.toContain('Problems');
    expect(later.code, later.stderr).toBe(0);
    const out = parsed(later);
    expect(s.verdicts(out.files)).toEqual(s.allValid);
    expect(out.gaps).toEqual([]);
    expect(out.events).toEqual({ verified: 420, 'invalid-only': 0, unverified: 0 });
    expect(out.summary).toMatchObject({
      run_id: 4,
      all_valid: true,
      signatures: { verified: 6, failed: 0, not_checked: 0 },
    });
    expect(out.summary.keys_offered.map((k) => k.fingerprint)).toEqual([
      intruder.fingerprint,
      s.trail.keys[0]!.fingerprint,
    ]);
  });
});

describe('trailscope verify usage', () => {
  const dir = path.join(root, 'usage');
  const caseFile = path.join(dir, 'case.duckdb');
  const notKeys = path.join(dir, 'not-keys.json');

  beforeAll(async () => {
    fs.mkdirSync(dir, { recursive: true });
    (await CaseStore.open(caseFile, { create: true })).close();
    fs.writeFileSync(notKeys, JSON.stringify({ Keys: [] }));
  });

  it('is listed in the top-level help and has its own', () => {
    expect(trailscope('--help').stdout).toMatch(
      /^ {2}verify +validate the case's CloudTrail digests and log files, offline$/m,
    );
    const help = trailscope('verify', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: trailscope verify --case FILE \[--keys FILE\] \[--json\]/);
    expect(help.stdout).toContain('Exit status: 0 when every digest and log file in the case is valid');
  });

  it.each([
    ['no --case', [], /--case FILE is required/],
    ['a case that does not exist', ['--case', path.join(root, 'none.duckdb')], /No case file at /],
    [
      'a --keys file that cannot be read',
      ['--case', caseFile, '--keys', path.join(root, 'missing-keys.json')],
      /cannot read --keys .*missing-keys\.json: ENOENT/,
    ],
    ['a --keys folder', ['--case', caseFile, '--keys', root], /cannot read --keys .*: it is a folder/],
    ['a stray argument', ['--case', caseFile, 'extra'], /verify takes no PATH/],
    ['an unknown flag', ['--case', caseFile, '--key', 'x'], /Unknown option '--key'/],
  ])('refuses %s with one line and exit 2', (_what, args, message) => {
    const run = trailscope('verify', ...args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });

  it('refuses a --keys file that is not list-public-keys output with exit 2, and stores nothing: no key, no run, no log entry', async () => {
    const run = trailscope('verify', '--case', caseFile, '--keys', notKeys);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(
      /^trailscope verify: --keys: not-keys\.json: not list-public-keys output: no "PublicKeyList" list; save the output of `aws cloudtrail list-public-keys --output json`\n$/,
    );
    const stored = await caseRows(
      caseFile,
      `SELECT (SELECT count(*) FROM public_keys) AS keys, (SELECT count(*) FROM integrity_runs) AS runs, (SELECT count(*) FROM case_log) AS log`,
    );
    expect(stored).toEqual([{ keys: '0', runs: '0', log: '0' }]);
  });
});
