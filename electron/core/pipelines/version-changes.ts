import type { PipelineVersion, VersionChange } from '../../../shared/model/pipeline.ts';
import { diffDeclarations } from './diff.ts';

/**
 * What each version changed from the version before it whose declaration the logs hold, in
 * version order: the count of changes and the security-relevant ones with why they matter.
 * The first version with a declaration has none to compare with, and a version without one
 * cannot be compared; neither has an entry.
 */
export function versionChanges(versions: PipelineVersion[], account: string): VersionChange[] {
  const known = versions.filter((v) => v.declaration !== null);
  return known.slice(1).map((version, i) => {
    const previous = known[i]!;
    const { changes, unlisted, unlistedFlagged } = diffDeclarations(
      previous.declaration!,
      version.declaration!,
      account,
    );
    const security = changes.filter((c) => c.security).map((c) => ({ path: c.path, reason: c.reason }));
    if (unlistedFlagged > 0)
      security.push({ path: '…', reason: `${unlistedFlagged} more flagged changes, not listed (see the diff)` });
    return {
      event_key: version.event_key,
      version: version.version,
      from_version: previous.version,
      changes: changes.length + unlisted,
      security,
    };
  });
}
