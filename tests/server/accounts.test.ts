/**
 * Account changes across server processes: two sync servers on one store (as behind a load
 * balancer). A change made through one holds on the other within that one's ACCOUNT_CACHE_MS: the
 * cache is dropped at once only in the process that made the change.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AdminAccount } from '../../common/admin-protocol.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { expireSessions, SESSION_DAYS, sessionDocId, sessionsDb } from '../../sync-server/auth/sessions.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { getIfExists } from '../../sync-server/store.js';
import { COUCHDB_URL, sessionCookieFrom, startTestServer, TEST_PASSWORD, type ApiResult, type TestServer } from './helpers.js';

/** The other process's cache time: long enough to be a cache, short enough for a test. */
const OTHER_CACHE_MS = 400;

describe('account changes seen by another server process', () => {
  let embedded: EmbeddedStore | undefined;
  let storeDir: string | undefined;
  let first: TestServer;
  let second: TestServer;
  let adminCookie: string;

  before(async () => {
    // One store both servers share: the CouchDB at COUCHDB_URL, else an embedded store of this test's own.
    let couchUrl = COUCHDB_URL;
    if (!couchUrl) {
      storeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-accounts-store-'));
      embedded = await startEmbeddedStore(storeDir);
      couchUrl = embedded.url;
    }
    first = await startTestServer({ couchUrl });
    second = await startTestServer({ couchUrl, accountCacheMs: OTHER_CACHE_MS });
    adminCookie = (await first.freshSession('admin')).cookie;
  });
  after(async () => {
    await second.close();
    await first.close();
    await embedded?.stop();
    if (storeDir) await fs.rm(storeDir, { recursive: true, force: true });
  });

  async function reviewerOnSecond(): Promise<{ account: AdminAccount; cookie: string }> {
    const username = `t-rev-${randomBytes(5).toString('hex')}`;
    const created = await first.api('/api/admin/accounts', {
      cookie: adminCookie, body: { username, displayName: 'Peninjau Uji', role: 'agency-reviewer', agencyId: 'dinas-pupr', password: TEST_PASSWORD },
    });
    assert.equal(created.status, 201, created.text);
    const login = await second.api('/api/auth/login', { body: { username, password: TEST_PASSWORD } });
    assert.equal(login.status, 200, login.text);
    const cookie = sessionCookieFrom(login.headers);
    assert.ok(cookie, 'signed in on the second server');
    assert.equal((await second.api('/api/auth/me', { cookie })).status, 200);
    return { account: (created.body as { account: AdminAccount }).account, cookie };
  }

  /** Asks the second server until it answers with `code`; returns how long that took. */
  async function refusedOnSecondWithin(cookie: string, code: string, limitMs: number): Promise<number> {
    const started = Date.now();
    let last: ApiResult | undefined;
    while (Date.now() - started < limitMs) {
      last = await second.api('/api/auth/me', { cookie });
      if (last.status === 401 && (last.body as { error?: { code?: string } }).error?.code === code) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`the second server still answered ${last?.status} ${last?.text.slice(0, 200)} after ${limitMs} ms`);
  }

  it('a disabled account is refused by the other process within its cache time', async () => {
    const { account, cookie } = await reviewerOnSecond();
    const disabled = await first.api(`/api/admin/accounts/${account.userId}`, { method: 'PATCH', cookie: adminCookie, body: { disabled: true } });
    assert.equal(disabled.status, 200, disabled.text);
    const ms = await refusedOnSecondWithin(cookie, 'account-disabled', OTHER_CACHE_MS + 1500);
    assert.ok(ms <= OTHER_CACHE_MS + 1500, `refused after ${ms} ms`);
  });

  it('a role change reaches the other process within its cache time', async () => {
    const { account, cookie } = await reviewerOnSecond();
    await first.api(`/api/admin/accounts/${account.userId}`, { method: 'PATCH', cookie: adminCookie, body: { role: 'front-office' } });
    const started = Date.now();
    let role: string | undefined;
    while (Date.now() - started < OTHER_CACHE_MS + 1500) {
      role = ((await second.api('/api/auth/me', { cookie })).body as { user: UserProfile }).user.role;
      if (role === 'front-office') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(role, 'front-office');
  });

  it('sign out everywhere, and signing out on one process, end the session on the other', async () => {
    const everywhere = await reviewerOnSecond();
    const ended = await first.api(`/api/admin/accounts/${everywhere.account.userId}/sign-out-everywhere`, { cookie: adminCookie, body: {} });
    assert.equal(ended.status, 200, ended.text);
    await refusedOnSecondWithin(everywhere.cookie, 'session-ended', OTHER_CACHE_MS + 1500);

    const single = await reviewerOnSecond();
    assert.equal((await first.api('/api/auth/logout', { cookie: single.cookie, body: {} })).status, 200);
    await refusedOnSecondWithin(single.cookie, 'session-ended', OTHER_CACHE_MS + 1500);
  });
});

describe('old sessions are removed', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('removes sessions past their cookie\'s life and those ended a day ago; a removed one answers session-ended', async () => {
    const { store } = server.running;
    const now = Date.now();
    const day = 86_400_000;
    const sid = (): string => randomBytes(18).toString('base64url');
    const ids = { expired: sid(), endedLongAgo: sid(), endedNow: sid(), live: sid() };
    const iso = (ms: number): string => new Date(ms).toISOString();
    await sessionsDb(store).bulk({ docs: [
      { _id: sessionDocId(ids.expired), type: 'session', userId: 'u-1', createdAt: iso(now - (SESSION_DAYS + 1) * day) },
      { _id: sessionDocId(ids.endedLongAgo), type: 'session', userId: 'u-1', createdAt: iso(now - 3 * day), endedAt: iso(now - 2 * day) },
      { _id: sessionDocId(ids.endedNow), type: 'session', userId: 'u-1', createdAt: iso(now - 3 * day), endedAt: iso(now - 1000) },
      { _id: sessionDocId(ids.live), type: 'session', userId: 'u-1', createdAt: iso(now - 3 * day) },
    ] });
    assert.ok(await expireSessions(store, now) >= 2, 'at least the two old ones went');
    const left = async (id: string): Promise<boolean> => (await getIfExists(sessionsDb(store), sessionDocId(id))) !== undefined;
    assert.deepEqual([await left(ids.expired), await left(ids.endedLongAgo), await left(ids.endedNow), await left(ids.live)], [false, false, true, true]);

    const mine = await server.freshSession('applicant');
    const login = await server.api('/api/auth/login', { body: { username: mine.user.username, password: TEST_PASSWORD } });
    const cookie = sessionCookieFrom(login.headers);
    assert.ok(cookie, 'signed in');
    await server.api('/api/auth/logout', { cookie, body: {} });
    await expireSessions(store, now + 2 * day);
    const refused = await server.api('/api/auth/me', { cookie });
    assert.equal((refused.body as { error?: { code?: string } }).error?.code, 'session-ended');
    assert.equal((await server.api('/api/auth/me', { cookie: mine.cookie })).status, 200, 'a live session stays');
  });
});
