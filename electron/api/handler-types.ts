import type { ParsedParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';

/** A handler gets params already checked against the contract's schema. */
export type Handlers<N extends RequestName> = { [K in N]: (params: ParsedParamsOf<K>) => Promise<ResultOf<K>> };
