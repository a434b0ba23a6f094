/**
 * Starts a real sync server (with the embedded store, or the Apache CouchDB at COUCHDB_URL) on a
 * free port for the server tests, and talks to it over real HTTP with global fetch.
 *
 * With COUCHDB_URL the database names are fixed and shared with earlier runs and other files: tests
 * use fresh document ids and fresh accounts (`freshSession`), and only look at what they made.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import nano from 'nano';
import type { AnswerValue, ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, type ApiErrorBody, type PullResponse, type PushResponse, type PushRow, type Role, type UserProfile } from '../../common/sync-protocol.js';
import type { ServerConfig } from '../../sync-server/config.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEMO_PASSWORD } from '../../sync-server/demo-data.js';
import { startServer, type RunningServer } from '../../sync-server/server.js';
import { DATABASES, type AuditEvent, type Store } from '../../sync-server/store.js';
import { ensureUser } from '../../sync-server/users.js';

export const COUCHDB_URL = process.env.COUCHDB_URL || undefined;

export interface ApiOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  cookie?: string;
  /** Sent exactly as given (for malformed JSON, `__proto__` keys, huge bodies). */
  rawBody?: string;
  /** Defaults to application/json when a body is sent. */
  contentType?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the answer is not JSON. */
  body: unknown;
  text: string;
}

export interface Session {
  cookie: string;
  user: UserProfile;
}

export async function apiCall(baseUrl: string, urlPath: string, options: ApiOptions = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.rawBody !== undefined) payload = options.rawBody;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${baseUrl}${urlPath}`, {
    method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
    headers,
    body: payload,
    signal: options.signal,
  });
  const text = await response.text();
  let body: unknown;
  if ((response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, body, text };
}

/** The cookie to send back (`name=value`) from a response's Set-Cookie, or undefined. */
export function sessionCookieFrom(headers: Headers): string | undefined {
  const setCookie = headers.getSetCookie().find((line) => line.startsWith('ptsp_session='));
  return setCookie?.split(';')[0];
}

/** Narrows an API answer to the error body every 4xx/5xx carries, checking both languages. */
export function errorBody(result: ApiResult): ApiErrorBody['error'] {
  const body = result.body as Partial<ApiErrorBody> | undefined;
  assert.ok(body?.error, `expected an error body, got ${result.status} ${result.text.slice(0, 300)}`);
  assert.equal(typeof body.error.code, 'string');
  assert.ok(body.error.message.id.length > 0, 'Indonesian message');
  assert.ok(body.error.message.en.length > 0, 'English message');
  assert.notEqual(body.error.message.id, body.error.message.en);
  return body.error;
}

export function expectError(result: ApiResult, status: number, code: string): ApiErrorBody['error'] {
  assert.equal(result.status, status, `expected ${status} ${code}, got ${result.status}: ${result.text.slice(0, 500)}`);
  const error = errorBody(result);
  assert.equal(error.code, code);
  return error;
}

/** A fresh draft id, valid for DOCUMENT_ID_PATTERN and unique across runs. */
export const freshId = (): string => `t-${randomUUID()}`;

export function draft(ownerId: string, answers: Record<string, AnswerValue> = {}, extra: Partial<ApplicationWireDoc> = {}): ApplicationWireDoc {
  return {
    id: freshId(),
    ownerId,
    permitTypeId: 'siup',
    catalogVersion: demoCatalog.version,
    status: 'draft',
    answers: { companyName: 'CV Uji Coba', ...answers },
    createdAt: new Date().toISOString(),
    updatedAt: Date.now(),
    _deleted: false,
    ...extra,
  };
}

/** The password of every account a test makes (never that of a demo account). */
export const TEST_PASSWORD = 'uji-coba-rahasia-8';

export interface TestAccount {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  userId: string;
}

/**
 * An account no earlier run or other test file has used (random username), written directly into
 * the store. Why: the demo accounts are shared by every test file and every run on a CouchDB that
 * is not wiped, so what they pull includes what others filed and claimed for them; a test that
 * asserts about an account's documents needs an account only it uses.
 */
export async function createAccount(store: Store, role: Role, displayName = `Akun Uji (${role})`): Promise<TestAccount> {
  const username = `t-${role}-${randomBytes(5).toString('hex')}`;
  const user = await ensureUser(store, { username, password: TEST_PASSWORD, displayName, role });
  assert.equal(user.displayName, displayName, `${username} is a new account, not one an earlier run left`);
  return { username, password: TEST_PASSWORD, displayName, role, userId: user.userId };
}

export interface TestServer {
  url: string;
  storeUrl: string;
  running: RunningServer;
  config: ServerConfig;
  api(urlPath: string, options?: ApiOptions): Promise<ApiResult>;
  /** Signs in with the demo password; returns the cookie to send (`ptsp_session=...`). */
  signIn(username: string): Promise<string>;
  /** Like signIn, also returning the profile (its userId is the ownerId of the account's drafts). */
  session(username: string, password?: string): Promise<Session>;
  /** A new account of this role (see createAccount). */
  account(role: Role, displayName?: string): Promise<TestAccount>;
  /** A new account of this role, signed in: the session of a test that must see only its own documents. */
  freshSession(role: Role, displayName?: string): Promise<Session>;
  push(cookie: string, rows: PushRow[]): Promise<ApiResult>;
  /** Pushes and expects 200; returns the conflicts. */
  pushOk(cookie: string, rows: PushRow[]): Promise<PushResponse>;
  pull(cookie: string, checkpoint?: string | null, limit?: number): Promise<PullResponse>;
  /** Pulls page after page until nothing new comes; returns every document and the last checkpoint. */
  pullAll(cookie: string, checkpoint?: string | null): Promise<PullResponse>;
  /** The stored document, read directly from the store (undefined when there is none). */
  stored(id: string): Promise<Record<string, unknown> | undefined>;
  audit(selector: nano.MangoSelector): Promise<AuditEvent[]>;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-server-test-'));
  const staticDir = path.join(dataDir, 'static');
  await fs.mkdir(staticDir);
  await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>PTSP test shell</title>');
  const config: ServerConfig = {
    port: 0,
    host: '127.0.0.1',
    couchUrl: COUCHDB_URL,
    dataDir,
    staticDir,
    loadDemoData: true,
    ...overrides,
  };
  const running = await startServer(config);
  const storeServer = nano({ url: running.storeUrl });
  const applicationsDb = storeServer.use<Record<string, unknown>>(DATABASES.applications);
  const auditDb = storeServer.use<AuditEvent>(DATABASES.audit);

  const api = (urlPath: string, options?: ApiOptions): Promise<ApiResult> => apiCall(running.url, urlPath, options);

  const session = async (username: string, password = DEMO_PASSWORD): Promise<Session> => {
    const result = await api('/api/auth/login', { body: { username, password } });
    assert.equal(result.status, 200, `sign-in of ${username}: ${result.text}`);
    const cookie = sessionCookieFrom(result.headers);
    assert.ok(cookie, 'sign-in sets the session cookie');
    return { cookie, user: (result.body as { user: UserProfile }).user };
  };

  const push = (cookie: string, rows: PushRow[]): Promise<ApiResult> =>
    api('/api/sync/applications/push', { body: { rows }, cookie });

  const pull = async (cookie: string, checkpoint?: string | null, limit?: number): Promise<PullResponse> => {
    const query = new URLSearchParams();
    if (checkpoint) query.set('checkpoint', checkpoint);
    if (limit !== undefined) query.set('limit', String(limit));
    const result = await api(`/api/sync/applications/pull?${query.toString()}`, { cookie });
    assert.equal(result.status, 200, `pull: ${result.text.slice(0, 500)}`);
    return result.body as PullResponse;
  };

  return {
    url: running.url,
    storeUrl: running.storeUrl,
    running,
    config,
    api,
    session,
    signIn: async (username) => (await session(username)).cookie,
    account: (role, displayName) => createAccount(running.store, role, displayName),
    freshSession: async (role, displayName) => {
      const account = await createAccount(running.store, role, displayName);
      return session(account.username, account.password);
    },
    push,
    pushOk: async (cookie, rows) => {
      const result = await push(cookie, rows);
      assert.equal(result.status, 200, `push: ${result.text.slice(0, 500)}`);
      return result.body as PushResponse;
    },
    pull,
    pullAll: async (cookie, checkpoint = null) => {
      const documents: ApplicationWireDoc[] = [];
      let current = checkpoint;
      for (;;) {
        const page = await pull(cookie, current, 1000);
        documents.push(...page.documents);
        current = page.checkpoint;
        if (page.documents.length === 0) return { documents, checkpoint: current };
      }
    },
    stored: async (id) => {
      try {
        return await applicationsDb.get(id);
      } catch (error) {
        if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
        throw error;
      }
    },
    audit: async (selector) => (await auditDb.find({ selector, limit: 1000 })).docs,
    close: async () => {
      await running.close();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A server-sent event stream read with fetch, collecting event names as they arrive. */
export interface EventStream {
  status: number;
  events: string[];
  /** Resolves when an event with this name has arrived (counting from `after`), rejects after `timeoutMs`. */
  waitFor(name: string, timeoutMs?: number, after?: number): Promise<void>;
  close(): void;
}

/**
 * Reads a server-sent event stream in the background, handing each block (the text between blank
 * lines: a comment, or event and data lines) to `onBlock`, and calling `afterChunk` after each chunk
 * read. Ends quietly when the stream ends or is aborted (the caller's close()).
 */
/**
 * Every page of one collection from `checkpoint` on, as RxDB's pull loop walks them, from one
 * device; with the answers' text, to check what crossed the wire.
 */
export async function pullEverything<T>(baseUrl: string, collection: 'applications' | 'actions', session: Session, device: string,
  checkpoint: string | null = null, limit = 200): Promise<{ documents: T[]; checkpoint: string | null; text: string }> {
  const documents: T[] = [];
  let text = '';
  let at = checkpoint;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit) });
    if (at) query.set('checkpoint', at);
    const result = await apiCall(baseUrl, `/api/sync/${collection}/pull?${query.toString()}`, { cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
    assert.equal(result.status, 200, `pull ${collection}: ${result.text.slice(0, 300)}`);
    const page = result.body as PullResponse<T>;
    documents.push(...page.documents);
    text += result.text;
    at = page.checkpoint;
    if (page.documents.length < limit) return { documents, checkpoint: at, text };
  }
}

export function readSseBlocks(body: ReadableStream<Uint8Array>, onBlock: (block: string) => void, afterChunk: () => void = () => undefined): void {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        afterChunk();
      }
    } catch {
      // aborted by close()
    }
  })();
}

export async function openEventStream(baseUrl: string, cookie: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/sync/applications/stream`, { headers: { cookie }, signal: abort.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  assert.ok(response.body, 'the stream response has a body');
  const events: string[] = [];
  let connected = false;
  let wake: () => void = () => undefined;
  readSseBlocks(response.body, (block) => {
    if (block.startsWith(': connected')) connected = true;
    const name = /^event: (.+)$/m.exec(block)?.[1];
    if (name) events.push(name);
  }, () => wake());

  const waitUntil = async (condition: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  // The server registers its listener before it writes the ": connected" comment.
  await waitUntil(() => connected, 5_000, 'the stream to connect');
  return {
    status: response.status,
    events,
    waitFor: (name, timeoutMs = 5_000, after = 0) =>
      waitUntil(() => events.slice(after).includes(name), timeoutMs, `event "${name}"`),
    close: () => abort.abort(),
  };
}
