import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { annotate } from '../../electron/core/analyst/annotations.ts';
import { addFinding } from '../../electron/core/analyst/findings.ts';
import { detectionPack } from '../../electron/core/detect/pack.ts';
import { runDetections } from '../../electron/core/detect/run-detections.ts';
import { chromiumPdf } from '../../electron/core/report/chromium-pdf.ts';
import { exportReport } from '../../electron/core/report/export-report.ts';
import type { Report, ReportExport } from '../../shared/model/report.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const hunt = (id: string) => detectionPack.find((d) => d.id === id)!;

/** The demo case after its detections ran, with a finding made from a hunt of the pack and one bookmark. */
async function investigated(): Promise<Record<'html' | 'md' | 'json', ReportExport>> {
  await runDetections(store(), { trigger: 'request' });
  await addFinding(store(), {
    title: 'Leaked key used from several addresses',
    severity: 'high',
    evidence: { kind: 'query', sql: hunt('access-key-used-from-several-ips').sql },
  });
  const [createKey] = (
    await store().writer.runAndReadAll(`SELECT event_key FROM events WHERE event_name = 'CreateAccessKey'`)
  ).getRows();
  await annotate(store(), String(createKey![0]), { kind: 'bookmark', on: true });
  const written: Partial<Record<'html' | 'md' | 'json', ReportExport>> = {};
  for (const format of ['html', 'md', 'json'] as const)
    written[format] = await exportReport(store(), { format }, chromiumPdf);
  return written as Record<'html' | 'md' | 'json', ReportExport>;
}

describe('the report of an investigated case', () => {
  let written: Record<'html' | 'md' | 'json', ReportExport>;
  const report = () => JSON.parse(fs.readFileSync(written.json.path, 'utf8')) as Report;

  it('writes the whole manifest as a CSV beside each report, which states its name and SHA-256', async () => {
    written = await investigated();
    for (const file of Object.values(written)) {
      const csv = file.manifest_csv;
      expect(path.dirname(csv.path)).toBe(path.dirname(file.path));
      expect(csv.name).toBe(`${path.basename(file.path)}.sources.csv`);
      expect(csv.sha256).toBe(sha256(csv.path));
      expect(csv.bytes).toBe(fs.statSync(csv.path).size);
    }
    const html = fs.readFileSync(written.html.path, 'utf8');
    expect(html).toContain(`<code>${written.html.manifest_csv.name}</code>`);
    expect(html).toContain(`<code>${written.html.manifest_csv.sha256}</code>`);
    const markdown = fs.readFileSync(written.md.path, 'utf8');
    expect(markdown).toContain(`\`${written.md.manifest_csv.name}\`, SHA-256 \`${written.md.manifest_csv.sha256}\``);
    expect(report().manifest_csv).toMatchObject({
      name: written.json.manifest_csv.name,
      sha256: written.json.manifest_csv.sha256,
      rows: 575,
    });
  });

  it('logs each CSV with its report, so the case log vouches for both', async () => {
    const logged = (
      await store().writer.runAndReadAll(
        `SELECT detail->>'$.manifest_csv.path' AS path, detail->>'$.manifest_csv.sha256' AS sha256
         FROM case_log WHERE action = 'report-exported' ORDER BY entry_id`,
      )
    ).getRowObjectsJson();
    expect(logged).toHaveLength(3);
    for (const entry of logged) expect(entry.sha256).toBe(sha256(String(entry.path)));
  });

  it('lists every source in the CSV, one row each, as the manifest has them', () => {
    const rows = parse(fs.readFileSync(written.json.manifest_csv.path), { columns: true }) as Record<string, string>[];
    const manifest = report().manifest;
    expect(rows).toHaveLength(manifest.length);
    expect(Object.keys(rows[0]!)).toEqual([
      'source_id',
      'path',
      'member',
      'kind',
      'status',
      'integrity',
      'size_stored',
      'size_content',
      'sha256_stored',
      'sha256_content',
      'record_count',
      'ingested_at',
      'error',
    ]);
    for (const [i, entry] of manifest.entries()) {
      expect(rows[i]).toMatchObject({
        source_id: String(entry.source_id),
        path: entry.path,
        sha256_stored: entry.sha256_stored ?? '',
        sha256_content: entry.sha256_content ?? '',
        record_count: String(entry.record_count),
      });
    }
  });

  it('prints folders with their counts in an appendix instead of a line per file', () => {
    const { manifest_summary: summary, manifest } = report();
    expect(summary.folders.length).toBeGreaterThan(1);
    expect(summary.folders.reduce((n, f) => n + f.files, 0)).toBe(manifest.length);
    expect(summary.folders.reduce((n, f) => n + f.records, 0)).toBe(413);
    const html = fs.readFileSync(written.html.path, 'utf8');
    expect(html).toContain('<h2 id="manifest">Appendix: evidence manifest</h2>');
    expect(html.indexOf('id="manifest"')).toBeGreaterThan(html.indexOf('id="pipelines"'));
    expect(html).toContain('<code>CloudTrail/us-east-1/2026/11/02</code></td><td>18</td><td>log 18</td><td>42</td>');
    // Per-file hashes are in the CSV only: the demo's 575 files no longer fill 70 pages.
    for (const entry of manifest.slice(0, 20)) expect(html).not.toContain(entry.sha256_stored!);
    expect(fs.readFileSync(written.md.path, 'utf8')).toContain('## Appendix: evidence manifest');
  });

  it('puts the events detections flagged on the timeline, each row saying where it comes from', () => {
    const { timeline } = report();
    const stop = timeline.find((t) => t.event_name === 'StopLogging')!;
    expect(stop.reasons).toEqual(['detection: CloudTrail logging stopped or changed (high), hit 1']);
    expect(stop.sources).toEqual(['detection']);
    const created = timeline.find((t) => t.event_name === 'CreateAccessKey')!;
    expect(created.sources).toEqual(['analyst', 'detection']);
    expect(created.reasons[0]).toBe('bookmarked');
    // The hit resting on 104 calls of the leaked key shows its first and last call only.
    const burst = timeline.filter((t) =>
      t.reasons.some((r) => r.startsWith('detection: Access keys used from more than one address')),
    );
    expect(
      burst.map((t) =>
        t.reasons
          .find((r) => r.startsWith('detection: Access keys'))!
          .split(', ')
          .at(-1),
      ),
    ).toEqual(['first of its 104 events', 'last of its 104 events']);
    const pipeline = timeline.find((t) => t.reasons.some((r) => r.startsWith('pipeline deploy-prod v3')))!;
    expect(pipeline.reasons).toContain('pipeline deploy-prod v3: 2 security-relevant changes');
    expect(timeline.every((t) => t.sources.length > 0)).toBe(true);
  });

  it('puts the events a finding made from a hunt rests on on the timeline', () => {
    const fromHunt = report().timeline.filter((t) => t.reasons.includes('finding 1 (query)'));
    expect(fromHunt.map((t) => t.event_name)).toEqual(['DescribeInstances', 'DescribeInstances']);
    expect(fromHunt.every((t) => t.sources.includes('finding'))).toBe(true);
  });

  it('says in the report how many key events each source gave', () => {
    const html = fs.readFileSync(written.html.path, 'utf8');
    expect(html).toMatch(
      /\d+ key events: 1 from the analyst \(bookmarks, notes, tags\), 2 from findings, \d+ from the latest detection results, 1 from pipeline histories \(an event may come from several\)\./,
    );
    expect(html).toContain('<th>From, and why</th>');
  });
});
