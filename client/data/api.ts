/**
 * The only place the page talks HTTP to the sync server (replication.ts opens the live stream).
 * It turns every failure into one of two errors: the server answered no (ApiRequestError, a 4xx
 * with the server's bilingual message), or no working server answered (UnreachableError: no
 * network, or a 5xx/408/429).
 */
import type { LocalizedText } from '../../common/catalog.js';
import type { ApiErrorBody } from '../../common/sync-protocol.js';

export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly code: string, readonly text: LocalizedText) {
    super(`${status} ${code}: ${text.en}`);
  }
}

export class UnreachableError extends Error {}

const TIMEOUT_MS = 30_000;

export interface ApiRequestInit {
  method?: 'GET' | 'POST';
  body?: unknown;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export async function apiRequest<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? TIMEOUT_MS),
    });
  } catch (error) {
    throw new UnreachableError((error as Error).message);
  }
  if (response.ok) return (await response.json()) as T;
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // A proxy or a dying server may answer with HTML: keep the status, use a generic message.
  }
  // A server that cannot answer (down, its store down, overloaded, timing out) is no refusal of
  // the request: callers treat it like no network (queue, retry, sign in on the device).
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw new UnreachableError(`server answered ${response.status}: ${body.error?.code ?? 'no details'}`);
  }
  throw new ApiRequestError(response.status, body.error?.code ?? 'http-error', body.error?.message ?? {
    id: `Server menjawab ${response.status}.`, en: `The server answered ${response.status}.`,
  });
}
