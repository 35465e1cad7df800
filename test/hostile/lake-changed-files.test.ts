import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import type { LakeManifest } from '../../electron/core/lake/lake-layout.ts';
import type { ParamsOf, RequestName } from '../../shared/api/contract.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * An open lake does not check its files for changes before each statement (case-store.ts,
 * `validate_external_file_cache`): its files are evidence and should not change. If one does
 * anyway, replaced, cut short, scrambled or deleted, each answer is the one the lake gave before,
 * or a refusal with a reason; never an answer from bytes half old and half new, and never the end
 * of the process.
 */
const dir = tempDir();
const lakeDir = path.join(dir, 'lake');
const unchanged = new OpenCase(() => undefined, null);
const opened: OpenCase[] = [unchanged];
/** Columns no request before the change read: their bytes were never cached. */
const UNREAD = { sql: 'SELECT sum(length(record)) AS chars, max(user_agent) AS agent FROM events', limit: 1 };

beforeAll(async () => {
  const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  await unchanged.open(lakeDir);
});

afterAll(async () => {
  for (const lake of opened) await lake.close();
});

type Change = (file: string, other: string) => void;

const changes: [string, Change][] = [
  ['replaced by another of its files', (file, other) => fs.copyFileSync(other, file)],
  ['cut to its first 1,000 bytes', (file) => fs.truncateSync(file, 1000)],
  ['cut by its last byte', (file) => fs.truncateSync(file, fs.statSync(file).size - 1)],
  [
    'scrambled in the middle, its size kept',
    (file) => {
      const bytes = fs.readFileSync(file);
      for (let i = 64; i < bytes.length - 64; i++) bytes[i] = (bytes[i]! * 7 + 13) & 0xff;
      fs.writeFileSync(file, bytes);
    },
  ],
  ['emptied', (file) => fs.writeFileSync(file, '')],
  ['deleted', (file) => fs.rmSync(file)],
  [
    'deleted and a directory put in its place',
    (file) => {
      fs.rmSync(file);
      fs.mkdirSync(file);
    },
  ],
];

/** The requests asked before and after the change: every column an answer after it needs was read before. */
const requests: { [N in RequestName]?: ParamsOf<N> } = {
  'explore:list-events': { filter: {}, offset: 0, limit: 500 },
  'explore:count-facets': { filter: {}, limit: 10 },
  'explore:chart-volume': { filter: { fields: { event_name: ['AssumeRole'] } }, stack_by: 'principal' },
  'explore:chart-heatmap': { filter: { fields: { event_name: ['AssumeRole'] } } },
  'query:fetch': { sql: 'SELECT count(*) AS n, count(DISTINCT event_name) AS names FROM events', limit: 10 },
};

async function answers(lake: OpenCase) {
  const out: Record<string, unknown> = {};
  for (const [name, params] of Object.entries(requests)) {
    out[name] = await lake.request(name as RequestName, params as never).then(
      (answer) => answer,
      (error: { kind?: string; message?: string }) => ({ refused: error.kind, message: error.message }),
    );
  }
  return out;
}

describe('a file of an open lake that changes', () => {
  it.each(changes)('%s: each answer is the one before, or a refusal', async (name, change) => {
    const copy = path.join(dir, name.replace(/\W+/g, '-'));
    fs.cpSync(lakeDir, copy, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'MANIFEST.json'), 'utf8')) as LakeManifest;
    const [first, second] = Object.keys(manifest.files).filter((f) => f.startsWith('events/'));
    const lake = new OpenCase(() => undefined, null);
    opened.push(lake);
    await lake.open(copy);

    const before = await answers(lake);
    expect(Object.values(before).filter((a) => (a as { refused?: string }).refused)).toEqual([]);
    change(path.join(copy, first!), path.join(copy, second!));
    const after = await answers(lake);

    for (const [request, answer] of Object.entries(after)) {
      const refusal = answer as { refused?: string; message?: string };
      if (refusal.refused === undefined) expect(answer, request).toEqual(before[request]);
      else expect(refusal.message, request).toMatch(/\w/);
    }
    // Read for the first time after the change, with the footer read before it: the lake's true
    // answer, or a refusal.
    const unread = await lake.request('query:fetch', UNREAD).then(
      (answer) => answer.rows,
      (error: { kind?: string }) => error.kind,
    );
    if (typeof unread !== 'string') expect(unread).toEqual((await unchanged.request('query:fetch', UNREAD)).rows);
    expect(await lake.request('query:fetch', { sql: 'SELECT 42 AS answer', limit: 1 })).toMatchObject({
      rows: [[42]],
    });
  });
});
