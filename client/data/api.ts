/**
 * The only place the page talks HTTP to the sync server (replication.ts opens the live stream).
 * It turns every failure into one of two errors: the server answered no (ApiRequestError, a 4xx
 * with the server's bilingual message), or no working server answered (UnreachableError: no
 * network, or a 5xx/408/429). A 429 is a TooManyAttemptsError, an UnreachableError that also says
 * how long to wait: machine callers (uploads, sync) simply retry later, while a person signing in or
 * claiming is shown the wait.
 */
import type { LocalizedText } from '../../common/catalog.js';
import type { ApiErrorBody } from '../../common/sync-protocol.js';

export class ApiRequestError extends Error {
  /** `body`: the whole error answer, for endpoints that send more than the message (e.g. an upload's state). */
  constructor(readonly status: number, readonly code: string, readonly text: LocalizedText, readonly body?: unknown) {
    super(`${status} ${code}: ${text.en}`);
  }
}

export class UnreachableError extends Error {}

/** 429: the server asks to wait (too many sign-ins or claims from this account or address). */
export class TooManyAttemptsError extends UnreachableError {
  constructor(readonly retryAfterSeconds: number, readonly text: LocalizedText | undefined) {
    super(`server answered 429: wait ${retryAfterSeconds} s`);
  }
}

/** Retry-After is seconds or an HTTP date; a missing or unreadable one means a minute. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(1, Math.ceil((date - now) / 1000));
  }
  return 60;
}

const TIMEOUT_MS = 30_000;

/** `fetch`, or a stand-in for it (tests of the upload queue). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

export interface ApiRequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as they are, `application/octet-stream` (pieces of an upload); instead of `body`. */
  bytes?: Blob;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Cancels the request (it then fails with UnreachableError; the caller knows it cancelled). */
  signal?: AbortSignal;
  fetch?: FetchFunction;
}

export async function apiRequest<T>(path: string, init: ApiRequestInit = {}): Promise<T> {
  const response = await apiResponse(path, init);
  return (await response.json()) as T;
}

/** A binary answer (a stored file), with the same errors as apiRequest. */
export async function apiBlob(path: string, init: ApiRequestInit = {}): Promise<Blob> {
  const response = await apiResponse(path, init);
  try {
    return await response.blob();
  } catch (error) {
    throw new UnreachableError((error as Error).message);
  }
}

async function apiResponse(path: string, init: ApiRequestInit): Promise<Response> {
  let response: Response;
  const timeout = AbortSignal.timeout(init.timeoutMs ?? TIMEOUT_MS);
  const contentType: Record<string, string> = init.bytes !== undefined ? { 'content-type': 'application/octet-stream' }
    : init.body === undefined ? {} : { 'content-type': 'application/json' };
  try {
    response = await (init.fetch ?? fetch)(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { ...init.headers, ...contentType },
      body: init.bytes ?? (init.body === undefined ? null : JSON.stringify(init.body)),
      signal: init.signal ? eitherSignal(timeout, init.signal) : timeout,
    });
  } catch (error) {
    throw new UnreachableError((error as Error).message);
  }
  if (response.ok) return response;
  let body: Partial<ApiErrorBody> = {};
  try {
    body = (await response.json()) as ApiErrorBody;
  } catch {
    // A proxy or a dying server may answer with HTML: keep the status, use a generic message.
  }
  if (response.status === 429) throw new TooManyAttemptsError(retryAfterSeconds(response.headers.get('retry-after')), body.error?.message);
  // A server that cannot answer (down, its store down, overloaded, timing out) is no refusal of
  // the request: callers treat it like no network (queue, retry, sign in on the device).
  if (response.status >= 500 || response.status === 408) {
    throw new UnreachableError(`server answered ${response.status}: ${body.error?.code ?? 'no details'}`);
  }
  throw new ApiRequestError(response.status, body.error?.code ?? 'http-error', body.error?.message ?? {
    id: `Server menjawab ${response.status}.`, en: `The server answered ${response.status}.`,
  }, body);
}

/** Aborts when either does (AbortSignal.any, where the browser lacks it: Safari before 17.4). */
function eitherSignal(first: AbortSignal, second: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([first, second]);
  const controller = new AbortController();
  for (const signal of [first, second]) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
