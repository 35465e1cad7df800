import type { PipelineVersion } from '../../../shared/model/pipeline.ts';
import type { ReportPipeline, ReportPipelineVersion } from '../../../shared/model/report.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { diffDeclarations } from '../pipelines/diff.ts';
import { buildHistories } from '../pipelines/lineages.ts';
import { readPipelineRecords } from '../pipelines/pipeline-records.ts';

/**
 * Every pipeline's versions for a report: who made each, when, from where, and what changed
 * from the one before, with the security-relevant changes named.
 */
export async function reportPipelines(db: CaseReader): Promise<ReportPipeline[]> {
  const histories = buildHistories(await readPipelineRecords(db, { lifecycleOnly: true }));
  return histories.flatMap((history) =>
    history.lineages.map((lineage) => ({
      account: history.account,
      region: history.region,
      name: history.name,
      lineage: lineage.lineage,
      deleted: lineage.deleted !== null || lineage.deleted_at !== null,
      versions: lineage.versions.map((version, i) =>
        describeVersion(version, lineage.versions[i - 1], history.account),
      ),
      gaps: lineage.gaps,
    })),
  );
}

function describeVersion(
  version: PipelineVersion,
  previous: PipelineVersion | undefined,
  account: string,
): ReportPipelineVersion {
  const diff =
    previous?.declaration && version.declaration
      ? diffDeclarations(previous.declaration, version.declaration, account)
      : null;
  return {
    version: version.version,
    event_key: version.event_key,
    event_time: version.event_time,
    event_name: version.event_name,
    actor: version.actor_arn ?? version.user_name,
    source_ip: version.source_ip,
    declaration_status: version.declaration_status,
    changes: diff ? diff.changes.length + diff.unlisted : null,
    security_changes: (diff?.changes ?? [])
      .filter((c) => c.security)
      .map((c) => ({ path: c.path, kind: c.kind, reason: c.reason })),
  };
}
