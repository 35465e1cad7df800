import type { PipelineGap, PipelineVersion } from '../../../shared/model/pipeline.ts';
import { MAX_VERSION } from './declaration.ts';

const range = (from: number, to: number) => (from === to ? `version ${from} is` : `versions ${from}–${to} are`);

/**
 * What the logs do not show about a lineage, stated rather than hidden: versions whose
 * records are absent, a creation or deletion not seen, declarations that are incomplete,
 * version numbers Trailscope had to count, and numbers claimed by two records. `impossible`
 * holds, by record, the numbers records state that no version can have.
 */
export function versionGaps(
  versions: PipelineVersion[],
  created: boolean,
  impossible: ReadonlyMap<string, number> = new Map(),
): PipelineGap[] {
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
      const stated = impossible.get(version.event_key);
      gaps.push({
        kind: 'version-derived',
        from_version: version.version,
        to_version: version.version,
        message:
          stated === undefined
            ? `version ${version.version}: the record does not state its version number; Trailscope counted it`
            : `version ${version.version}: the record states version ${stated}, which no CodePipeline version can be (they are whole numbers from 1 to ${MAX_VERSION}); Trailscope counted it`,
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

export interface NamelessCalls {
  count: number;
  failed: number;
  /** The first call's operation and time, and the last one's time. */
  first_event_name: string;
  first: string;
  last: string;
  /** The first calls' event ids. */
  event_ids: string[];
}

const WHY_NAMELESS = 'omitted for size or without a name';

const listed = (ids: string[], count: number) =>
  `events${ids.length < count ? ` (the first ${ids.length})` : ''}: ${ids.join(', ')}`;

/** Lifecycle calls that name no pipeline, made while a lineage was alive: any may be one of its changes. */
export function unattributedGap(calls: NamelessCalls): PipelineGap {
  const { count, failed, event_ids } = calls;
  const message =
    count === 1
      ? `${calls.first_event_name}${failed ? ' (failed)' : ''} at ${calls.first} (event ${event_ids[0]}) names no pipeline in this account and region, its parameters ${WHY_NAMELESS}: it may be a change of this pipeline`
      : `${count} Create/Update/DeletePipeline calls from ${calls.first} to ${calls.last}${failed ? ` (${failed} of them failed)` : ''} name no pipeline in this account and region, their parameters ${WHY_NAMELESS}: any may be a change of this pipeline; ${listed(event_ids, count)}`;
  return { kind: 'unattributed-record', from_version: null, to_version: null, message, records: { count, event_ids } };
}
