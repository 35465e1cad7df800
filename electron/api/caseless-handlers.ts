import { detectionPack } from '../core/detect/pack.ts';
import { trailscopeVersion } from '../core/version.ts';
import type { Handlers } from './handler-types.ts';

/** Requests that need no case: they answer the same with one open or none. */
export type CaselessRequest = 'app:get-version' | 'query:list-hunts';

export const caselessHandlers: Handlers<CaselessRequest> = {
  'app:get-version': async () => ({ version: trailscopeVersion }),
  'query:list-hunts': async () => [...detectionPack],
};
