import type { ApiEvent, Result } from '../../shared/api/contract.ts';
import { type ApiClient, unwrap } from './client.ts';

const TOKEN_KEY = 'trailscope-token';

/**
 * The browser face's client. The token arrives once in the URL Trailscope printed; it is
 * kept for this tab only and taken out of the address bar, so it is not in history or screenshots.
 */
export function httpClient(location: Location, history: History, storage: Storage): ApiClient {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  const token = storage.getItem(TOKEN_KEY) ?? '';

  const post = async <T>(path: string, body: BodyInit, contentType: string): Promise<T> => {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-trailscope-token': token },
      body,
    });
    return unwrap((await response.json()) as Result<T>);
  };

  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;
  const connect = () => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data as string) as ApiEvent;
      listeners.forEach((listener) => listener(event));
    };
  };

  return {
    request: (name, params) => post(`/api/${name}`, JSON.stringify(params), 'application/json'),
    onEvent(listener) {
      if (!source) connect();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    downloadUrl: (exportedPath) =>
      `/api/exports/${encodeURIComponent(exportedPath.split(/[\\/]/).pop()!)}?token=${encodeURIComponent(token)}`,
    upload: (file) =>
      post<{ path: string }>(
        `/api/upload?name=${encodeURIComponent(file.name)}`,
        file,
        'application/octet-stream',
      ).then((r) => r.path),
  };
}
