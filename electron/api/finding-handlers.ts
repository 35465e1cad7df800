import { addFinding, listFindings } from '../core/analyst/findings.ts';
import type { ApiContext } from './api-context.ts';
import type { Handlers } from './handler-types.ts';

export const findingHandlers = (ctx: ApiContext): Handlers<'findings:add' | 'findings:list'> => ({
  'findings:add': (finding) => addFinding(ctx.store, finding),
  'findings:list': () => listFindings(ctx.store),
});
