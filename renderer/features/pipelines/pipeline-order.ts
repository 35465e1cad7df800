import type { PipelineSummary } from '../../../shared/model/pipeline.ts';

export const pipelineSorts = ['security', 'changed', 'name'] as const;
export type PipelineSort = (typeof pipelineSorts)[number];

export const SORT_NAMES: Record<PipelineSort, string> = {
  security: 'Security changes',
  changed: 'Last change',
  name: 'Name',
};

export interface ListChoice {
  sort: PipelineSort;
  /** Hide pipelines the logs show only being run, approved or tagged: no version of them is known. */
  withVersions: boolean;
  search: string;
}

const byName = (a: PipelineSummary, b: PipelineSummary) =>
  a.name.localeCompare(b.name) ||
  a.account.localeCompare(b.account) ||
  a.region.localeCompare(b.region) ||
  a.lineage - b.lineage;

/** Latest first; a pipeline with no change in the logs after every one that has one. */
const byLastChange = (a: PipelineSummary, b: PipelineSummary) =>
  (b.last_changed ?? '').localeCompare(a.last_changed ?? '') || byName(a, b);

const COMPARE: Record<PipelineSort, (a: PipelineSummary, b: PipelineSummary) => number> = {
  security: (a, b) => b.security_changes - a.security_changes || byLastChange(a, b),
  changed: byLastChange,
  name: byName,
};

/** The pipelines the list shows, in its order: those matching the search (name, account, region), sorted. */
export function shownPipelines(pipelines: PipelineSummary[], choice: ListChoice): PipelineSummary[] {
  const needle = choice.search.trim().toLowerCase();
  return pipelines
    .filter((p) => !choice.withVersions || p.versions > 0)
    .filter((p) => !needle || `${p.name} ${p.account} ${p.region}`.toLowerCase().includes(needle))
    .sort(COMPARE[choice.sort]);
}
