import type { ParamsOf } from '../../../shared/api/contract.ts';
import { TrailscopeError } from '../../../shared/api/errors.ts';

/** Which pipeline: its name, and its account and region where the name is in several. */
type PipelineSelector = ParamsOf<'pipeline:get-history'>;

/** Flags every pipelines subcommand that names a pipeline shares. */
export const SELECTOR_OPTIONS = {
  case: { type: 'string' },
  account: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const LINEAGE_OPTION = { lineage: { type: 'string' } } as const;

export function selector(
  name: string | undefined,
  values: { account?: string; region?: string },
  command: string,
): PipelineSelector {
  if (name === undefined)
    throw new TrailscopeError('usage', `give the pipeline's NAME (see: trailscope pipelines ${command} --help)`);
  return { name, account: values.account, region: values.region };
}

export function positiveInteger(value: string | undefined, what: string, command: string): number {
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1) {
    throw new TrailscopeError(
      'usage',
      `${what} must be a whole number from 1, not "${value ?? ''}" (see: trailscope pipelines ${command} --help)`,
    );
  }
  return number;
}

export const optionalLineage = (value: string | undefined, command: string) =>
  value === undefined ? undefined : positiveInteger(value, '--lineage', command);
