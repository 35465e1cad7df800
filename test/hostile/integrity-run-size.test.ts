import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityEvidence } from '../../electron/core/analyst/integrity-evidence.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { listRunGaps, listRunTrails, readIntegrityRun } from '../../electron/core/integrity/integrity-runs.ts';
import { gatherReport } from '../../electron/core/report/gather-report.ts';
import { attachManifestCsv } from '../../electron/core/report/manifest-csv.ts';
import { reportMarkdown } from '../../electron/core/report/report-markdown.ts';
import { RUN_LISTED } from '../../shared/model/integrity.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Digests forged to lie apart make as many gaps, and forged trail names as many trails: a run
 * of 200,000 of each was a 90 MB answer to every `integrity:get-run` (4.7 s), and a report
 * listing them all. A run now carries its first RUN_LISTED of each; the rest come a page at a
 * time, and a finding may still name any of them.
 */

const MANY = 200_000;
let store: CaseStore;

beforeAll(async () => {
  store = await CaseStore.open(path.join(tempDir('trailscope-run-size-'), 'case.duckdb'), { create: true });
  await store.writer.run(`
    INSERT INTO integrity_runs VALUES (1, now(), 'test', 0, 0, 0, 0, 0, '[]',
      '{"digests":{"valid":0,"invalid":0,"missing":0,"unlisted":0,"unverifiable":0},"log_files":{"valid":0,"invalid":0,"missing":0,"unlisted":0,"unverifiable":0},"gaps":${MANY},"gap_hours":${MANY},"signatures":{"verified":0,"failed":0,"not_checked":0},"keys":[],"rejected_keys":[],"notes":[]}');
    INSERT INTO integrity_gaps SELECT 1, '111122223333', 'us-east-1', 'forged', 'us-east-1',
      TIMESTAMPTZ '2020-01-01 00:01:31+00' + i * INTERVAL 2 HOUR, TIMESTAMPTZ '2020-01-01 01:01:31+00' + i * INTERVAL 2 HOUR,
      'hourly digests are not in the case' FROM range(${MANY}) t(i);
    INSERT INTO integrity_trails SELECT 1, NULL, '111122223333', 'us-east-1', 'forged-' || lpad(i::VARCHAR, 6, '0'), 'us-east-1', 1,
      NULL, NULL, 0, false FROM range(${MANY}) t(i);`);
});

afterAll(() => store.close());

describe(`a run of ${MANY.toLocaleString('en-US')} gaps and as many trails`, () => {
  it(`is read with its first ${RUN_LISTED.toLocaleString('en-US')} of each and their totals`, async () => {
    const run = (await store.read((db) => readIntegrityRun(db, 1)))!;
    expect(run.gaps).toHaveLength(RUN_LISTED);
    expect(run.trails).toHaveLength(RUN_LISTED);
    expect([run.summary.gaps, run.trails_total]).toEqual([MANY, MANY]);
    expect(run.trails[0]!.trail).toBe('forged-000000');
    expect(JSON.stringify(run).length).toBeLessThan(6_000_000);
  });

  it('pages every gap and every trail, in the order the run lists its first', async () => {
    const run = (await store.read((db) => readIntegrityRun(db, 1)))!;
    const lists: [typeof listRunGaps | typeof listRunTrails, unknown[]][] = [
      [listRunGaps, run.gaps],
      [listRunTrails, run.trails],
    ];
    for (const [list, carried] of lists) {
      let seen = 0;
      let first: unknown[] = [];
      for (let offset = 0; ; ) {
        const page = await store.read(
          (db): Promise<{ total: number; rows: unknown[] }> => list(db, { run_id: 1, limit: 70_000, offset }),
        );
        expect(page.total).toBe(MANY);
        if (offset === 0) first = page.rows.slice(0, RUN_LISTED);
        seen += page.rows.length;
        offset += page.rows.length;
        if (page.rows.length === 0 || offset >= page.total) break;
      }
      expect(seen).toBe(MANY);
      expect(first).toEqual(carried);
    }
    await expect(store.read((db) => listRunGaps(db, { run_id: 1, limit: 10, offset: MANY }))).resolves.toMatchObject({
      total: MANY,
      rows: [],
    });
  });

  it('lets a finding name a gap past those the run carries, its start written either way', async () => {
    const named = { account: '111122223333', region: 'us-east-1', trail: 'forged', home_region: 'us-east-1' };
    const far = new Date(Date.parse('2020-01-01T00:01:31Z') + 150_000 * 2 * 3_600_000);
    const evidence = await store.read((db) =>
      integrityEvidence(db, {
        kind: 'integrity',
        run_id: 1,
        files: [],
        gaps: [
          { ...named, from: far.toISOString() },
          { ...named, from: far.toISOString().replace('.000Z', 'Z') },
        ],
      }),
    );
    expect(evidence.gap_spans).toHaveLength(1);
    expect(evidence.gap_spans[0]!.from).toBe(far.toISOString().replace('.000Z', 'Z'));
    await expect(
      store.read((db) =>
        integrityEvidence(db, { kind: 'integrity', run_id: 1, files: [], gaps: [{ ...named, from: 'not a time' }] }),
      ),
    ).rejects.toThrow(/not in verification run 1: the gap of trail forged/);
  });

  it('is reported with its first gaps and trails, saying where the rest are', async () => {
    const markdown = reportMarkdown(attachManifestCsv(await gatherReport(store, undefined), 'sources.csv').report);
    expect(markdown).toContain(
      "The run has 200,000 trails: the first 10,000 are listed here, and the case's integrity\\_trails table holds them all.",
    );
    expect(markdown).toContain(
      "The run has 200,000 gaps: the first 10,000 are listed here, and the case's integrity\\_gaps table holds them all.",
    );
    expect(markdown.length).toBeLessThan(10_000_000);
  });
});
