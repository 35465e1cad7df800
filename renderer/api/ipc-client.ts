import type { Bridge } from '../../shared/api/bridge.ts';
import type { ParamsOf, RequestName, Result, ResultOf } from '../../shared/api/contract.ts';
import { type ApiClient, unwrap } from './client.ts';

/** The desktop client: the preload's named functions, one per request. */
export function ipcClient(bridge: Bridge): ApiClient {
  return {
    request: async <N extends RequestName>(name: N, params: ParamsOf<N>) => {
      const call = bridge[name] as (p: ParamsOf<N>) => Promise<Result<ResultOf<N>>>;
      return unwrap(await call(params));
    },
    onEvent: (listener) => bridge.onEvent(listener),
    upload: null,
    downloadUrl: null,
  };
}
