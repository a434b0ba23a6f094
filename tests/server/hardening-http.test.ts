/**
 * What the server lets a stranger do over HTTP (issue 8): bodies read only as far as a route needs
 * and only after its session check, numbers JSON cannot keep, guessing limits, security headers
 * and compression, the shell under a dot-folder, a deleted account's cookie, and the embedded
 * store's own credentials.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { ApiErrorBody } from '../../common/sync-protocol.js';
import { BODY_LIMITS } from '../../sync-server/app.js';
import type { ServerConfig } from '../../sync-server/config.js';
import { CREDENTIALS_FILE } from '../../sync-server/embedded-store.js';
import { OFFICE_BODY_LIMITS } from '../../sync-server/office/office-routes.js';
import { startServer } from '../../sync-server/server.js';
import { ensureUser, userDocId } from '../../sync-server/users.js';
import {
  apiCall, COUCHDB_URL, draft, errorBody, expectError, openEventStream, sessionCookieFrom, startTestServer, type ApiResult, type TestServer,
} from './helpers.js';

const PASSWORD = 'rahasia-uji-123';

let server: TestServer;
before(async () => {
  server = await startTestServer({
    // Addresses are simulated with X-Forwarded-For from the test's loopback connection.
    trustProxy: 'loopback',
    accountCacheMs: 0,
    // Small claim limits keep the claim tests short; sign-in keeps the shipped defaults.
    rateLimits: { claimFailuresPerAccount: 5, claimFailuresPerAddress: 8 },
  });
});
after(async () => {
  await server.close();
});

/** A fresh account of its own for each test, so no test's lockout or deletion touches another's. */
async function freshAccount(role: 'applicant' | 'booth-staff' = 'applicant'): Promise<string> {
  const username = `t-${randomUUID().slice(0, 18)}`;
  await ensureUser(server.running.store, { username, password: PASSWORD, displayName: 'Akun Uji', role });
  return username;
}

/** A made-up client address (TEST-NET-3), different for each call. */
let addressCounter = 0;
const freshAddress = (): string => `203.0.113.${(++addressCounter % 250) + 1}`;

const signIn = (username: string, password: string, address: string): Promise<ApiResult> =>
  server.api('/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': address } });

async function cookieOf(username: string): Promise<string> {
  const result = await signIn(username, PASSWORD, freshAddress());
  assert.equal(result.status, 200, `sign-in of ${username}: ${result.text}`);
  const cookie = sessionCookieFrom(result.headers);
  assert.ok(cookie, 'sign-in sets the session cookie');
  return cookie;
}

interface RawResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: ApiErrorBody['error'];
  /** Body bytes the client had written when the answer came. */
  sentBytes: number;
}

/** A refusal by declared length or session needs no body, so it comes at once; this is far beyond that. */
const RAW_ANSWER_MS = 5000;

/**
 * A request that declares (or streams) a large body but writes only `writeBytes` of it before the
 * answer: an answer that arrives anyway was given without reading the body. A server that waits
 * for the rest instead (its limit is higher than the test thinks) fails the test after
 * RAW_ANSWER_MS rather than holding it forever.
 */
function rawRequest(urlPath: string, options: {
  method?: string;
  headers?: Record<string, string>;
  declaredBytes?: number;
  /** The start of the body; padded with spaces up to writeBytes. */
  prefix?: string;
  writeBytes: number;
  chunked?: boolean;
}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(options.declaredBytes ?? options.writeBytes);
    const request = http.request(`${server.url}${urlPath}`, { method: options.method ?? 'POST', headers });
    let sentBytes = 0;
    let answered = false;
    const waiting = setTimeout(() => {
      request.destroy();
      reject(new Error(`${urlPath}: no answer within ${RAW_ANSWER_MS} ms after ${sentBytes} body bytes (the server waits for a body it should refuse at once)`));
    }, RAW_ANSWER_MS);
    request.on('response', (response) => {
      answered = true;
      clearTimeout(waiting);
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        request.destroy();
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: (JSON.parse(text) as ApiErrorBody).error, sentBytes });
      });
    });
    // The server closing its end while we still write is the point; only an unanswered error fails.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const prefix = Buffer.from(options.prefix ?? '');
    const piece = Buffer.alloc(16 * 1024, ' ');
    const pump = (): void => {
      while (!answered && sentBytes < options.writeBytes) {
        const chunk = sentBytes === 0 && prefix.length > 0 ? prefix : piece.subarray(0, Math.min(piece.length, options.writeBytes - sentBytes));
        sentBytes += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
    };
    request.flushHeaders();
    pump();
  });
}

const MB = 1024 * 1024;

describe('request bodies', () => {
  it('refuses an 8 MB sign-in by its declared length, before reading it, and closes the connection', async () => {
    const result = await rawRequest('/api/auth/login', { declaredBytes: 8 * MB, writeBytes: 0 });
    assert.equal(result.status, 413);
    assert.equal(result.body.code, 'body-too-large');
    assert.match(result.body.message.en, /2 KB/);
    assert.match(result.body.message.id, /2 KB/);
    assert.notEqual(result.body.message.id, result.body.message.en);
    assert.equal(result.headers.connection, 'close');
  });

  it('refuses a stranger\'s 8 MB push with 401 unread and closes the connection (nothing stored)', async () => {
    const doc = draft('someone');
    const result = await rawRequest('/api/sync/applications/push', {
      declaredBytes: 8 * MB, prefix: JSON.stringify({ rows: [{ newDocumentState: doc }] }), writeBytes: 64 * 1024,
    });
    assert.equal(result.status, 401);
    assert.equal(result.body.code, 'not-signed-in');
    assert.ok(result.body.message.id.length > 0 && result.body.message.en.length > 0, 'a message in both languages');
    assert.equal(result.headers.connection, 'close');
    assert.ok(result.sentBytes < 8 * MB, `answered after ${result.sentBytes} of ${8 * MB} bytes`);
    assert.equal(await server.stored(doc.id), undefined);
  });

  it('refuses a stranger\'s streamed (chunked) body without a length the same way', async () => {
    const result = await rawRequest('/api/sync/applications/push', { chunked: true, writeBytes: 2 * MB });
    assert.equal(result.status, 401);
    assert.equal(result.headers.connection, 'close');
  });

  it('gives each route the limit it needs and names it (413, nothing stored)', async () => {
    const applicant = await cookieOf(await freshAccount());
    const admin = await server.signIn('admin1');
    const office = await server.signIn('loket1');
    // Each limit as the route has it (the server's own tables) and as a person reads it in the refusal.
    const cases: { path: string; cookie: string; limit: string; overBytes: number }[] = [
      { path: '/api/claims', cookie: applicant, limit: '1 KB', overBytes: BODY_LIMITS.small + 1 },
      { path: '/api/uploads', cookie: applicant, limit: '4 KB', overBytes: BODY_LIMITS.uploadDeclaration + 1 },
      { path: `/api/applications/${draft('x').id}/return`, cookie: office, limit: '256 KB', overBytes: OFFICE_BODY_LIMITS.returnForCorrection + 1 },
      { path: '/api/office/actions', cookie: office, limit: '256 KB', overBytes: OFFICE_BODY_LIMITS.action + 1 },
      { path: '/api/catalog', cookie: admin, limit: '2 MB', overBytes: BODY_LIMITS.catalog + 1 },
      { path: '/api/sync/applications/push', cookie: applicant, limit: '8 MB', overBytes: BODY_LIMITS.push + 1 },
    ];
    for (const { path: urlPath, cookie, limit, overBytes } of cases) {
      const result = await rawRequest(urlPath, { headers: { cookie }, declaredBytes: overBytes, writeBytes: 0 });
      assert.equal(result.status, 413, `${urlPath}: ${JSON.stringify(result.body)}`);
      assert.equal(result.body.code, 'body-too-large');
      assert.match(result.body.message.en, new RegExp(`limit for this request is ${limit}`), urlPath);
      assert.match(result.body.message.id, new RegExp(`batas ${limit}`), urlPath);
    }
  });

  it('refuses a file piece by its declared length, and a stranger\'s piece unread', async () => {
    const cookie = await cookieOf(await freshAccount());
    const piece = { method: 'PUT', declaredBytes: 8 * MB, writeBytes: 0 };
    const signed = await rawRequest(`/api/uploads/${draft('x').id}`, { ...piece, headers: { cookie, 'content-type': 'application/octet-stream' } });
    assert.equal(signed.status, 413);
    assert.equal(signed.body.code, 'piece-too-large');
    assert.equal(signed.headers.connection, 'close');
    const stranger = await rawRequest(`/api/uploads/${draft('x').id}`, { ...piece, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(stranger.status, 401);
    assert.equal(stranger.headers.connection, 'close');
  });

  it('refuses a streamed body once it passes the limit, and stores nothing of it', async () => {
    const me = await freshAccount();
    const cookie = await cookieOf(me);
    const result = await rawRequest('/api/claims', { headers: { cookie }, chunked: true, prefix: '{"code":"', writeBytes: 64 * 1024 });
    assert.equal(result.status, 413);
    assert.equal(result.body.code, 'body-too-large');
  });

  it('still takes a push of a few MB from a signed-in device', async () => {
    const { cookie, user } = await server.session('pemohon1');
    const rows = Array.from({ length: 1000 }, () => ({ newDocumentState: draft(user.userId, { mainGoods: 'x'.repeat(500) }) }));
    const result = await server.push(cookie, rows);
    assert.equal(result.status, 200, result.text.slice(0, 300));
    assert.ok(JSON.stringify({ rows }).length > MB / 2, 'a body of more than half a megabyte');
    assert.ok(await server.stored(rows[999]!.newDocumentState.id), 'the last draft of the batch is stored');
  });
});

describe('numbers JSON cannot keep', () => {
  it('refuses 1e309 (Infinity, stored as null) naming the key, and stores nothing', async () => {
    const { cookie, user } = await server.session('pemohon1');
    const doc = draft(user.userId);
    const rawBody = JSON.stringify({ rows: [{ newDocumentState: doc }] }).replace(`"updatedAt":${doc.updatedAt}`, '"updatedAt":1e309');
    assert.match(rawBody, /"updatedAt":1e309/);
    const result = await server.api('/api/sync/applications/push', { rawBody, cookie });
    const error = expectError(result, 400, 'number-out-of-range');
    assert.match(error.message.en, /"updatedAt"/);
    assert.match(error.message.id, /"updatedAt"/);
    assert.equal(await server.stored(doc.id), undefined);
  });

  it('refuses an integer past 2^53 (silently rounded) and a negative overflow, on any JSON route', async () => {
    const { cookie, user } = await server.session('pemohon1');
    const doc = draft(user.userId);
    const rawBody = JSON.stringify({ rows: [{ newDocumentState: doc }] }).replace(`"updatedAt":${doc.updatedAt}`, '"updatedAt":12345678901234567890');
    expectError(await server.api('/api/sync/applications/push', { rawBody, cookie }), 400, 'number-out-of-range');
    assert.equal(await server.stored(doc.id), undefined);
    const signInBody = '{"username":"pemohon1","password":"x","n":-1E+400}';
    const error = expectError(await server.api('/api/auth/login', { rawBody: signInBody }), 400, 'number-out-of-range');
    assert.match(error.message.en, /"n"/);
  });

  it('keeps such text inside strings, and ordinary numbers with exponents', async () => {
    const { cookie, user } = await server.session('pemohon1');
    const doc = draft(user.userId, { mainGoods: '1e309 dan 12345678901234567890' });
    const rawBody = JSON.stringify({ rows: [{ newDocumentState: doc }] }).replace(`"updatedAt":${doc.updatedAt}`, `"updatedAt":${doc.updatedAt / 1000}e3`);
    const result = await server.api('/api/sync/applications/push', { rawBody, cookie });
    assert.equal(result.status, 200, result.text.slice(0, 300));
    const stored = await server.stored(doc.id);
    assert.equal((stored?.answers as Record<string, unknown> | undefined)?.mainGoods, '1e309 dan 12345678901234567890');
    assert.equal(stored?.updatedAt, doc.updatedAt);
  });
});

function expectTooMany(result: ApiResult): number {
  const error = expectError(result, 429, 'too-many-attempts');
  const retryAfter = Number(result.headers.get('retry-after'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter > 0, `Retry-After is whole seconds, got ${result.headers.get('retry-after')}`);
  assert.equal((error as { retryAfterSeconds?: unknown }).retryAfterSeconds, retryAfter);
  assert.match(error.message.en, /Try again in \d+ (minute|second)s?/);
  assert.match(error.message.id, /Coba lagi dalam \d+ (menit|detik)/);
  return retryAfter;
}

describe('sign-in limits', () => {
  it('answers 429 quickly after 10 wrong passwords for one account, with Retry-After, from any address', async () => {
    const username = await freshAccount();
    const address = freshAddress();
    const wrongTimes: number[] = [];
    const refusedTimes: number[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      const started = performance.now();
      const result = await signIn(username, `salah-${attempt}`, address);
      const ms = performance.now() - started;
      if (attempt < 10) {
        expectError(result, 401, 'wrong-credentials');
        wrongTimes.push(ms);
      } else {
        expectTooMany(result);
        refusedTimes.push(ms);
      }
    }
    const average = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(`sign-in limit: wrong password ${average(wrongTimes).toFixed(1)} ms on average, refused ${average(refusedTimes).toFixed(1)} ms`);
    // A refused attempt runs no scrypt: far cheaper than a checked one.
    assert.ok(average(refusedTimes) < average(wrongTimes) / 2,
      `refused attempts (${average(refusedTimes).toFixed(1)} ms) should cost far less than checked ones (${average(wrongTimes).toFixed(1)} ms)`);
    // The account is held, from another address too, even with the right password (until Retry-After).
    expectTooMany(await signIn(username, PASSWORD, freshAddress()));
    const audited = await server.audit({ action: 'auth.login-failed', 'details.username': username });
    assert.equal(audited.length, 10, 'only the checked attempts are in the audit trail');
  });

  it('does not count right passwords: an office signing in 60 times from one address is never held', async () => {
    const username = await freshAccount();
    const address = freshAddress();
    for (let attempt = 0; attempt < 60; attempt++) assert.equal((await signIn(username, PASSWORD, address)).status, 200);
  });

  it('holds an address after 50 wrong passwords over any accounts, not the other addresses', async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < 50; attempt++) {
      expectError(await signIn(`tidak-ada-${randomUUID().slice(0, 8)}`, 'salah', address), 401, 'wrong-credentials');
    }
    expectTooMany(await signIn(`tidak-ada-${randomUUID().slice(0, 8)}`, 'salah', address));
    const username = await freshAccount();
    expectTooMany(await signIn(username, PASSWORD, address));
    assert.equal((await signIn(username, PASSWORD, freshAddress())).status, 200);
  });

  it('lets a real sign-in from another address through while 100 wrong ones arrive at once from one', async () => {
    const username = await freshAccount();
    const alone = performance.now();
    assert.equal((await signIn(username, PASSWORD, freshAddress())).status, 200);
    const aloneMs = performance.now() - alone;

    const attacker = freshAddress();
    const attack = Promise.all(Array.from({ length: 100 }, () => signIn(`tidak-ada-${randomUUID().slice(0, 8)}`, 'salah', attacker)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const real = await signIn(username, PASSWORD, freshAddress());
    const realMs = performance.now() - started;
    const answers = await attack;
    console.log(`real sign-in: ${aloneMs.toFixed(0)} ms alone, ${realMs.toFixed(0)} ms during 100 concurrent wrong ones from one address`);
    assert.equal(real.status, 200);
    const statuses = answers.map((answer) => answer.status);
    assert.equal(statuses.filter((status) => status === 401).length, 50, 'the first 50 are checked');
    assert.equal(statuses.filter((status) => status === 429).length, 50, 'the rest are refused at once');
    // Relative to the same sign-in alone, as a loaded CI machine slows both; the issue saw 6.7 s.
    assert.ok(realMs < Math.max(2500, 4 * aloneMs), `the real sign-in took ${realMs.toFixed(0)} ms (${aloneMs.toFixed(0)} ms alone)`);
  });
});

describe('claim limits', () => {
  it('holds an account after its failed claims, from any address', async () => {
    const cookie = await cookieOf(await freshAccount());
    const address = freshAddress();
    const claim = (from: string): Promise<ApiResult> =>
      server.api('/api/claims', { body: { code: 'salah' }, cookie, headers: { 'x-forwarded-for': from } });
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await claim(address);
      assert.ok(result.status >= 400 && result.status < 500 && result.status !== 429, `attempt ${attempt}: ${result.status}`);
      errorBody(result);
    }
    const retryAfter = expectTooMany(await claim(address));
    assert.ok(retryAfter <= 15 * 60, 'at most the window');
    expectTooMany(await claim(freshAddress()));
  });

  it('holds an address after its failed claims over several accounts, not the other addresses', async () => {
    const address = freshAddress();
    const first = await cookieOf(await freshAccount());
    const second = await cookieOf(await freshAccount());
    const third = await cookieOf(await freshAccount());
    const claim = (cookie: string, from: string): Promise<ApiResult> =>
      server.api('/api/claims', { body: { code: 'salah' }, cookie, headers: { 'x-forwarded-for': from } });
    for (let attempt = 0; attempt < 4; attempt++) {
      assert.notEqual((await claim(first, address)).status, 429);
      assert.notEqual((await claim(second, address)).status, 429);
    }
    expectTooMany(await claim(third, address));
    assert.notEqual((await claim(third, freshAddress())).status, 429);
  });
});

describe('headers and compression', () => {
  it('sends the security headers the app needs', async () => {
    const result = await server.api('/drafts/any');
    assert.equal(result.status, 200);
    const policy = result.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "img-src 'self' data: blob:", "style-src 'self' 'unsafe-inline'", "object-src 'none'",
      "frame-ancestors 'none'", "base-uri 'self'"]) {
      assert.ok(policy.includes(directive), `CSP has ${directive}: ${policy}`);
    }
    assert.equal(result.headers.get('x-frame-options'), 'DENY');
    assert.equal(result.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(result.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(result.headers.get('x-powered-by'), null);
  });

  it('compresses API answers and files, but not the event stream, which still delivers at once', async () => {
    const catalog = await server.api('/api/catalog', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(catalog.status, 200);
    assert.equal(catalog.headers.get('content-encoding'), 'gzip');

    const { cookie, user } = await server.session('pemohon2');
    const response = await fetch(`${server.url}/api/sync/applications/stream`, { headers: { cookie, 'accept-encoding': 'gzip, br' } });
    assert.equal(response.headers.get('content-encoding'), null);
    await response.body?.cancel();
    const stream = await openEventStream(server.url, cookie);
    try {
      const started = performance.now();
      await server.pushOk(cookie, [{ newDocumentState: draft(user.userId) }]);
      await stream.waitFor('resync', 3000);
      console.log(`event stream: resync ${Math.round(performance.now() - started)} ms after the push`);
    } finally {
      stream.close();
    }
  });
});

describe('the app under a dot-folder', () => {
  it('serves the shell and its files when the path has a folder like .hidden in it', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-dot-'));
    const staticDir = path.join(root, '.hidden', 'dist');
    await fs.mkdir(path.join(staticDir, 'assets'), { recursive: true });
    await fs.writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shell under a dot-folder</title>');
    await fs.writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    const hidden = await startTestServer({ staticDir });
    try {
      const page = await hidden.api('/drafts/123');
      assert.equal(page.status, 200, page.text.slice(0, 200));
      assert.match(page.text, /Shell under a dot-folder/);
      const root = await hidden.api('/');
      assert.equal(root.status, 200);
      const script = await hidden.api('/assets/app.js');
      assert.equal(script.status, 200);
      assert.match(script.text, /console\.log/);
    } finally {
      await hidden.close();
      await fs.rm(root, { recursive: true, force: true });
    }
  });
});

describe('a session whose account is gone', () => {
  it('is refused with account-gone, and its push stores nothing', async () => {
    const username = await freshAccount();
    const login = await signIn(username, PASSWORD, freshAddress());
    const cookie = sessionCookieFrom(login.headers);
    assert.ok(cookie, 'signed in');
    const { userId } = (login.body as { user: { userId: string } }).user;
    assert.equal((await server.api('/api/auth/me', { cookie })).status, 200);

    const users = server.running.store.users;
    const stored = await users.get(userDocId(username));
    await users.destroy(stored._id, stored._rev);

    const doc = draft(userId);
    const push = await server.push(cookie, [{ newDocumentState: doc }]);
    const error = expectError(push, 401, 'account-gone');
    assert.match(error.message.en, /no longer exists/);
    assert.equal(await server.stored(doc.id), undefined);
    expectError(await server.api('/api/auth/me', { cookie }), 401, 'account-gone');
    expectError(await server.api('/api/sync/applications/pull', { cookie }), 401, 'account-gone');
    expectError(await server.api('/api/sync/applications/stream', { cookie }), 401, 'account-gone');
  });
});

describe('the embedded store', { skip: COUCHDB_URL ? 'needs the embedded store (COUCHDB_URL is set)' : false }, () => {
  it('answers 401 and no data to a request without its credentials', async () => {
    const storeUrl = new URL(server.storeUrl);
    assert.ok(storeUrl.username && storeUrl.password, 'the sync server was given credentials');
    const bare = `${storeUrl.protocol}//${storeUrl.host}`;
    for (const place of ['/', '/_all_dbs', '/ptsp_users/_all_docs?include_docs=true', '/ptsp_meta/session-secret']) {
      const response = await fetch(`${bare}${place}`);
      const text = await response.text();
      assert.equal(response.status, 401, `${place}: ${text}`);
      assert.ok(!text.includes('passwordHash') && !text.includes('secret"') && !text.includes('ptsp_'), `${place} leaks: ${text}`);
    }
    const wrong = await fetch(`${bare}/_all_dbs`, { headers: { authorization: `Basic ${Buffer.from(`${storeUrl.username}:salah`).toString('base64')}` } });
    assert.equal(wrong.status, 401);
    await wrong.text();
    const right = await fetch(`${bare}/_all_dbs`, {
      headers: { authorization: `Basic ${Buffer.from(`${storeUrl.username}:${storeUrl.password}`).toString('base64')}` },
    });
    assert.equal(right.status, 200);
    assert.ok(((await right.json()) as string[]).includes('ptsp_users'), 'with the credentials the store answers');
  });

  it('keeps its credentials readable by the owner only, and logs no typed sign-in names', async () => {
    const storeDir = path.join(server.config.dataDir, 'store');
    assert.equal((await fs.stat(path.join(storeDir, CREDENTIALS_FILE))).mode & 0o777, 0o600);
    assert.equal((await fs.stat(storeDir)).mode & 0o777, 0o700);
    assert.equal((await fs.stat(server.config.dataDir)).mode & 0o777, 0o700);
    const typed = `tidak-ada-${randomUUID().slice(0, 8)}`;
    expectError(await signIn(typed, 'salah', freshAddress()), 401, 'wrong-credentials');
    const logText = await fs.readFile(path.join(storeDir, 'log.txt'), 'utf8').catch(() => '');
    assert.ok(!logText.includes(typed), 'the store log does not keep the typed name');
    assert.ok(!logText.includes('ptsp_users'), 'the store log has no request lines');
  });

  it('works after a restart on the same DATA_DIR, with the same credentials and sessions', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-restart-creds-'));
    const staticDir = server.config.staticDir;
    const config: ServerConfig = { port: 0, host: '127.0.0.1', couchUrl: undefined, dataDir, staticDir, loadDemoData: true };
    try {
      const first = await startServer(config);
      const credentials = await fs.readFile(path.join(dataDir, 'store', CREDENTIALS_FILE), 'utf8');
      const login = await apiCall(first.url, '/api/auth/login', { body: { username: 'pemohon1', password: 'demo12345' } });
      const cookie = sessionCookieFrom(login.headers);
      assert.ok(cookie, 'signed in on the first start');
      const { userId } = (login.body as { user: { userId: string } }).user;
      const doc = draft(userId);
      assert.equal((await apiCall(first.url, '/api/sync/applications/push', { body: { rows: [{ newDocumentState: doc }] }, cookie })).status, 200);
      await first.close();

      const second = await startServer(config);
      try {
        assert.equal(await fs.readFile(path.join(dataDir, 'store', CREDENTIALS_FILE), 'utf8'), credentials, 'the same credentials');
        assert.equal(new URL(second.storeUrl).password, new URL(first.storeUrl).password, 'the server is given the same credentials');
        const pulled = await apiCall(second.url, '/api/sync/applications/pull?limit=1000', { cookie });
        assert.equal(pulled.status, 200, pulled.text.slice(0, 300));
        assert.ok((pulled.body as { documents: { id: string }[] }).documents.some((candidate) => candidate.id === doc.id), 'the draft is still there');
      } finally {
        await second.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
