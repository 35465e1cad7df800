import { addFinding, deleteFinding, editFinding, listFindings, moveFinding } from '../core/analyst/findings.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const findingHandlers = (
  ctx: ApiContext,
): Handlers<'finding:add' | 'finding:list' | 'finding:edit' | 'finding:move' | 'finding:delete'> => ({
  'finding:add': (finding) => addFinding(ctx.store, finding),
  'finding:list': () => listFindings(ctx.store),
  'finding:edit': ({ finding_id, ...edit }) => editFinding(ctx.store, finding_id, edit),
  'finding:move': ({ finding_id, position }) => moveFinding(ctx.store, finding_id, position),
  'finding:delete': ({ finding_id }) => deleteFinding(ctx.store, finding_id),
});
