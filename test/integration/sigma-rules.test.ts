import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { readRuleHits } from '../../electron/core/detect/rule-hits.ts';
import { compileSigma, type SigmaResult } from '../../electron/core/detect/sigma/compile.ts';
import { checkSigmaRegexes } from '../../electron/core/detect/sigma/regex-check.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { Detection } from '../../shared/model/detection.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

/**
 * Sigma rules written for these tests (test/fixtures/sigma/rules), compiled and run the way the
 * product runs a detection (readRuleHits: console guard, read-only transaction) on a case
 * ingested from records written for them, each with hits and near misses.
 */
const dir = tempDir();
let store: CaseStore;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'sigma.duckdb'), { create: true });
  const summary = await ingest(store, [fixture('sigma', 'records')]);
  expect(summary).toMatchObject({ events_added: 29, rejected: 0, errors: [] });
});
afterAll(() => store?.close());

function compileFile(name: string): SigmaResult[] {
  return compileSigma(fs.readFileSync(fixture('sigma', 'rules', name), 'utf8'), name);
}

function accepted(name: string): Detection[] {
  return compileFile(name).map((result) => {
    if (!result.ok) throw new Error(`${name}: ${result.reason}`);
    return result.detection;
  });
}

async function hitKeys(detection: Detection): Promise<string[]> {
  const db = await store.connectReader();
  try {
    const { hits } = await readRuleHits(db, detection);
    return hits.flatMap((hit) => hit.event_keys);
  } finally {
    db.closeSync();
  }
}

const keys = (...ids: string[]) => ids.map((id) => `sigma-${id}@111122223333`);

describe('Sigma rules run on a case', () => {
  it('finds console sign-ins without MFA outside a network, matching values case-insensitively', async () => {
    const [rule] = accepted('console-login-without-mfa.yml');
    // 10.255.255.255 is the network's last address, 11.0.0.0 and 9.255.255.255 its neighbours;
    // an IPv6 address is in no IPv4 network; "NO" matches the rule's 'no'.
    expect(await hitKeys(rule!)).toEqual(keys('login-01', 'login-05', 'login-06', 'login-08'));
    expect(rule).toMatchObject({
      id: 'sigma-console-sign-in-without-mfa-from-outside-the-office-network',
      severity: 'high',
      attack: ['T1078.004'],
      family: 'Your rules',
      origin: 'sigma',
      false_positives: 'Break-glass users that have no MFA device.',
    });
  });

  it('honours "all of" a pattern, a ? wildcard and null for an absent field', async () => {
    const [rule] = accepted('cloudtrail-logging-stopped.yml');
    // trail-02 failed (errorCode set), trail-04 starts logging, trail-06 only reads.
    expect(await hitKeys(rule!)).toEqual(keys('trail-01', 'trail-03', 'trail-05'));
    expect(rule!.severity).toBe('critical');
  });

  it('compiles a file of several documents, refusing only the one it cannot run', async () => {
    const results = compileFile('credentials-and-keys.yml');
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toEqual({
      ok: false,
      title: 'Mentions of a credential dumper anywhere',
      reason: expect.stringMatching(/^document 2: search identifier keywords is a keyword search/),
    });
    const [accessKey, , kms] = results.map((r) => (r.ok ? r.detection : null));
    // iam-02 names no user (its own key), iam-03 was made by a role: the filter.
    expect(await hitKeys(accessKey!)).toEqual(keys('iam-01'));
    // kms-02's client is not requests; kms-03 names an alias, not a key.
    expect(await hitKeys(kms!)).toEqual(keys('kms-01'));
    expect(kms).toMatchObject({ severity: 'low', attack: [], false_positives: "Not stated by the rule's author." });
  });

  it('matches quotes, backslashes, accented capitals and SQL-like text as plain values', async () => {
    const [quote, backslash, unicode, exactRegex, foldedRegex, injection] = accepted('odd-values.yml');
    expect(await hitKeys(quote!)).toEqual(keys('odd-01'));
    expect(await hitKeys(backslash!)).toEqual(keys('odd-03'));
    expect(await hitKeys(unicode!)).toEqual(keys('odd-05'));
    // A regular expression is case-sensitive unless the rule says |i.
    expect(await hitKeys(exactRegex!)).toEqual(keys('odd-07'));
    expect(await hitKeys(foldedRegex!)).toEqual(keys('odd-07', 'odd-08'));
    expect(await hitKeys(injection!)).toEqual(keys('odd-09'));
    const db = await store.connectReader();
    try {
      expect(Number((await db.runAndReadAll('SELECT count(*) FROM events')).getRowsJson()[0]![0])).toBe(29);
    } finally {
      db.closeSync();
    }
  });

  it('refuses a regular expression RE2 cannot compile, which DuckDB would refuse at every run', async () => {
    const results = compileFile('bad-regex.yml');
    const [compiled] = results;
    expect(compiled).toMatchObject({ ok: true, regexes: ['(?<=Delete)Trail'] });
    // JavaScript accepts the lookbehind; DuckDB binds the rule only to fail.
    expect(() => new RegExp('(?<=Delete)Trail')).not.toThrow();
    if (!compiled?.ok) throw new Error('expected the rule to compile');
    await expect(hitKeys(compiled.detection)).rejects.toThrow(/invalid perl operator/);
    const db = await store.connectReader();
    try {
      expect(await checkSigmaRegexes(db, results)).toEqual([
        {
          ok: false,
          title: 'Trail deleted, by lookbehind',
          reason:
            'the regular expression "(?<=Delete)Trail" is not one DuckDB (RE2) can run: invalid perl operator: (?<.',
        },
      ]);
      const good = compileFile('odd-values.yml');
      expect(await checkSigmaRegexes(db, good)).toEqual(good);
    } finally {
      db.closeSync();
    }
  });
});
