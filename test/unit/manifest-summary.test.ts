import { describe, expect, it } from 'vitest';
import { MANIFEST_ERRORS_SHOWN, manifestSummary } from '../../electron/core/report/manifest-summary.ts';
import type { ManifestEntry } from '../../shared/model/report.ts';

let id = 0;
const entry = (path: string, more: Partial<ManifestEntry> = {}): ManifestEntry => ({
  source_id: ++id,
  path,
  member: null,
  kind: 'log',
  status: 'ok',
  size_stored: 100,
  size_content: 400,
  sha256_stored: 'a'.repeat(64),
  sha256_content: 'b'.repeat(64),
  record_count: 2,
  ingested_at: '2026-11-03T10:00:00Z',
  error: null,
  integrity: null,
  ...more,
});

const ROOT = '/cases/acme/AWSLogs/111122223333/';

describe('the manifest appendix', () => {
  it('groups files by their folder below the one they share, with counts per folder', () => {
    const summary = manifestSummary([
      entry(`${ROOT}CloudTrail/us-east-1/2026/11/01/a.json.gz`, { integrity: 'valid' }),
      entry(`${ROOT}CloudTrail/us-east-1/2026/11/01/b.json.gz`, { integrity: 'invalid', record_count: 5 }),
      entry(`${ROOT}CloudTrail/us-east-1/2026/11/02/c.json.gz`, { status: 'error', error: 'not gzip' }),
      entry(`${ROOT}CloudTrail-Digest/us-east-1/2026/11/01/d.json.gz`, { kind: 'digest', record_count: 0 }),
    ]);
    expect(summary.root).toBe(ROOT);
    expect(summary.folders).toEqual([
      {
        folder: 'CloudTrail-Digest/us-east-1/2026/11/01',
        files: 1,
        kinds: [{ kind: 'digest', files: 1 }],
        records: 0,
        size_stored: 100,
        errors: 0,
        duplicates: 0,
        integrity: [],
      },
      {
        folder: 'CloudTrail/us-east-1/2026/11/01',
        files: 2,
        kinds: [{ kind: 'log', files: 2 }],
        records: 7,
        size_stored: 200,
        errors: 0,
        duplicates: 0,
        integrity: [
          { status: 'valid', files: 1 },
          { status: 'invalid', files: 1 },
        ],
      },
      {
        folder: 'CloudTrail/us-east-1/2026/11/02',
        files: 1,
        kinds: [{ kind: 'log', files: 1 }],
        records: 2,
        size_stored: 100,
        errors: 1,
        duplicates: 0,
        integrity: [],
      },
    ]);
    expect(summary.errors).toEqual([
      {
        source_id: expect.any(Number),
        path: `${ROOT}CloudTrail/us-east-1/2026/11/02/c.json.gz`,
        member: null,
        error: 'not gzip',
      },
    ]);
  });

  it('groups a year of daily folders by month, so the appendix stays a page long', () => {
    const entries: ManifestEntry[] = [];
    for (let day = 0; day < 365; day++) {
      const date = new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10).replaceAll('-', '/');
      for (const n of [1, 2, 3]) entries.push(entry(`${ROOT}CloudTrail/us-east-1/${date}/${n}.json.gz`));
    }
    const summary = manifestSummary(entries);
    expect(summary.root).toBe(`${ROOT}CloudTrail/us-east-1/2025/`);
    expect(summary.folders.map((f) => f.folder)).toEqual(
      Array.from({ length: 12 }, (_, m) => String(m + 1).padStart(2, '0')),
    );
    expect(summary.folders.reduce((n, f) => n + f.files, 0)).toBe(365 * 3);
    expect(summary.folders[1]).toMatchObject({ files: 28 * 3, records: 28 * 3 * 2 });
  });

  it('places archive members under their archive and their folder in it', () => {
    const summary = manifestSummary([
      entry('/evidence/export.zip', { member: 'AWSLogs/1/CloudTrail/us-east-1/2026/01/01/x.json.gz' }),
      entry('/evidence/export.zip', { member: 'AWSLogs/1/CloudTrail/us-east-1/2026/01/02/y.json.gz' }),
      entry('/evidence/loose/z.json'),
    ]);
    expect(summary.root).toBe('/evidence/');
    expect(summary.folders.map((f) => [f.folder, f.files])).toEqual([
      ['export.zip/AWSLogs/1/CloudTrail/us-east-1/2026/01/01', 1],
      ['export.zip/AWSLogs/1/CloudTrail/us-east-1/2026/01/02', 1],
      ['loose', 1],
    ]);
  });

  it('keeps the first level whatever its width, and names only the first files that failed', () => {
    const entries = Array.from({ length: 120 }, (_, i) =>
      entry(`/x/bucket-${i}/f.json`, { status: 'error', error: `bad ${i}` }),
    );
    const summary = manifestSummary(entries);
    expect(summary.depth).toBe(1);
    expect(summary.folders).toHaveLength(120);
    expect(summary.errors).toHaveLength(MANIFEST_ERRORS_SHOWN);
    expect(summary.errors_total).toBe(120);
  });

  it('says nothing of folders for a case with no source', () => {
    expect(manifestSummary([])).toEqual({ root: '', depth: 0, folders: [], errors: [], errors_total: 0 });
  });
});
