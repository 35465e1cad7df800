import { TrailscopeError } from '../../../shared/api/errors.ts';
import type {
  JsonObject,
  PipelineDiff,
  PipelineHistory,
  PipelineLineage,
  PipelineSummary,
  PipelineVersion,
} from '../../../shared/model/pipeline.ts';
import type { CaseStore } from '../case/case-store.ts';
import { diffDeclarations, MAX_LISTED_CHANGES } from './diff.ts';
import { buildHistories, keyOf } from './lineages.ts';
import { type ActivitySpan, readActivitySpans, readPipelineRecords } from './pipeline-records.ts';

export interface PipelineSelector {
  name: string;
  account?: string;
  region?: string;
}

function histories(store: CaseStore, { name, account, region }: PipelineSelector): Promise<PipelineHistory[]> {
  return store.read(async (db) => buildHistories(await readPipelineRecords(db, { names: [name], account, region })));
}

/**
 * Every lineage of every pipeline in the case, one row each. Versions come from the lifecycle
 * calls; the other calls only widen first and last seen, so they are counted in DuckDB, except
 * for re-created pipelines, whose calls must be placed in the right lineage one by one: those
 * are read together, in one query.
 */
export function listPipelines(store: CaseStore): Promise<PipelineSummary[]> {
  return store.read(async (db) => {
    const spans = new Map(
      (await readActivitySpans(db)).map((span) => [keyOf(span.account, span.region, span.name), span]),
    );
    const rows: PipelineSummary[] = [];
    const recreated = new Map<string, string>();
    for (const history of buildHistories(await readPipelineRecords(db, { lifecycleOnly: true }))) {
      const key = keyOf(history.account, history.region, history.name);
      const span = spans.get(key);
      spans.delete(key);
      if (span && history.lineages.length > 1) recreated.set(key, history.name);
      else for (const lineage of history.lineages) rows.push(summarize(lineage, span));
    }
    if (recreated.size > 0) {
      const names = [...new Set(recreated.values())];
      for (const history of buildHistories(await readPipelineRecords(db, { names }))) {
        if (!recreated.has(keyOf(history.account, history.region, history.name))) continue;
        for (const lineage of history.lineages) rows.push(summarize(lineage));
      }
    }
    for (const span of spans.values()) rows.push(unchangedPipeline(span));
    return rows.sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        a.account.localeCompare(b.account) ||
        a.region.localeCompare(b.region) ||
        a.lineage - b.lineage,
    );
  });
}

/** A pipeline the logs show only being run, approved or tagged: no version of it is known. */
const unchangedPipeline = (span: ActivitySpan): PipelineSummary => ({
  account: span.account,
  region: span.region,
  name: span.name,
  lineage: 1,
  versions: 0,
  first_version: null,
  last_version: null,
  first_seen: span.first,
  last_seen: span.last,
  last_changed: null,
  deleted: false,
  security_changes: 0,
});

function summarize(lineage: PipelineLineage, activity?: ActivitySpan): PipelineSummary {
  const times = [lineage.created, lineage.deleted, ...lineage.versions, ...lineage.attempts, ...lineage.activity]
    .filter((call) => call !== null)
    .map((call) => call.event_time);
  if (activity) times.push(activity.first, activity.last);
  times.sort();
  const numbers = lineage.versions.map((v) => v.version);
  const changed = [...lineage.versions, lineage.deleted]
    .filter((call) => call !== null)
    .map((call) => call.event_time)
    .sort();
  return {
    account: lineage.account,
    region: lineage.region,
    name: lineage.name,
    lineage: lineage.lineage,
    versions: new Set(numbers).size,
    // A lineage's versions are ordered by number.
    first_version: lineage.versions[0]?.version ?? null,
    last_version: lineage.versions.at(-1)?.version ?? null,
    first_seen: times[0]!,
    last_seen: times.at(-1)!,
    last_changed: changed.at(-1) ?? null,
    deleted: lineage.deleted !== null,
    security_changes: lineage.changes.reduce((n, change) => n + change.security.length, 0),
  };
}

/**
 * One pipeline's history. A name used in several accounts or regions needs --account or
 * --region; the error lists the choices.
 */
export async function pipelineHistory(store: CaseStore, selector: PipelineSelector): Promise<PipelineHistory> {
  const matches = (await histories(store, selector)).filter(
    (h) =>
      (selector.account === undefined || h.account === selector.account) &&
      (selector.region === undefined || h.region === selector.region),
  );
  if (matches.length === 0) {
    const where = [selector.account && `account ${selector.account}`, selector.region && `region ${selector.region}`]
      .filter(Boolean)
      .join(', ');
    throw new TrailscopeError(
      'not-found',
      `no pipeline named "${selector.name}"${where ? ` in ${where}` : ''} in this case (list them with: trailscope pipelines list)`,
    );
  }
  if (matches.length > 1) {
    const choices = matches.map((h) => `--account ${h.account} --region ${h.region}`).join(' | ');
    throw new TrailscopeError(
      'usage',
      `pipeline "${selector.name}" exists in ${matches.length} places; choose one: ${choices}`,
    );
  }
  return matches[0]!;
}

/** The lineage asked for, or the latest one that has the version(s) named. */
export function chooseLineage(history: PipelineHistory, versions: number[], lineage?: number): PipelineLineage {
  if (lineage !== undefined) {
    const found = history.lineages.find((l) => l.lineage === lineage);
    if (!found)
      throw new TrailscopeError(
        'not-found',
        `pipeline "${history.name}" has lineages 1–${history.lineages.length}, not ${lineage}`,
      );
    return found;
  }
  const holding = history.lineages.filter((l) => versions.every((n) => l.versions.some((v) => v.version === n)));
  if (holding.length === 0) return history.lineages.at(-1)!;
  return holding.at(-1)!;
}

/** A version of a lineage; of two records claiming one number, the later. */
export function findVersion(lineage: PipelineLineage, version: number): PipelineVersion {
  const found = lineage.versions.filter((v) => v.version === version).at(-1);
  if (!found) {
    const known = lineage.versions.map((v) => v.version).join(', ') || 'none';
    throw new TrailscopeError(
      'not-found',
      `version ${version} of "${lineage.name}" (lineage ${lineage.lineage}) is not in these logs; versions known: ${known}`,
    );
  }
  return found;
}

function declarationOf(version: PipelineVersion): JsonObject {
  if (version.declaration === null) {
    throw new TrailscopeError(
      'not-found',
      `version ${version.version} has no declaration in these logs: ${version.declaration_note}`,
    );
  }
  return version.declaration;
}

export interface DiffRequest extends PipelineSelector {
  from: number;
  to: number;
  lineage?: number;
}

/** The semantic diff between two versions of one lineage, with caveats where the logs are incomplete. */
export async function pipelineDiff(store: CaseStore, request: DiffRequest): Promise<PipelineDiff> {
  const history = await pipelineHistory(store, request);
  const lineage = chooseLineage(history, [request.from, request.to], request.lineage);
  const from = findVersion(lineage, request.from);
  const to = findVersion(lineage, request.to);
  const caveats = [from, to]
    .filter((v) => v.declaration_status !== 'complete')
    .map((v) => `version ${v.version}: ${v.declaration_note}; changes in what is missing cannot be seen`);
  const { changes, unlisted, unlistedFlagged } = diffDeclarations(
    declarationOf(from),
    declarationOf(to),
    history.account,
  );
  if (unlisted > 0)
    caveats.push(
      `${unlisted} more changes (${unlistedFlagged} of them flagged) are counted and not listed: a diff lists at most ${MAX_LISTED_CHANGES} flagged changes and ${MAX_LISTED_CHANGES} others`,
    );
  return {
    account: history.account,
    region: history.region,
    name: history.name,
    lineage: lineage.lineage,
    from_version: from.version,
    to_version: to.version,
    caveats,
    changes,
  };
}

/**
 * A version as input for `aws codepipeline update-pipeline --cli-input-json`. The version
 * field is dropped: CodePipeline numbers the restored declaration itself, and an old number
 * would only mislead. An incomplete declaration is refused: it would not restore anything.
 */
export function restoreInput(version: PipelineVersion): { pipeline: JsonObject } {
  const declaration = declarationOf(version);
  if (version.declaration_status !== 'complete') {
    throw new TrailscopeError(
      'invalid-input',
      `version ${version.version}'s declaration is not complete in the logs (${version.declaration_note}); it cannot be exported for update-pipeline`,
    );
  }
  const { version: _number, metadata: _metadata, ...pipeline } = declaration;
  return { pipeline };
}
