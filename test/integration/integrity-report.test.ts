import fs from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { gatherReport } from '../../electron/core/report/gather-report.ts';
import { attachManifestCsv } from '../../electron/core/report/manifest-csv.ts';
import { reportHtml } from '../../electron/core/report/report-html.ts';
import { reportMarkdown } from '../../electron/core/report/report-markdown.ts';
import { gzip, removeFiles, rewritten, signedTrail, writeTrail } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import { closeCase, ingestWithCli, openCase, trailStory, verifyOnDisk } from '../helpers/verified-trail.ts';

describe('the integrity section of a report', () => {
  it('says plainly that a case was never verified, and its manifest carries no verdict', async () => {
    const dir = tempDir();
    const evidence = path.join(dir, 'evidence');
    writeTrail(evidence, signedTrail({ hours: 2 }));
    const caseFile = path.join(dir, 'case.duckdb');
    ingestWithCli(caseFile, evidence);
    const report = attachManifestCsv(await gatherReport(await openCase(caseFile), undefined), 'sources.csv').report;
    expect(report.integrity).toMatchObject({
      validated: false,
      digest_files: 2,
      run: null,
      problems: [],
      problems_total: 0,
    });
    expect(report.integrity.note).toMatch(
      /^Never verified\. 2 digest files are recorded, but the log files have not been checked/,
    );
    expect(report.manifest.every((m) => m.integrity === null)).toBe(true);
    expect(reportHtml(report)).toContain(`<h2 id="integrity">Integrity</h2>\n<p class="caveat">Never verified.`);
    expect(reportMarkdown(report)).toContain('## Integrity\n\nNever verified.');
  });

  it('states what the latest run verified, with which keys, the counts, the gaps and every problem, and each file’s verdict in the manifest', async () => {
    const s = trailStory();
    s.trail.logFiles[8] = rewritten(s.log(8), s.log(8).content.toString().replace('alice', 'mallory'));
    removeFiles(s.trail, s.digest(2).key);
    const { store } = await verifyOnDisk(tempDir(), s.trail);
    const report = attachManifestCsv(await gatherReport(store, undefined), 'sources.csv').report;
    const { integrity } = report;
    expect(integrity.validated).toBe(true);
    expect(integrity.run?.keys.map((k) => [k.fingerprint, k.origin])).toEqual([
      [s.trail.keys[0]!.fingerprint, 'given-keys.json'],
    ]);
    expect(integrity.note).toMatch(
      /^Verified \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ UTC by Trailscope [\d.]+ with 1 public key\. Digests: 4 valid, 1 missing, 1 unverifiable\. Log files: 7 valid, 1 invalid, 2 unlisted, 2 unverifiable\. Signatures: 4 verified, 0 failed, 1 not checked; 1 gap in the digest chains \(1 hour\)\.$/,
    );
    expect(integrity.problems.map((f) => [f.status, s.labelOf(f.s3_object)])).toEqual([
      ['invalid', 'L8'],
      ['missing', 'D2'],
      ['unlisted', 'L4'],
      ['unlisted', 'L5'],
      ['unverifiable', 'D1'],
      ['unverifiable', 'L2'],
      ['unverifiable', 'L3'],
    ]);
    expect(integrity.problems_total).toBe(7);
    const verdicts = Object.fromEntries(
      report.manifest
        .filter((m) => m.integrity !== null)
        .map((m) => [s.labelOf(m.path.slice(m.path.indexOf('AWSLogs/'))), m.integrity]),
    );
    const { D2: _gone, ...present } = s.allValid;
    expect(verdicts).toEqual({
      ...present,
      D1: 'unverifiable',
      L2: 'unverifiable',
      L3: 'unverifiable',
      L4: 'unlisted',
      L5: 'unlisted',
      L8: 'invalid',
    });
    expect(report.manifest.filter((m) => m.integrity === null).map((m) => m.path.split('/').pop())).toEqual(
      expect.arrayContaining(['list-public-keys.json', `${s.digest(5).key.split('/').pop()}.head-object.json`]),
    );

    const page = reportHtml(report);
    expect(page).toContain('<h3>Gaps</h3>');
    expect(page).toContain(`<span class="hash">${s.trail.keys[0]!.fingerprint}</span></td><td>given-keys.json</td>`);
    expect(page).toMatch(
      /<td><span class="error">invalid<\/span><\/td><td>log<\/td><td><code>AWSLogs\/[^<]*_20260301T0421Z_/,
    );
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('| Log files | 7 | 1 | 0 | 2 | 2 |');
    expect(marked.parse(markdown, { gfm: true, async: false })).toContain('<h2>Integrity</h2>');
  });

  it('says when sources were ingested after the run it shows', async () => {
    const dir = tempDir();
    const s = trailStory({ hours: 2 });
    const { store, caseFile } = await verifyOnDisk(dir, s.trail);
    closeCase(store);
    const later = path.join(dir, 'later');
    fs.mkdirSync(later);
    fs.writeFileSync(path.join(later, 'more.json.gz'), gzip('{"Records":[]}'));
    ingestWithCli(caseFile, later);
    const report = await gatherReport(await openCase(caseFile), undefined);
    expect(report.integrity.run?.sources_since).toBe(1);
    expect(report.integrity.note).toMatch(/ 1 source ingested since is not covered: verify again\.$/);
  });
});
