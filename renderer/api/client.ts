import type { ApiError, ApiEvent, ParamsOf, RequestName, Result, ResultOf } from '../../shared/api/contract.ts';

/** An API error turned back into an exception the UI can catch and show. */
export class ApiRequestError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/**
 * The UI's only way to the core. Which transport is under it (Electron IPC or HTTP) is
 * chosen once at start-up; nothing else in the renderer knows.
 */
export interface ApiClient {
  request<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  /** Sends a file for ingest and returns the path it was saved at; null where files are chosen natively. */
  readonly upload: ((file: File) => Promise<string>) | null;
  /** A link that downloads a file the case exported; null where the file is already on the user's disk. */
  readonly downloadUrl: ((exportedPath: string) => string) | null;
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiRequestError(result.error);
  return result.value;
}
