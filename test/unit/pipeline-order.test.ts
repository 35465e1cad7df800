import { describe, expect, it } from 'vitest';
import { shownPipelines } from '../../renderer/features/pipelines/pipeline-order.ts';
import type { PipelineSummary } from '../../shared/model/pipeline.ts';

const pipeline = (name: string, more: Partial<PipelineSummary>): PipelineSummary => ({
  account: '111122223333',
  region: 'us-east-1',
  name,
  lineage: 1,
  versions: 2,
  first_version: 1,
  last_version: 2,
  first_seen: '2026-01-01T00:00:00Z',
  last_seen: '2026-03-01T00:00:00Z',
  last_changed: '2026-02-01T00:00:00Z',
  deleted: false,
  security_changes: 0,
  ...more,
});

const PIPELINES = [
  pipeline('billing', { security_changes: 1, last_changed: '2026-01-10T00:00:00Z' }),
  pipeline('api', { security_changes: 0, last_changed: '2026-03-05T00:00:00Z' }),
  pipeline('nightly', {
    versions: 0,
    first_version: null,
    last_version: null,
    last_changed: null,
    last_seen: '2026-06-01T00:00:00Z',
  }),
  pipeline('deploy', { security_changes: 3, last_changed: '2026-02-20T00:00:00Z' }),
  pipeline('web', { security_changes: 1, last_changed: '2026-02-25T00:00:00Z', region: 'eu-west-1' }),
];
const names = (list: PipelineSummary[]) => list.map((p) => p.name);

describe('the pipeline list', () => {
  it('sorts by security changes, most first, ties by the latest change', () => {
    expect(names(shownPipelines(PIPELINES, { sort: 'security', withVersions: false, search: '' }))).toEqual([
      'deploy',
      'web',
      'billing',
      'api',
      'nightly',
    ]);
  });

  it('sorts by last change, latest first, pipelines never changed in the logs last', () => {
    expect(names(shownPipelines(PIPELINES, { sort: 'changed', withVersions: false, search: '' }))).toEqual([
      'api',
      'web',
      'deploy',
      'billing',
      'nightly',
    ]);
  });

  it('sorts by name', () => {
    expect(names(shownPipelines(PIPELINES, { sort: 'name', withVersions: false, search: '' }))).toEqual([
      'api',
      'billing',
      'deploy',
      'nightly',
      'web',
    ]);
  });

  it('hides pipelines with no version in the logs when asked, and searches name, account and region', () => {
    expect(names(shownPipelines(PIPELINES, { sort: 'name', withVersions: true, search: '' }))).toEqual([
      'api',
      'billing',
      'deploy',
      'web',
    ]);
    expect(names(shownPipelines(PIPELINES, { sort: 'name', withVersions: false, search: ' EU-WEST ' }))).toEqual([
      'web',
    ]);
    expect(shownPipelines(PIPELINES, { sort: 'name', withVersions: true, search: 'nightly' })).toEqual([]);
  });

  it('leaves the list it was given in its order', () => {
    const given = [...PIPELINES];
    shownPipelines(given, { sort: 'name', withVersions: false, search: '' });
    expect(given).toEqual(PIPELINES);
  });
});
