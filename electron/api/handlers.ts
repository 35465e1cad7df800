import { type RequestName, type Result, requestNames, requests } from '../../shared/api/contract.ts';
import { messageOf, TrailscopeError } from '../../shared/api/errors.ts';
import type { ApiContext } from './api-context.ts';
import { caseHandlers } from './case-handlers.ts';
import type { CaselessRequest } from './caseless-handlers.ts';
import { detectHandlers } from './detect-handlers.ts';
import { eventHandlers } from './event-handlers.ts';
import { exploreHandlers } from './explore-handlers.ts';
import { findingHandlers } from './finding-handlers.ts';
import type { Handlers } from './handler-types.ts';
import { ingestHandlers } from './ingest-handlers.ts';
import { integrityHandlers } from './integrity-handlers.ts';
import { jobHandlers } from './job-handlers.ts';
import { lakeHandlers } from './lake-handlers.ts';
import { pipelineHandlers } from './pipeline-handlers.ts';
import { queryHandlers } from './query-handlers.ts';
import { reportHandlers } from './report-handlers.ts';

export type AllHandlers = Handlers<RequestName>;
/** Everything about the open case: `OpenCase` answers opening another, and the caseless requests. */
export type CaseHandlers = Handlers<Exclude<RequestName, 'case:list-recent' | 'case:open' | CaselessRequest>>;

export function createHandlers(ctx: ApiContext): CaseHandlers {
  return {
    ...caseHandlers(ctx),
    ...eventHandlers(ctx),
    ...findingHandlers(ctx),
    ...ingestHandlers(ctx),
    ...jobHandlers(ctx),
    ...queryHandlers(ctx),
    ...pipelineHandlers(ctx),
    ...exploreHandlers(ctx),
    ...reportHandlers(ctx),
    ...integrityHandlers(ctx),
    ...detectHandlers(ctx),
    ...lakeHandlers(ctx),
  };
}

export const isRequestName = (name: string): name is RequestName => (requestNames as string[]).includes(name);

/**
 * Every transport's single entry: params arrive as `unknown`, are parsed against the
 * contract, and the answer is always a Result; no exception crosses the boundary.
 */
export async function handleRequest(handlers: AllHandlers, name: string, params: unknown): Promise<Result<unknown>> {
  if (!isRequestName(name)) return { ok: false, error: { kind: 'not-found', message: `no such request: ${name}` } };
  const parsed = requests[name].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
    return { ok: false, error: { kind: 'invalid-input', message: `${name}: ${issues}` } };
  }
  try {
    const handler = handlers[name] as (p: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return {
      ok: false,
      error: { kind: error instanceof TrailscopeError ? error.kind : 'internal', message: messageOf(error) },
    };
  }
}
