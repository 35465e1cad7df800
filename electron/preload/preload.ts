import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, type Bridge, EVENT_CHANNEL } from '../../shared/api/bridge.ts';
import { type ApiEvent, requestNames } from '../../shared/api/contract.ts';

/** One named function per request, and an event subscription: the page gets nothing else. */
export function buildBridge(
  invoke: (channel: string, params: unknown) => Promise<unknown>,
  subscribe: (listener: (event: ApiEvent) => void) => () => void,
): Bridge {
  const calls = Object.fromEntries(requestNames.map((name) => [name, (params: unknown) => invoke(name, params)]));
  return { ...calls, onEvent: subscribe } as Bridge;
}

contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  buildBridge(
    (channel, params) => ipcRenderer.invoke(channel, params),
    (listener) => {
      const forward = (_event: unknown, payload: ApiEvent) => listener(payload);
      ipcRenderer.on(EVENT_CHANNEL, forward);
      return () => ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    },
  ),
);
