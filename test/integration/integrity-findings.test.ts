import fs from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { addFinding, listFindings } from '../../electron/core/analyst/findings.ts';
import type { CaseStore } from '../../electron/core/case/case-store.ts';
import { gatherReport } from '../../electron/core/report/gather-report.ts';
import { attachManifestCsv } from '../../electron/core/report/manifest-csv.ts';
import { reportHtml } from '../../electron/core/report/report-html.ts';
import { reportMarkdown } from '../../electron/core/report/report-markdown.ts';
import { evidenceRef } from '../../shared/api/report-schemas.ts';
import type { IntegrityEvidenceRef } from '../../shared/model/finding.ts';
import type { IntegrityFileResult, IntegrityGap } from '../../shared/model/integrity.ts';
import { removeFiles, rewritten } from '../helpers/signed-trail.ts';
import { tempDir } from '../helpers/temp.ts';
import {
  closeCase,
  ingestWithCli,
  openCase,
  trailStory,
  type VerifiedRun,
  verifyOnDisk,
  verifyWith,
} from '../helpers/verified-trail.ts';

/**
 * A verified trail with problems: L8 changed after delivery (invalid), digest D2 deleted (a
 * gap, until a test finds it again), and L7 and L9 renamed in the bucket to names built to
 * break HTML and Markdown tables. A renamed file is unlisted, and the reason of its
 * original, now missing, quotes the new path.
 */
const HOSTILE_NAME = '<img src=x onerror=alert(1)>|x.json.gz';
const HOSTILE_LINES = '<img src=x onerror=alert(1)>|x\n| injected | row |.json.gz';

const s = trailStory();
s.trail.logFiles[8] = rewritten(s.log(8), s.log(8).content.toString().replace('alice', 'mallory'));
const renamedTo = (i: number, name: string) => {
  const { key } = s.log(i);
  s.trail.logFiles[i] = { ...s.log(i), key: `${key.slice(0, key.lastIndexOf('/') + 1)}${name}` };
  return key;
};
renamedTo(7, HOSTILE_NAME);
const l9 = renamedTo(9, HOSTILE_LINES);
const hostileKey = s.log(7).key;
const d2 = s.digest(2);
removeFiles(s.trail, d2.key);

const dir = tempDir();
let store: CaseStore;
let caseFile: string;
let outcome: VerifiedRun;
const verdict = (label: string) => s.file(outcome.files, label);
const gapRef = (g: IntegrityGap) => ({
  account: g.account,
  region: g.region,
  trail: g.trail,
  home_region: g.home_region,
  from: g.from,
});
const ref = (files: IntegrityFileResult[], gaps: IntegrityGap[] = []): IntegrityEvidenceRef => ({
  kind: 'integrity',
  run_id: outcome.run.run_id,
  files: files.map((f) => ({ kind: f.kind, s3_object: f.s3_object })),
  gaps: gaps.map(gapRef),
});
const counts = async () => ({
  findings: (await listFindings(store)).length,
  log: Number((await store.writer.runAndReadAll('SELECT count(*) FROM case_log')).getRows()[0]![0]),
});

beforeAll(async () => {
  ({ store, caseFile, outcome } = await verifyOnDisk(dir, s.trail));
});

describe('an integrity finding', () => {
  it('takes the reference the Integrity view sends, files and gaps defaulting to none', () => {
    const parsed = evidenceRef.parse({ kind: 'integrity', run_id: 1, files: [{ kind: 'log', s3_object: hostileKey }] });
    expect(parsed).toEqual({ kind: 'integrity', run_id: 1, files: [{ kind: 'log', s3_object: hostileKey }], gaps: [] });
    expect(
      evidenceRef.safeParse({ kind: 'integrity', run_id: 1, files: [{ kind: 'log', s3_object: 'k'.repeat(2049) }] })
        .success,
    ).toBe(false);
    expect(
      evidenceRef.safeParse({
        kind: 'integrity',
        run_id: 1,
        gaps: [{ account: 'a', region: 'r', trail: 't', home_region: 'h', from: 'yesterday' }],
      }).success,
    ).toBe(false);
  });

  it('keeps an invalid file and a gap with the verdicts, time and keys of the run that gave them', async () => {
    const invalid = verdict('L8');
    expect(invalid.status).toBe('invalid');
    const [gap] = outcome.run.gaps;
    const evidence = ref([invalid], [gap!]);
    const finding = await addFinding(store, {
      title: 'L8 changed after delivery, and an hour of digests deleted',
      severity: 'high',
      evidence,
    });
    expect(finding.evidence).toEqual({
      ...evidence,
      run: {
        run_id: outcome.run.run_id,
        ran_at: outcome.run.ran_at,
        trailscope_version: outcome.run.trailscope_version,
        key_fingerprints: [s.trail.keys[0]!.fingerprint],
      },
      file_verdicts: [invalid],
      gap_spans: [gap],
    });
    expect(finding.evidence.kind === 'integrity' && finding.evidence.file_verdicts[0]).toMatchObject({
      path: expect.stringContaining(s.log(8).key),
      checked_against: expect.stringContaining('CloudTrail-Digest'),
    });
    const logged = (
      await store.writer.runAndReadAll(
        `SELECT detail FROM case_log WHERE action = 'finding-added' ORDER BY entry_id DESC LIMIT 1`,
      )
    ).getRows();
    expect(JSON.parse(String(logged[0]![0])).evidence).toEqual(evidence);
  });

  it('accepts a gap named by the same instant written with milliseconds', async () => {
    const gap = outcome.run.gaps[0]!;
    const evidence = { ...ref([]), gaps: [{ ...gapRef(gap), from: gap.from.replace('Z', '.000Z') }] };
    const finding = await addFinding(store, { title: 'Digests deleted', severity: 'medium', evidence });
    expect(finding.evidence.kind === 'integrity' && finding.evidence.gap_spans).toEqual([gap]);
  });

  it('is refused, and nothing written, when the run, a file or a gap is not in the case, or nothing is named', async () => {
    const before = await counts();
    const invalid = verdict('L8');
    const gap = outcome.run.gaps[0]!;
    const refused: [IntegrityEvidenceRef, string][] = [
      [{ ...ref([invalid]), run_id: 99 }, 'no verification run 99 in this case'],
      [
        { ...ref([invalid]), files: [{ kind: 'log', s3_object: `${invalid.s3_object}.nope` }] },
        `not in verification run 1: log file ${invalid.s3_object}.nope`,
      ],
      [
        { ...ref([invalid]), files: [{ kind: 'digest', s3_object: invalid.s3_object }] },
        `not in verification run 1: digest file ${invalid.s3_object}`,
      ],
      [
        { ...ref([invalid]), gaps: [{ ...gapRef(gap), from: gap.to }] },
        `not in verification run 1: the gap of trail management-events (account 111122223333, us-east-2, home region us-east-2) from ${gap.to}`,
      ],
      [{ ...ref([]), gaps: [{ ...gapRef(gap), trail: 'other-trail' }] }, 'the gap of trail other-trail'],
      [ref([]), 'at least one file or gap'],
    ];
    for (const [evidence, message] of refused) {
      await expect(addFinding(store, { title: 'x', severity: 'low', evidence })).rejects.toThrow(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('names every unknown item up to three, and counts the rest', async () => {
    const files = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ kind: 'log' as const, s3_object: `AWSLogs/${n}.json.gz` }));
    await expect(addFinding(store, { title: 'x', severity: 'low', evidence: { ...ref([]), files } })).rejects.toThrow(
      'not in verification run 1: log file AWSLogs/a.json.gz; log file AWSLogs/b.json.gz; log file AWSLogs/c.json.gz (and 2 more)',
    );
  });

  it('keeps its evidence when the deleted digest turns up, the case is verified again and the gap is gone', async () => {
    const before = await listFindings(store);
    closeCase(store);
    const found = path.join(dir, 'found-later', d2.key);
    fs.mkdirSync(path.dirname(found), { recursive: true });
    fs.writeFileSync(found, d2.stored);
    ingestWithCli(caseFile, path.join(dir, 'found-later'));
    store = await openCase(caseFile);
    const again = await verifyWith(store, s.trail.keys);
    expect(again.run.run_id).toBe(outcome.run.run_id + 1);
    expect(again.run.gaps).toEqual([]);
    expect([verdict('D1').status, s.file(again.files, 'D1').status]).toEqual(['unverifiable', 'valid']);
    expect(await listFindings(store)).toEqual(before);
    expect(before.some((f) => f.evidence.kind === 'integrity' && f.evidence.gap_spans.length === 1)).toBe(true);
    // The earlier run can still be named after a later one.
    const finding = await addFinding(store, { title: 'Still run 1', severity: 'low', evidence: ref([verdict('L8')]) });
    expect(finding.evidence.kind === 'integrity' && finding.evidence.file_verdicts).toEqual([verdict('L8')]);
  });
});

describe('an integrity finding in a report', () => {
  let title: string;
  const renamed = (name: string) => outcome.files.find((f) => f.path?.endsWith(name))!;
  beforeAll(async () => {
    const original = outcome.files.find((f) => f.s3_object === l9)!;
    expect([renamed(HOSTILE_NAME).status, renamed(HOSTILE_LINES).status, original.status]).toEqual([
      'unlisted',
      'unlisted',
      'missing',
    ]);
    expect(renamed(HOSTILE_NAME).s3_object).toBe(hostileKey);
    // A line break in a name does not stop it being an S3 key.
    expect(renamed(HOSTILE_LINES).s3_object).toBe(l9.replace(/[^/]+$/, HOSTILE_LINES));
    expect(original.reason).toContain(HOSTILE_LINES);
    title = 'L7 and L9 renamed in the bucket';
    await addFinding(store, {
      title,
      severity: 'critical',
      evidence: ref([renamed(HOSTILE_NAME), renamed(HOSTILE_LINES), original]),
    });
  });

  /** The finding's part of a report: from its title to the next finding or section. */
  const section = (page: string, end: string) =>
    page.slice(page.indexOf(title), page.indexOf(end, page.indexOf(title)));

  it('HTML (and so the PDF): the run, then each file with its status, key and reason, every log value as text', async () => {
    const page = reportHtml(attachManifestCsv(await gatherReport(store, undefined), 'sources.csv').report);
    const finding = section(page, '</section>');
    expect(finding).toContain(`<h4>Integrity, verification run ${outcome.run.run_id}</h4>`);
    expect(finding).toContain(
      `Verdicts of verification run 1, made ${outcome.run.ran_at} UTC by Trailscope ${outcome.run.trailscope_version} with public key ${s.trail.keys[0]!.fingerprint}`,
    );
    expect(finding).toContain('<td><span class="caveat">unlisted</span></td><td>log</td><td><code>AWSLogs/');
    expect(finding).toContain('<td><span class="error">missing</span></td><td>log</td>');
    expect(finding).toContain(
      '<code>AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/&lt;img src=x onerror=alert(1)&gt;|x.json.gz</code>',
    );
    expect(finding).toContain('&lt;img src=x onerror=alert(1)&gt;|x\n| injected | row |.json.gz</code>');
    expect(finding).toContain('listed in no digest under this name, but its content is that of');
    expect(page).not.toContain('<img');
    const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /\s(src|href|on\w+)\s*=/i.test(tag))).toEqual([]);
  });

  it('Markdown: one table row per file, the hostile key a code span, its pipes and newline no table syntax', async () => {
    const markdown = reportMarkdown(attachManifestCsv(await gatherReport(store, undefined), 'sources.csv').report);
    const finding = section(markdown, '\n## ');
    expect(finding).toContain(`**Integrity, verification run ${outcome.run.run_id}**`);
    expect(finding).toContain('| unlisted | log | `AWSLogs/');
    expect(finding).toContain(
      '`AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/<img src=x onerror=alert(1)>\\|x.json.gz`',
    );
    expect(finding).toContain('<img src=x onerror=alert(1)>\\|x\\n\\| injected \\| row \\|.json.gz`');
    expect(finding).not.toContain(HOSTILE_LINES);
    const rendered = marked.parse(finding, { gfm: true, async: false });
    expect(rendered).not.toMatch(/<(img|script|iframe|a)\b/);
    const table = rendered.slice(rendered.indexOf('<table>'), rendered.indexOf('</table>'));
    expect(table.match(/<tr>/g)).toHaveLength(4);
    expect(table).toContain(
      '<code>AWSLogs/111122223333/CloudTrail/us-east-2/2026/03/01/&lt;img src=x onerror=alert(1)&gt;|x.json.gz</code>',
    );
    expect(table).toContain('&lt;img src=x onerror=alert(1)&gt;|x\\n| injected | row |.json.gz</code>');
    expect(table).toContain('<td>missing</td>\n<td>log</td>');
  });

  it('JSON: carries the evidence as stored, the hostile key exactly', async () => {
    const report = JSON.parse(JSON.stringify(await gatherReport(store, undefined))) as Awaited<
      ReturnType<typeof gatherReport>
    >;
    const kept = report.findings.find((f) => f.title === title)!.evidence;
    expect(kept).toEqual((await listFindings(store)).find((f) => f.title === title)!.evidence);
    expect(kept.kind === 'integrity' && kept.file_verdicts.map((f) => [f.status, f.s3_object])).toEqual([
      ['missing', l9],
      ['unlisted', renamed(HOSTILE_LINES).s3_object],
      ['unlisted', hostileKey],
    ]);
  });
});
