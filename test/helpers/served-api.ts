import type { ServedCase } from '../../electron/server/serve-case.ts';

export interface ApiAnswer {
  ok: boolean;
  value?: { rows?: unknown[][]; total?: number };
  error?: { kind: string; message: string };
}

/** A request to a served case's API as the UI sends it, with the case's token. */
export function servedApi(served: () => ServedCase) {
  return async (name: string, params: unknown): Promise<ApiAnswer> => {
    const { server } = served();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-trailscope-token': server.token },
      body: JSON.stringify(params),
    });
    return (await response.json()) as ApiAnswer;
  };
}
