import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { Evidence, EvidenceRef } from '../../../shared/model/finding.ts';
import type { CaseStore } from '../case/case-store.ts';
import { volume } from '../explore/volume.ts';
import { chooseLineage, findVersion, pipelineDiff, pipelineHistory } from '../pipelines/pipeline-history.ts';
import { QuerySessions } from '../query/query-sessions.ts';
import { eventSummaries } from './event-summaries.ts';
import { integrityEvidence } from './integrity-evidence.ts';

/** Rows of a query kept with its finding; a report is read by people, the SQL gives the rest. */
export const EVIDENCE_ROWS = 200;

/**
 * Turns a reference into the evidence it names, computed here from the case: what a report
 * shows is what the logs say, not what a page sent.
 */
export async function resolveEvidence(store: CaseStore, ref: EvidenceRef): Promise<Evidence> {
  switch (ref.kind) {
    case 'query': {
      const sessions = new QuerySessions(store);
      try {
        const run = await sessions.run('finding', ref.sql);
        const rows = await sessions.page('finding', 0, EVIDENCE_ROWS, null);
        return { ...ref, columns: run.columns, rows, total_rows: await sessions.total('finding') };
      } finally {
        await sessions.closeAll();
      }
    }
    case 'volume-chart': {
      const chart = await volume(store, ref.filter, ref.stack_by, { pinned: ref.pinned ?? [] });
      if (chart.total === 0)
        throw new TrailscopeError(
          'invalid-input',
          'The chart shows no events for this filter; there is nothing to keep as evidence.',
        );
      return { ...ref, volume: chart };
    }
    case 'pipeline-diff': {
      const selector = { name: ref.name, account: ref.account, region: ref.region };
      const diff = await pipelineDiff(store, {
        ...selector,
        lineage: ref.lineage,
        from: ref.from_version,
        to: ref.to_version,
      });
      const lineage = chooseLineage(await pipelineHistory(store, selector), [ref.to_version], ref.lineage);
      const { declaration: _declaration, ...changedBy } = findVersion(lineage, ref.to_version);
      return { ...ref, diff, changed_by: changedBy };
    }
    case 'events': {
      return store.read(async (db) => {
        const events = await eventSummaries(db, ref.event_keys);
        const found = new Set(events.map((e) => e.event_key));
        const missing = ref.event_keys.filter((key) => !found.has(key));
        if (missing.length > 0)
          throw new TrailscopeError(
            'not-found',
            `no event ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (and ${missing.length - 3} more)` : ''} in this case`,
          );
        return { ...ref, events };
      });
    }
    case 'integrity':
      return store.read((db) => integrityEvidence(db, ref));
  }
}
