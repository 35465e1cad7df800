import { useCallback, useEffect, useRef, useState } from 'react';
import { useApiClient } from './api-client-context.tsx';
import type { ApiClient } from './client.ts';
import { errorText } from './error-text.ts';

export interface ApiCall {
  /**
   * Does something with the core (save, delete, annotate…); `then` gets the answer. Only
   * the latest call's outcome is applied: an earlier call that answers later, or any call
   * that answers after the view is gone, changes nothing.
   */
  run: <T>(work: (client: ApiClient) => Promise<T>, then?: (value: T) => void) => void;
  busy: boolean;
  /** Why the latest call failed; cleared when the next one starts. */
  error: string | null;
}

/** The companion of useApi for what the analyst does rather than reads: busy and errors kept the same way. */
export function useApiCall(): ApiCall {
  const client = useApiClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  useEffect(
    () => () => {
      latest.current++;
    },
    [],
  );

  const run = useCallback(
    <T>(work: (client: ApiClient) => Promise<T>, then?: (value: T) => void) => {
      const ticket = ++latest.current;
      setBusy(true);
      setError(null);
      work(client).then(
        (value) => {
          if (ticket !== latest.current) return;
          setBusy(false);
          then?.(value);
        },
        (e: unknown) => {
          if (ticket !== latest.current) return;
          setBusy(false);
          setError(errorText(e));
        },
      );
    },
    [client],
  );

  return { run, busy, error };
}
