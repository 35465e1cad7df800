import { useCallback, useEffect, useRef, useState } from 'react';
import type { ParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';
import type { ErrorKind } from '../../shared/api/errors.ts';
import { useApiClient } from './api-client-context.tsx';
import { ApiRequestError } from './client.ts';
import { errorText } from './error-text.ts';
import { requestKey } from './request-key.ts';

export interface ApiState<T> {
  /**
   * The answer to these params: kept while the same params are asked again, null until it
   * arrives and when the request failed (with `keepPrevious`, the last answer there was).
   */
  data: T | null;
  error: string | null;
  /** What kind of failure the core reported (`no-case`, `not-found`…); null for any other. */
  errorKind: ErrorKind | null;
  loading: boolean;
  /** Asks again with the same params, after the view changed what they read. */
  reload: () => void;
}

export interface UseApiOptions {
  /** While new params are asked about, go on showing the last answer (a chart redrawn, not blanked). */
  keepPrevious?: boolean;
  /**
   * Asks again when this changes, as a change of params does: what the request reads has
   * changed (another case was opened, a query was saved) though its params have not.
   */
  version?: string | number;
}

interface Settled<T> {
  key: string;
  round: number;
  data: T | null;
  failure: { text: string; kind: ErrorKind | null } | null;
}

/**
 * A read from the core for as long as a view shows it. Params are compared by value, so a
 * new object with the same contents asks nothing again; null params ask nothing at all.
 * Answers can come back in any order (a slow facet count, a quick one after it): each
 * request takes a number, and only the latest one's answer or error is applied, never one
 * that arrives after the view is gone.
 */
export function useApi<N extends RequestName>(
  name: N,
  params: ParamsOf<N> | null,
  options: UseApiOptions = {},
): ApiState<ResultOf<N>> {
  const client = useApiClient();
  const key = params === null ? null : `${requestKey(name, params)} ${options.version ?? ''}`;
  const keepPrevious = options.keepPrevious ?? false;
  const [round, setRound] = useState(0);
  const [settled, setSettled] = useState<Settled<ResultOf<N>> | null>(null);
  const latest = useRef(0);
  // The effect runs when the key changes; the key stands for these params.
  const asked = useRef(params);
  asked.current = params;

  useEffect(() => {
    if (key === null || asked.current === null) return;
    const ticket = ++latest.current;
    client.request(name, asked.current).then(
      (data) => {
        if (ticket === latest.current) setSettled({ key, round, data, failure: null });
      },
      (e: unknown) => {
        if (ticket !== latest.current) return;
        const failure = { text: errorText(e), kind: e instanceof ApiRequestError ? e.error.kind : null };
        setSettled((previous) => ({ key, round, data: keepPrevious && previous ? previous.data : null, failure }));
      },
    );
    return () => {
      latest.current++;
    };
  }, [client, name, key, round, keepPrevious]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  if (key === null) return { data: null, error: null, errorKind: null, loading: false, reload };
  const current = settled?.key === key;
  return {
    data: settled && (current || keepPrevious) ? settled.data : null,
    error: current ? (settled.failure?.text ?? null) : null,
    errorKind: current ? (settled.failure?.kind ?? null) : null,
    loading: !current || settled.round !== round,
    reload,
  };
}
