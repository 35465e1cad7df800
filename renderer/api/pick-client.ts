import { BRIDGE_KEY, type Bridge } from '../../shared/api/bridge.ts';
import type { ApiClient } from './client.ts';
import { httpClient } from './http-client.ts';
import { ipcClient } from './ipc-client.ts';

/** Electron's preload puts the bridge on window; without it, this page came from `trailscope serve`. */
export function pickClient(): ApiClient {
  const bridge = (window as unknown as Record<string, Bridge | undefined>)[BRIDGE_KEY];
  return bridge ? ipcClient(bridge) : httpClient(window.location, window.history, window.sessionStorage);
}
