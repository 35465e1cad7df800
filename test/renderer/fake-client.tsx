import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiClientProvider } from '../../renderer/api/api-client-context.tsx';
import { type ApiClient, ApiRequestError } from '../../renderer/api/client.ts';
import { JobsProvider } from '../../renderer/app/jobs.tsx';
import { ViewStateProvider } from '../../renderer/app/view-state.tsx';
import type { ApiError, ApiEvent, ParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';

/** A request the view made, waiting for the test to answer it, in whatever order the test likes. */
export interface Pending {
  name: RequestName;
  params: Record<string, unknown>;
  answer(value: unknown): Promise<void>;
  fail(error: ApiError): Promise<void>;
}

/** An API client whose every request waits until the test answers it by hand, and whose events the test sends. */
export function fakeClient() {
  const asked: Pending[] = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  const client: ApiClient = {
    request: <N extends RequestName>(name: N, params: ParamsOf<N>) =>
      new Promise<ResultOf<N>>((resolve, reject) => {
        asked.push({
          name,
          params: params as Record<string, unknown>,
          // Answered inside act(), so React has applied what the answer changes before the test looks.
          answer: (value) => act(async () => resolve(value as ResultOf<N>)),
          fail: (error) => act(async () => reject(new ApiRequestError(error))),
        });
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    upload: null,
    downloadUrl: null,
  };
  /** The requests of one name, oldest first. */
  const named = (name: RequestName) => asked.filter((r) => r.name === name);
  const emit = (event: ApiEvent) => act(async () => listeners.forEach((listener) => listener(event)));
  return { client, asked, named, emit };
}

/** What the app puts above its views: the client, the views' kept state and the jobs they follow. */
export function withClient(client: ApiClient) {
  return ({ children }: { children: ReactNode }) => (
    <ApiClientProvider client={client}>
      <ViewStateProvider>
        <JobsProvider>{children}</JobsProvider>
      </ViewStateProvider>
    </ApiClientProvider>
  );
}

export function renderWithClient(client: ApiClient, ui: ReactNode) {
  return render(ui, { wrapper: withClient(client) });
}
