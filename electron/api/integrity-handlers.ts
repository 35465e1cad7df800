import { forgetPublicKey, importPublicKeys, listPublicKeys } from '../core/integrity/case-public-keys.ts';
import { countEventIntegrity } from '../core/integrity/event-integrity.ts';
import { integrityFiles, listRunGaps, listRunTrails, readIntegrityRun } from '../core/integrity/integrity-runs.ts';
import { trailHours } from '../core/integrity/trail-hours.ts';
import { verifyCase } from '../core/integrity/verify-case.ts';
import { refuseOnLake } from '../core/lake/open-lake.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

type IntegrityRequest =
  | 'integrity:verify'
  | 'integrity:import-keys'
  | 'integrity:list-keys'
  | 'integrity:forget-key'
  | 'integrity:get-run'
  | 'integrity:list-trails'
  | 'integrity:list-gaps'
  | 'integrity:list-files'
  | 'integrity:count-events'
  | 'integrity:chart-hours';

export const integrityHandlers = (ctx: ApiContext): Handlers<IntegrityRequest> => ({
  'integrity:verify': async ({ keys }) => {
    refuseOnLake(ctx.store, 'integrity validation');
    return {
      jobId: ctx.jobs.start(
        'verify',
        keys ? `verification with keys from ${keys.origin}` : 'verification',
        async (signal, onProgress) => {
          const { run, keys_imported } = await verifyCase(ctx.store, { ...(keys ? { keys } : {}), signal, onProgress });
          return { run, keys_imported };
        },
      ),
    };
  },
  'integrity:import-keys': ({ text, origin }) => importPublicKeys(ctx.store, text, origin),
  'integrity:list-keys': () => listPublicKeys(ctx.store),
  'integrity:forget-key': ({ fingerprint }) => forgetPublicKey(ctx.store, fingerprint),
  'integrity:get-run': ({ run_id }) => ctx.store.read((db) => readIntegrityRun(db, run_id)),
  'integrity:list-trails': (params) => ctx.store.read((db) => listRunTrails(db, params)),
  'integrity:list-gaps': (params) => ctx.store.read((db) => listRunGaps(db, params)),
  'integrity:list-files': (filter) => integrityFiles(ctx.store, filter),
  'integrity:count-events': () => countEventIntegrity(ctx.store),
  'integrity:chart-hours': (query) => trailHours(ctx.store, query),
});
