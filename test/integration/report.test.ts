import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { annotate } from '../../electron/core/analyst/annotations.ts';
import { saveCaseDetails } from '../../electron/core/analyst/case-details.ts';
import { addFinding } from '../../electron/core/analyst/findings.ts';
import { chromiumPdf, findChromium } from '../../electron/core/report/chromium-pdf.ts';
import { exportReport } from '../../electron/core/report/export-report.ts';
import { SERIES_COLORS } from '../../shared/chart-palette.ts';
import type { Report, ReportExport } from '../../shared/model/report.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { readPdf } from '../helpers/pdf-text.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Strings from the demo logs and from the analyst that must reach every reader as text. */
const HOSTILE_AGENT = '<img src=x onerror=alert(1)> python-requests/2.32.3';
const HOSTILE_NAME = '<script>alert("case")</script> | **bold** [link](http://evil.example)';
const HOSTILE_NOTE = 'see `x` </td><iframe src=//evil.example>';

const titles = [
  'Leaked key used from 203.0.113.66',
  'Burst of calls from the attacker',
  'deploy-prod: Lambda action added',
];

async function buildFindings(): Promise<void> {
  await saveCaseDetails(store(), {
    case_name: HOSTILE_NAME,
    investigator: 'R. Analyst',
    opened_on: '2026-11-03',
    closed_on: null,
  });
  await addFinding(store(), {
    title: titles[0]!,
    severity: 'high',
    attack_technique: 'T1078.004',
    narrative: 'The leaked key was used from one address.\n\nEvery call below.',
    evidence: {
      kind: 'query',
      sql: `SELECT event_time, event_name, user_agent, request_parameters->>'userName' AS target_user FROM events WHERE source_ip = '203.0.113.66' ORDER BY event_time`,
    },
  });
  await addFinding(store(), {
    title: titles[1]!,
    severity: 'medium',
    evidence: { kind: 'volume-chart', filter: {}, stack_by: 'event_source' },
  });
  await addFinding(store(), {
    title: titles[2]!,
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
  const keys = (
    await store().writer.runAndReadAll(
      `SELECT event_key FROM events WHERE event_name IN ('StopLogging', 'CreateAccessKey')`,
    )
  )
    .getRows()
    .map((r) => String(r[0]));
  for (const key of keys) await annotate(store(), key, { kind: 'bookmark', on: true });
  await annotate(store(), keys[0]!, { kind: 'note', body: HOSTILE_NOTE });
  const [probe] = (
    await store().writer.runAndReadAll(
      `SELECT event_key FROM events WHERE event_name = 'GetCallerIdentity' AND source_ip = '203.0.113.66'`,
    )
  ).getRows();
  await annotate(store(), String(probe![0]), { kind: 'tag-add', tag: 'recon' });
}

describe('a report of the demo case', () => {
  const written: Partial<Record<'html' | 'md' | 'json', ReportExport>> = {};

  it('is written in HTML, Markdown and JSON, each logged with its own SHA-256', async () => {
    await buildFindings();
    for (const format of ['html', 'md', 'json'] as const)
      written[format] = await exportReport(store(), { format, title: 'Incident IR-42' }, chromiumPdf);
    const logged = (
      await store().writer.runAndReadAll(
        `SELECT detail->>'path' AS path, detail->>'sha256' AS sha256 FROM case_log WHERE action = 'report-exported'`,
      )
    ).getRowObjectsJson();
    expect(logged).toHaveLength(3);
    for (const entry of logged) expect(entry.sha256).toBe(sha256(fs.readFileSync(String(entry.path))));
    for (const file of Object.values(written)) expect(file!.path.startsWith(`${store().path}.exports`)).toBe(true);
  });

  it('carries the case summary, the findings in order with their evidence, bookmarks, pipelines and manifest', () => {
    const report = JSON.parse(fs.readFileSync(written.json!.path, 'utf8')) as Report;
    expect(report).toMatchObject({
      report_format: 1,
      title: 'Incident IR-42',
      details: { case_name: HOSTILE_NAME, investigator: 'R. Analyst', opened_on: '2026-11-03' },
    });
    expect(report.summary).toMatchObject({
      events: 413,
      accounts: ['111122223333'],
      regions: ['us-east-1'],
      findings: 3,
      bookmarks: 2,
    });
    expect(report.findings.map((f) => f.title)).toEqual(titles);
    expect(report.findings.map((f) => f.evidence.kind)).toEqual(['query', 'volume-chart', 'pipeline-diff']);
    expect(report.bookmarks.map((b) => b.event_name)).toEqual(['StopLogging', 'CreateAccessKey']);
    expect(report.timeline.find((t) => t.event_name === 'StopLogging')?.reasons).toEqual(['bookmarked']);
    expect(report.timeline.find((t) => t.event_name === 'GetCallerIdentity')?.reasons).toEqual(['tagged recon']);
    expect(report.timeline_total).toBe(report.timeline.length);
    expect(report.timeline.some((t) => t.reasons.some((r) => r.startsWith('finding 3: deploy-prod v3')))).toBe(true);
    expect(report.pipelines.find((p) => p.name === 'deploy-prod')?.versions.length).toBeGreaterThan(2);
    expect(report.integrity.validated).toBe(false);
  });

  it("lists every source with hashes equal to the files' own, as stored and uncompressed", async () => {
    const report = JSON.parse(fs.readFileSync(written.json!.path, 'utf8')) as Report;
    const sources = Number((await store().writer.runAndReadAll('SELECT count(*) FROM sources')).getRows()[0]![0]);
    expect(report.manifest).toHaveLength(sources);
    for (const entry of report.manifest) {
      const bytes = fs.readFileSync(entry.path);
      expect(entry.sha256_stored).toBe(sha256(bytes));
      expect(entry.size_stored).toBe(bytes.length);
      // Every file is gzip but the head-object output saved beside the newest digest, which is JSON.
      const content = entry.path.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes;
      expect(entry.sha256_content).toBe(sha256(content));
      expect(entry.size_content).toBe(content.length);
    }
  });

  it('HTML: self-contained, and every hostile string is text, never markup', () => {
    const page = fs.readFileSync(written.html!.path, 'utf8');
    for (const raw of [HOSTILE_AGENT, '<script>', '<iframe', '\u001b']) expect(page).not.toContain(raw);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; python-requests/2.32.3');
    expect(page).toContain('&lt;script&gt;alert(&quot;case&quot;)&lt;/script&gt;');
    expect(page).toContain('svc-backup\\u001b[2J');
    const tags = page.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.filter((tag) => /\s(src|href|on\w+)\s*=/i.test(tag))).toEqual([]);
    expect(new Set(tags.map((tag) => tag.match(/^<([a-z0-9]+)/i)![1]!.toLowerCase()))).not.toContain('script');
    expect(page).not.toMatch(/url\(|@import/);
    expect(page).toContain("default-src 'none'");
    expect(page.match(/<svg /g)).toHaveLength(1);
  });

  it('Markdown: rendered as GitHub would, no hostile string becomes an element or a link', async () => {
    const markdown = fs.readFileSync(written.md!.path, 'utf8');
    const rendered = await marked.parse(markdown, { gfm: true });
    expect(rendered).not.toMatch(/<(img|script|iframe|a)\b/);
    expect(rendered).not.toContain('<strong>bold</strong>');
    expect(rendered).toContain('&lt;img src=x onerror=alert(1)&gt; python-requests/2.32.3');
    expect(rendered).toContain('&lt;/td&gt;&lt;iframe src=//evil.example&gt;');
    expect(markdown).not.toContain('\u001b');
    for (const title of titles) expect(rendered).toContain(title);
  });

  it('JSON: values come back exactly, with control characters escaped in the file', () => {
    const text = fs.readFileSync(written.json!.path, 'utf8');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const report = JSON.parse(text) as Report;
    const query = report.findings[0]!.evidence;
    expect(query.kind === 'query' && query.rows.map((r) => r[2])).toContain(HOSTILE_AGENT);
    expect(JSON.stringify(report)).toContain('svc-backup\\u001b[2J');
  });
});

describe.skipIf(!findChromium() && !process.env.CI)('a PDF report', () => {
  it('opens in a PDF reader with its text, the hostile strings as text, and the chart drawn', async () => {
    const pdf = await exportReport(store(), { format: 'pdf' }, chromiumPdf);
    expect(fs.readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');
    const content = await readPdf(pdf.path);
    expect(content.pages).toBeGreaterThan(2);
    const text = content.text.replace(/\s+/g, ' ');
    for (const title of titles) expect(text).toContain(title);
    expect(text).toContain('Appendix: evidence manifest');
    expect(text).toContain('onerror=alert(1)');
    for (const color of SERIES_COLORS.slice(0, 3)) expect(content.fillColors).toContain(color);
    const logged = (
      await store().writer.runAndReadAll(
        `SELECT detail->>'sha256' AS sha256 FROM case_log WHERE action = 'report-exported' AND (detail->>'format') = 'pdf'`,
      )
    ).getRowObjectsJson();
    expect(logged).toEqual([{ sha256: sha256(fs.readFileSync(pdf.path)) }]);
  }, 120_000);
});
