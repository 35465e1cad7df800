import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addFinding } from '../../electron/core/analyst/findings.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { findChromium } from '../../electron/core/report/chromium-pdf.ts';
import type { Report, ReportExport } from '../../shared/model/report.ts';
import { trailscope, trailscopeJson } from '../helpers/cli.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const caseFile = path.join(dir, 'demo.duckdb');
const out = (name: string) => path.join(dir, name);
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(() => {
  const run = trailscope('ingest', '--case', caseFile, 'samples/demo-archive');
  if (run.code !== 0) throw new Error(run.stderr);
});

describe('trailscope report', () => {
  it('writes a summary report when the case has no findings: overview, pipeline histories, manifest', () => {
    const run = trailscope('report', '--case', caseFile, '--out', out('summary.md'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^wrote .*summary\.md \(md, \d+ bytes, SHA-256 [0-9a-f]{64}\)\nwrote .*\.md\.sources\.csv \(the manifest as CSV, \d+ bytes, SHA-256 [0-9a-f]{64}\)\n$/,
    );
    const text = fs.readFileSync(out('summary.md'), 'utf8');
    expect(text).toContain('No findings were recorded in this case');
    expect(text).toContain('### deploy-prod');
    expect(text).toContain('## Appendix: evidence manifest');
    expect(text).toMatch(/\| Events \| 413 from 575 source files/);
  });

  it('prints what it wrote as JSON, hash included, and takes the format from --format or the name', () => {
    const written = trailscopeJson<ReportExport>(
      'report',
      '--case',
      caseFile,
      '--out',
      out('r.data'),
      '--format',
      'json',
      '--title',
      'Quarterly <review>',
      '--json',
    );
    expect(written).toMatchObject({ format: 'json', name: 'r.data', sha256: sha256(out('r.data')) });
    // The manifest CSV lands beside --out, under the name the report gives it, with the hash it states.
    const report = JSON.parse(fs.readFileSync(out('r.data'), 'utf8')) as Report;
    expect(written.manifest_csv).toMatchObject({
      path: out(report.manifest_csv.name),
      sha256: report.manifest_csv.sha256,
    });
    expect(sha256(out(report.manifest_csv.name))).toBe(report.manifest_csv.sha256);
    expect((JSON.parse(fs.readFileSync(out('r.data'), 'utf8')) as Report).title).toBe('Quarterly <review>');
  });

  it('refuses bad usage with one line and exit 2', () => {
    for (const args of [
      ['--case', caseFile],
      ['--case', caseFile, '--out', out('x.txt')],
      ['--case', caseFile, '--out', out('x.html'), '--format', 'docx'],
      ['--case', out('none.duckdb'), '--out', out('x.md')],
    ]) {
      const run = trailscope('report', ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('from a script: the findings a script records come out in every format', async () => {
    const store = await CaseStore.open(caseFile);
    await addFinding(store, {
      title: 'Attacker calls',
      severity: 'high',
      evidence: { kind: 'query', sql: `SELECT event_name FROM events WHERE source_ip = '203.0.113.66'` },
    });
    await addFinding(store, {
      title: 'Volume',
      severity: 'info',
      evidence: { kind: 'volume-chart', filter: {}, stack_by: 'event_name' },
    });
    await addFinding(store, {
      title: 'Approval removed',
      severity: 'critical',
      evidence: {
        kind: 'pipeline-diff',
        name: 'deploy-prod',
        account: '111122223333',
        region: 'us-east-1',
        lineage: 1,
        from_version: 2,
        to_version: 3,
      },
    });
    store.close();
    const formats = findChromium() || process.env.CI ? ['html', 'md', 'json', 'pdf'] : ['html', 'md', 'json'];
    for (const format of formats) {
      const written = trailscopeJson<ReportExport>(
        'report',
        '--case',
        caseFile,
        '--out',
        out(`full.${format}`),
        '--json',
      );
      expect(written.sha256).toBe(sha256(out(`full.${format}`)));
    }
    const page = fs.readFileSync(out('full.html'), 'utf8');
    for (const title of ['Attacker calls', 'Volume', 'Approval removed']) expect(page).toContain(title);
    expect(page).toContain('<svg ');
    const log = trailscopeJson<{ n: number }[]>(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      `SELECT count(*)::INTEGER AS n FROM case_log WHERE action = 'report-exported'`,
    );
    expect(log[0]!.n).toBe(2 + formats.length);
  }, 120_000);
});
