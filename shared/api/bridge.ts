import type { ApiEvent, ParamsOf, RequestName, Result, ResultOf } from './contract.ts';

/**
 * What Electron's preload exposes as `window.trailscope`: one function per request of the
 * contract, and a subscription to events. Nothing else crosses into the page.
 */
export type Bridge = { [N in RequestName]: (params: ParamsOf<N>) => Promise<Result<ResultOf<N>>> } & {
  onEvent(listener: (event: ApiEvent) => void): () => void;
};

export const BRIDGE_KEY = 'trailscope';

/** The IPC channel events travel on; requests use their contract names as channels. */
export const EVENT_CHANNEL = 'trailscope:event';
