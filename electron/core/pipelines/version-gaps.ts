import type { PipelineGap, PipelineVersion } from '../../../shared/model/pipeline.ts';

const range = (from: number, to: number) => (from === to ? `version ${from} is` : `versions ${from}–${to} are`);

/**
 * What the logs do not show about a lineage, stated rather than hidden: versions whose
 * records are absent, a creation or deletion not seen, declarations that are incomplete,
 * version numbers Trailscope had to count, and numbers claimed by two records.
 */
export function versionGaps(versions: PipelineVersion[], created: boolean): PipelineGap[] {
  const gaps: PipelineGap[] = [];
  if (!created) {
    gaps.push({
      kind: 'creation-not-in-logs',
      from_version: null,
      to_version: null,
      message: "the pipeline's creation (CreatePipeline) is not in these logs",
    });
  }
  if (versions.length === 0) {
    gaps.push({
      kind: 'missing-versions',
      from_version: null,
      to_version: null,
      message: 'no version of this pipeline is in these logs: only calls on it are',
    });
  }
  let expected = 1;
  let previous: PipelineVersion | null = null;
  for (const version of versions) {
    if (version.version > expected) {
      gaps.push({
        kind: 'missing-versions',
        from_version: expected,
        to_version: version.version - 1,
        message: `${range(expected, version.version - 1)} not in these logs`,
      });
    } else if (previous && version.version === previous.version) {
      gaps.push({
        kind: 'version-conflict',
        from_version: version.version,
        to_version: version.version,
        message: `version ${version.version} is claimed by two different calls (events ${previous.event_id ?? previous.event_key} and ${version.event_id ?? version.event_key}); both are listed`,
      });
    }
    if (version.version_derived) {
      gaps.push({
        kind: 'version-derived',
        from_version: version.version,
        to_version: version.version,
        message: `version ${version.version}: the record does not state its version number; Trailscope counted it`,
      });
    }
    if (version.declaration_status !== 'complete') {
      gaps.push({
        kind: 'declaration-incomplete',
        from_version: version.version,
        to_version: version.version,
        message: `version ${version.version}: ${version.declaration_note}`,
      });
    }
    expected = Math.max(expected, version.version + 1);
    previous = version;
  }
  return gaps;
}
