import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStore } from '../../electron/core/case/case-store.ts';
import { latestIntegrityRun } from '../../electron/core/integrity/integrity-runs.ts';
import { gatherReport } from '../../electron/core/report/gather-report.ts';
import { attachManifestCsv } from '../../electron/core/report/manifest-csv.ts';
import { reportHtml } from '../../electron/core/report/report-html.ts';
import { reportMarkdown } from '../../electron/core/report/report-markdown.ts';
import { tempDir } from '../helpers/temp.ts';
import { trailStory, verifyOnDisk } from '../helpers/verified-trail.ts';

/**
 * A run's summary and keys are JSON in the case, read back by the Integrity view, the reports
 * and findings. A case file made elsewhere may hold any JSON there: a summary missing its
 * counts kept the Integrity view from drawing. Each crafted summary is read field by field: the
 * verdict counts counted again from the run's rows when they cannot be read, anything else that
 * cannot be read shown as none, with a note first saying so; the reports still build.
 */

let store: CaseStore;
let written: { summary: string; keys: string };

beforeAll(async () => {
  ({ store } = await verifyOnDisk(
    path.join(tempDir('trailscope-stored-summary-'), 'case'),
    trailStory({ hours: 2 }).trail,
  ));
  written = (await store.read((db) =>
    db.row<{ summary: string; keys: string }>(
      'SELECT summary::VARCHAR AS summary, keys::VARCHAR AS keys FROM integrity_runs WHERE run_id = 1',
    ),
  ))!;
});

afterAll(() => store.close());

const asWritten = () => JSON.parse(written.summary) as Record<string, unknown>;
const without = (field: string) => {
  const summary = asWritten();
  delete summary[field];
  return JSON.stringify(summary);
};
const changed = (field: string, value: unknown) => JSON.stringify({ ...asWritten(), [field]: value });

/** Each crafted summary, made from the one the verification wrote. */
const crafted: { name: string; summary?: () => string; keys?: string; unreadable: string }[] = [
  {
    name: 'an empty object',
    summary: () => '{}',
    unreadable:
      "digests and log_files were counted again from the run's verdicts; gaps, gap_hours, signatures, keys, rejected_keys, notes could not be read",
  },
  {
    name: 'no digest counts',
    summary: () => without('digests'),
    unreadable: "(digests were counted again from the run's verdicts)",
  },
  {
    name: 'a count that is text',
    summary: () => changed('log_files', { ...(asWritten().log_files as object), valid: '1' }),
    unreadable: "(log_files were counted again from the run's verdicts)",
  },
  { name: 'a negative gap count', summary: () => changed('gaps', -5), unreadable: 'gaps' },
  { name: 'notes that are a number', summary: () => changed('notes', 5), unreadable: 'notes' },
  { name: 'notes that are not text', summary: () => changed('notes', [{ toString: 1 }, null]), unreadable: 'notes' },
  { name: 'keys used of another shape', summary: () => changed('keys', [{ a: 1 }]), unreadable: 'keys' },
  { name: 'a JSON string', summary: () => '"<script>alert(1)</script>"', unreadable: 'gaps, gap_hours' },
  { name: 'null', summary: () => 'null', unreadable: 'gaps, gap_hours' },
  {
    name: 'an array nested 10,000 deep',
    summary: () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    unreadable: "digests and log_files were counted again from the run's verdicts",
  },
  { name: 'keys offered that are an object', keys: '{"length": 3}', unreadable: 'the keys offered' },
];

describe('a run whose stored summary a case made elsewhere changed', () => {
  it.each(crafted)(
    '$name: is read, what cannot be read shown as none, with a note first saying so',
    async ({ summary, keys, unreadable }) => {
      await store.writer.run(
        'UPDATE integrity_runs SET summary = $summary::JSON, keys = $keys::JSON WHERE run_id = 1',
        {
          summary: summary?.() ?? written.summary,
          keys: keys ?? written.keys,
        },
      );
      const run = (await latestIntegrityRun(store))!;
      expect(run.summary.notes[0]).toMatch(/^Run 1's stored summary is not as Trailscope writes it \(/);
      expect(run.summary.notes[0]).toContain(unreadable);
      // Counts that cannot be read are counted from the run's verdict rows: the same as written here.
      const counts = JSON.parse(written.summary) as Pick<typeof run.summary, 'digests' | 'log_files'>;
      expect([run.summary.digests, run.summary.log_files]).toEqual([counts.digests, counts.log_files]);
      expect(
        Array.isArray(run.keys) && Array.isArray(run.summary.keys) && Array.isArray(run.summary.rejected_keys),
      ).toBe(true);
      expect(run.inputs.keys).toBe(run.keys.length);
      // The run's own rows stand.
      expect(run.trails.length).toBeGreaterThan(0);
      const report = attachManifestCsv(await gatherReport(store, undefined), 'sources.csv').report;
      expect(reportMarkdown(report)).toContain("Run 1's stored summary is not as Trailscope writes it");
      expect(reportHtml(report)).not.toContain('<script>alert');
    },
  );

  it('a summary of 100,000 notes: the first 500 read, and how many more', async () => {
    const notes = Array.from({ length: 100_000 }, (_, i) => `crafted note ${i}`);
    await store.writer.run('UPDATE integrity_runs SET summary = $summary::JSON, keys = $keys::JSON WHERE run_id = 1', {
      summary: changed('notes', notes),
      keys: written.keys,
    });
    const run = (await latestIntegrityRun(store))!;
    expect(run.summary.notes).toHaveLength(501);
    expect(run.summary.notes.at(-1)).toBe('99500 more note(s) in the case are not read.');
  });

  it('as Trailscope wrote it: read as written, with no note', async () => {
    await store.writer.run(
      'UPDATE integrity_runs SET summary = $summary::JSON, keys = $keys::JSON WHERE run_id = 1',
      written,
    );
    const run = (await latestIntegrityRun(store))!;
    expect(run.summary).toEqual(JSON.parse(written.summary));
    expect(run.keys).toEqual(JSON.parse(written.keys));
  });
});
