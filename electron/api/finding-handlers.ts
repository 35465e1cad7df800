import { addFinding, deleteFinding, editFinding, listFindings, moveFinding } from '../core/analyst/findings.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const findingHandlers = (ctx: ApiContext): Handlers<'findings:add' | 'findings:list' | 'findings:edit' | 'findings:move' | 'findings:delete'> => ({
  'findings:add': (finding) => addFinding(ctx.store, finding),
  'findings:list': () => listFindings(ctx.store),
  'findings:edit': ({ finding_id, ...edit }) => editFinding(ctx.store, finding_id, edit),
  'findings:move': ({ finding_id, position }) => moveFinding(ctx.store, finding_id, position),
  'findings:delete': ({ finding_id }) => deleteFinding(ctx.store, finding_id),
});
