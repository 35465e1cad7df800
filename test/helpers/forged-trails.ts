import type { IntegrityTrail } from '../../shared/model/integrity.ts';

/** The i-th of many trails digests forged with names of their own would make: one digest each. */
export const forgedTrail = (i: number): IntegrityTrail => ({
  org_id: null,
  account: '111122223333',
  region: 'us-east-1',
  trail: `forged-${i}`,
  home_region: 'us-east-1',
  digests: 1,
  from: null,
  to: null,
  gaps: 0,
  starts_chain: false,
});
