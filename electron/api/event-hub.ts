import type { ApiEvent } from '../../shared/api/contract.ts';
import type { Emit } from './api-context.ts';

/**
 * A face's events inside its own process: the case's handlers emit, and every listener (the
 * transport out to a window, a command following its job) hears each event.
 */
export class EventHub {
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  readonly emit: Emit = (name, payload) => {
    const event = { name, payload } as ApiEvent;
    for (const listener of this.listeners) listener(event);
  };

  readonly on = (listener: (event: ApiEvent) => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
