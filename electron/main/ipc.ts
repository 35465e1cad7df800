import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { EVENT_CHANNEL } from '../../shared/api/bridge.ts';
import { type ApiEvent, requestNames } from '../../shared/api/contract.ts';
import { type AllHandlers, handleRequest } from '../api/handlers.ts';

/**
 * One IPC handler per request of the contract. A message from any frame but the app's own
 * page is refused before its params are even parsed.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: () => AllHandlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const name of requestNames) {
    ipcMain.handle(name, (event, params: unknown) => {
      if (!isTrustedSender(event))
        return {
          ok: false,
          error: { kind: 'usage', message: `refused: ${name} came from a frame that is not Trailscope's page` },
        };
      return handleRequest(handlers(), name, params);
    });
  }
}

/** Trusted means: the main frame of our window, showing our own page. */
export function trustedSender(appUrl: string, windowContentsId: () => number | null) {
  return (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && event.sender.id === windowContentsId() && frame.url === appUrl;
  };
}

export function sendEvent(contents: { send(channel: string, ...args: unknown[]): void } | null, event: ApiEvent): void {
  contents?.send(EVENT_CHANNEL, event);
}
