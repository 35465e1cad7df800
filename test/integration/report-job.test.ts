import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchive } from '../../bench/generate-archive.ts';
import { EventHub } from '../../electron/api/event-hub.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { watchJob } from '../../electron/api/watch-job.ts';
import type { ApiEvent } from '../../shared/api/contract.ts';
import type { JobKind, JobProgress, QueuedProgress } from '../../shared/model/job.ts';
import { tempDir } from '../helpers/temp.ts';

/** report:export is a job: progress in steps, an outcome, a cancel that leaves nothing behind. */
const dir = tempDir();
const caseFile = path.join(dir, 'demo.duckdb');
const exportsDir = `${caseFile}.exports`;
const events = new EventHub();
const seen: ApiEvent[] = [];
events.on((event) => seen.push(event));

/** Prints nothing until cancelled: a PDF that takes as long as the test wants. */
let printing: () => void = () => undefined;
const cases = new OpenCase(
  events.emit,
  null,
  (_html, _pdf, signal) =>
    new Promise((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new Error('print window closed')));
      printing();
    }),
);

const follow = <K extends JobKind>(kind: K, start: () => Promise<{ jobId: string }>) => {
  const progress: (JobProgress<K> | QueuedProgress)[] = [];
  return { progress, outcome: watchJob(events.on, kind, { start, onProgress: (p) => progress.push(p) }) };
};
const exported = () => (fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir).sort() : []);
const reportsLogged = async () =>
  (
    await cases.request('query:fetch', {
      sql: `SELECT count(*)::INTEGER FROM case_log WHERE action = 'report-exported'`,
      limit: 1,
    })
  ).rows[0]![0];

beforeAll(async () => {
  await cases.open(caseFile, true);
  const demo = follow('ingest', () => cases.request('ingest:start', { paths: ['samples/demo-archive'] }));
  expect(await demo.outcome).toMatchObject({ ok: true, value: { events_added: 413 } });
});

afterAll(() => cases.close());

describe('report:export as a job', () => {
  it('answers at once with a job id, reports its steps, and ends with the file it wrote and logged', async () => {
    const report = follow('report', () => cases.request('report:export', { format: 'md', title: 'IR-7' }));
    const outcome = await report.outcome;
    // A step lasting over a second says so again; the steps in order are what matter.
    const steps = report.progress
      .map((p) => p.kind === 'report' && `${p.format} ${p.phase}`)
      .filter((step, i, all) => step !== all[i - 1]);
    expect(steps).toEqual(['md gathering', 'md rendering']);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(path.dirname(outcome.value.path)).toBe(exportsDir);
    expect(outcome.value.sha256).toBe(
      crypto.createHash('sha256').update(fs.readFileSync(outcome.value.path)).digest('hex'),
    );
    expect(fs.readFileSync(outcome.value.path, 'utf8')).toContain('# IR-7');
    expect(await reportsLogged()).toBe(1);
  });

  it('does not wait for an ingest that is writing the case', async () => {
    const archive = path.join(dir, 'big');
    generateArchive(archive, 40_000, 31);
    const ingest = follow('ingest', () => cases.request('ingest:start', { paths: [archive] }));
    const report = follow('report', () => cases.request('report:export', { format: 'json' }));
    const order: string[] = [];
    await Promise.all([
      ingest.outcome.then(() => order.push('ingest')),
      report.outcome.then(() => order.push('report')),
    ]);
    expect(order).toEqual(['report', 'ingest']);
    expect(report.progress.some((p) => p.kind === 'queued')).toBe(false);
    expect(await report.outcome).toMatchObject({ ok: true });
  }, 120_000);

  it('when cancelled while the PDF prints, writes and logs nothing', async () => {
    const before = { files: exported(), logged: await reportsLogged() };
    let jobId = '';
    printing = () => void cases.request('job:cancel', { jobId });
    const outcome = await watchJob(events.on, 'report', {
      start: () => cases.request('report:export', { format: 'pdf' }),
      onStarted: (id) => (jobId = id),
      onProgress: () => undefined,
    });
    expect(outcome).toEqual({
      ok: false,
      error: { kind: 'cancelled', message: 'Report cancelled: no file was written.' },
    });
    expect({ files: exported(), logged: await reportsLogged() }).toEqual(before);
  });

  it('tells every listener which kind of job each event is about', () => {
    const kinds = seen.flatMap((e) => (e.name === 'app:show' ? [] : [e.payload.kind]));
    // Each ingest queues a run of the detection pack behind it.
    expect(new Set(kinds)).toEqual(new Set(['ingest', 'detect', 'report']));
    for (const event of seen) {
      if (event.name === 'job:progress' && event.payload.progress.kind !== 'queued')
        expect(event.payload.progress.kind).toBe(event.payload.kind);
    }
  });
});
