import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSigma } from '../../electron/core/detect/sigma/compile.ts';
import { MAX_NESTING } from '../../electron/core/detect/sigma/yaml-nesting.ts';
import type { SigmaImportResult } from '../../shared/model/detection.ts';
import { trailscope } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Sigma rules are shared files, downloaded from anyone: a file nested hundreds of levels deep
 * overflowed the YAML parser's stack, and on Node 20 the second such file in a process aborted
 * it (V8 failed to compile a regular expression at the stack's limit), taking the CLI or the
 * browser face down with it. Each shape of nesting is refused before the parser sees it.
 */
const DEEP: [name: string, text: string][] = [
  ['flow sequences', '['.repeat(250_000)],
  ['flow maps', `${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}`],
  ['sequences on one line', `${'- '.repeat(100_000)}x`],
  ['explicit keys on one line', `${'? '.repeat(100_000)}x`],
  ['flow sequences on lines of their own', '[\n'.repeat(100_000)],
  ['sequences and flow maps mixed', `${'- {a: ['.repeat(30_000)}x`],
  ['maps by indentation', `a:\n${Array.from({ length: 700 }, (_, i) => `${' '.repeat(i + 1)}b:`).join('\n')}`],
];

const RULE = fs.readFileSync('test/fixtures/sigma/rules/console-login-without-mfa.yml', 'utf8');

describe('Sigma files nested too deep', () => {
  it.each(DEEP)('refuses %s whole, with the line, and quickly', (_name, text) => {
    const started = performance.now();
    const [refused, ...more] = compileSigma(text, 'deep.yml');
    expect(more).toHaveLength(0);
    expect(refused).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/nests deeper than 100 levels at line \d+/),
    });
    // Not a timing assertion on speed: the parser, which took 0.3-1.5 s over these, never ran.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('counts no bracket or dash inside quotes or a block scalar, and imports such a rule', () => {
    const values = `${'['.repeat(300)}${'- '.repeat(300)}`;
    const rule = `${RULE.trimEnd()}\nreferences:\n  - '${values}'\n  - "${values}"\nnotes: |\n  ${values}\n  ${'{'.repeat(300)}\n`;
    const [compiled] = compileSigma(rule, 'quoted.yml');
    expect(compiled).toMatchObject({ ok: true });
  });

  it('reads a rule nested to the limit', () => {
    const nested = `${'['.repeat(MAX_NESTING - 10)}x${']'.repeat(MAX_NESTING - 10)}`;
    const rule = `${RULE.trimEnd()}\nreferences:\n  - ${nested}\n`;
    const [compiled] = compileSigma(rule, 'nested.yml');
    expect(compiled).toMatchObject({ ok: true });
  });
});

describe('a folder of such files imported by the CLI', () => {
  const dir = tempDir();
  const caseFile = path.join(dir, 'case.duckdb');
  const rules = path.join(dir, 'rules');
  beforeAll(() => {
    fs.mkdirSync(rules);
    // Each file twice: it was the second deep file in one process that aborted it.
    DEEP.forEach(([, text], i) => {
      fs.writeFileSync(path.join(rules, `deep-${i}-a.yml`), text);
      fs.writeFileSync(path.join(rules, `deep-${i}-b.yml`), text);
    });
    fs.writeFileSync(path.join(rules, 'zz-real.yml'), RULE);
    const run = trailscope(
      'ingest',
      '--case',
      caseFile,
      '--no-detect',
      'test/fixtures/corpus/stratus-cloudtrail-stop.json',
    );
    expect(run.code, run.stderr).toBe(0);
  });

  it('stays up, refuses each deep file and imports the rule beside them', () => {
    const run = trailscope('detect', '--case', caseFile, '--json', '--import-sigma', rules);
    expect(run.stderr).not.toMatch(/FATAL|out of memory/);
    expect(run.code, run.stderr).toBe(0);
    const { sigma } = JSON.parse(run.stdout) as { sigma: SigmaImportResult[] };
    expect(sigma).toHaveLength(DEEP.length * 2 + 1);
    expect(sigma.filter((r) => !r.ok && /nests deeper than 100 levels/.test(r.reason))).toHaveLength(DEEP.length * 2);
    expect(sigma.filter((r) => r.ok)).toEqual([
      expect.objectContaining({ source_name: expect.stringMatching(/zz-real\.yml$/) }),
    ]);
  });
});
