/**
 * The administrator's API over real HTTP on the real store (embedded, or CouchDB at COUCHDB_URL):
 * accounts and agencies are data, a change holds from the account's next request, every change is
 * audited, and bad input is refused naming the problem with nothing changed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AdminAccount, AdminAgency, AgencyInfo, AgencyList } from '../../common/admin-protocol.js';
import type { PermitCatalog } from '../../common/catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { ensureUser } from '../../sync-server/users.js';
import { errorBody, expectError, sessionCookieFrom, startTestServer, TEST_PASSWORD, type ApiResult, type TestServer } from './helpers.js';

const NEW_PASSWORD = 'kata-sandi-baru-77';
const freshName = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

describe('the administrator API', () => {
  let server: TestServer;
  let admin: { cookie: string; user: UserProfile };
  let agencyId: string;

  before(async () => {
    // The default account cache (5 s): a change must hold at once anyway, because it drops the entry.
    server = await startTestServer();
    admin = await server.freshSession('admin');
    agencyId = freshName('ta');
    const created = await server.api('/api/admin/agencies', { cookie: admin.cookie, body: { id: agencyId, name: { id: 'Dinas Uji', en: 'Test Office' } } });
    assert.equal(created.status, 201, created.text);
  });
  after(() => server.close());

  const patch = (path: string, body: unknown, cookie = admin.cookie): Promise<ApiResult> =>
    server.api(path, { method: 'PATCH', body, cookie });

  const signIn = (username: string, password: string): Promise<ApiResult> =>
    server.api('/api/auth/login', { body: { username, password } });

  async function createReviewer(): Promise<{ account: AdminAccount; cookie: string }> {
    const username = freshName('t-rev');
    const created = await server.api('/api/admin/accounts', {
      cookie: admin.cookie, body: { username, displayName: 'Peninjau Uji', role: 'agency-reviewer', agencyId, password: TEST_PASSWORD },
    });
    assert.equal(created.status, 201, created.text);
    const { account } = created.body as { account: AdminAccount };
    const login = await signIn(username, TEST_PASSWORD);
    assert.equal(login.status, 200, login.text);
    const cookie = sessionCookieFrom(login.headers);
    assert.ok(cookie, 'the new account signs in');
    return { account, cookie };
  }

  it('refuses anyone but an administrator, before reading the body', async () => {
    const applicant = await server.freshSession('applicant');
    for (const [method, path] of [['GET', '/api/admin/accounts'], ['POST', '/api/admin/accounts'], ['GET', '/api/admin/agencies'],
      ['POST', '/api/admin/agencies'], ['PATCH', `/api/admin/agencies/${agencyId}`], ['POST', `/api/admin/accounts/${admin.user.userId}/password`],
      ['POST', `/api/admin/accounts/${admin.user.userId}/sign-out-everywhere`], ['PATCH', `/api/admin/accounts/${admin.user.userId}`]] as const) {
      const body = method === 'GET' ? undefined : { active: false, disabled: true, password: NEW_PASSWORD };
      expectError(await server.api(path, { method, body, cookie: applicant.cookie }), 403, 'forbidden');
      expectError(await server.api(path, { method, body }), 401, 'not-signed-in');
    }
    const mine = (await server.api('/api/admin/accounts', { cookie: admin.cookie })).body as { accounts: AdminAccount[] };
    assert.equal(mine.accounts.find((account) => account.userId === admin.user.userId)?.disabled, false, 'nothing was changed');
  });

  it('creates a reviewer of an agency, who signs in with that agency; the creation is audited', async () => {
    const { account, cookie } = await createReviewer();
    assert.equal(account.role, 'agency-reviewer');
    assert.equal(account.agencyId, agencyId);
    assert.equal(account.disabled, false);
    assert.equal((account as unknown as Record<string, unknown>).passwordHash, undefined, 'no password hash leaves the server');
    const me = (await server.api('/api/auth/me', { cookie })).body as { user: UserProfile };
    assert.equal(me.user.agencyId, agencyId);
    const list = (await server.api('/api/admin/accounts', { cookie: admin.cookie })).body as { accounts: AdminAccount[] };
    assert.ok(list.accounts.some((listed) => listed.userId === account.userId), 'the list has the new account');
    assert.ok(list.accounts.every((listed) => !('passwordHash' in listed)), 'the list has no password hashes');
    const events = await server.audit({ action: 'admin.account-create', target: account.userId });
    assert.equal(events.length, 1);
    assert.equal(events[0]?.actor, admin.user.userId);
    assert.equal(JSON.stringify(events).includes(TEST_PASSWORD), false, 'the password is not in the audit trail');
  });

  describe('the account list a page at a time', () => {
    type Page = { accounts: AdminAccount[]; next?: string };
    const page = async (query: string, cookie = admin.cookie): Promise<Page> => {
      const result = await server.api(`/api/admin/accounts?${query}`, { cookie });
      assert.equal(result.status, 200, result.text);
      return result.body as Page;
    };
    // Usernames only this test has (a random stem), so other accounts in the store never fall between them.
    const stem = `t-pg-${randomBytes(4).toString('hex')}`;
    const names = ['0', '1', '2', '3', '4', '5', '6'].map((end) => `${stem}-${end}`);
    const make = (username: string) => ensureUser(server.running.store, { username, password: TEST_PASSWORD, displayName: `Halaman ${username}`, role: 'applicant' });
    before(async () => {
      for (const username of names) await make(username);
    });

    it('walks more accounts than a page with next, in username order, and an account made meanwhile does not shift the pages', async () => {
      const first = await page(`limit=3&prefix=${stem}`);
      assert.deepEqual(first.accounts.map((account) => account.username), names.slice(0, 3));
      assert.equal(first.next, names[3], 'next is the first username of the next page');
      assert.ok(first.accounts.every((account) => !('passwordHash' in account)), 'no password hashes');
      // One before the next page's start (it is not listed again later), one inside what is left (it is).
      await make(`${stem}-1a`);
      await make(`${stem}-4a`);
      const second = await page(`limit=3&prefix=${stem}&start=${first.next}`);
      const third = await page(`limit=3&prefix=${stem}&start=${second.next}`);
      assert.deepEqual([...second.accounts, ...third.accounts].map((account) => account.username), [names[3], names[4], `${stem}-4a`, names[5], names[6]]);
      assert.equal(third.next, undefined, 'the last page has no next');

      // Without a prefix a page starts at `start` and runs on through the store in the same order.
      const all = await page(`limit=4&start=${stem}-0`);
      assert.deepEqual(all.accounts.map((account) => account.username), [names[0], names[1], `${stem}-1a`, names[2]]);
      assert.equal(all.next, names[3]);
      const none = await page(`limit=5&prefix=${stem}-9`);
      assert.deepEqual(none, { accounts: [] }, 'a prefix nobody has: an empty last page');
    });

    it('refuses paging it cannot follow with 400 naming the parameter, in both languages', async () => {
      for (const [query, path] of [['limit=0', '/limit'], ['limit=201', '/limit'], ['limit=abc', '/limit'], ['limit=2.5', '/limit'], ['limit=1&limit=2', '/limit'],
        ['limit=3&start=Budi', '/start'], ['limit=3&start=', '/start'], [`limit=3&prefix=${'a'.repeat(41)}`, '/prefix'], ['prefix=a&prefix=b', '/prefix'],
        [`limit=3&prefix=${stem}&start=zz`, '/start']] as const) {
        const error = expectError(await server.api(`/api/admin/accounts?${query}`, { cookie: admin.cookie }), 400, 'invalid-paging');
        const named = error.problems?.find((found) => found.path === path);
        assert.ok(named && named.message.id && named.message.en && named.message.id !== named.message.en, `${query}: ${JSON.stringify(error.problems)}`);
      }
    });

    it('gives pages to administrators only', async () => {
      const reviewer = await server.freshSession('front-office');
      expectError(await server.api(`/api/admin/accounts?limit=3&prefix=${stem}`, { cookie: reviewer.cookie }), 403, 'forbidden');
      expectError(await server.api('/api/admin/accounts?limit=abc', { cookie: reviewer.cookie }), 403, 'forbidden');
      expectError(await server.api(`/api/admin/accounts?limit=3&prefix=${stem}`), 401, 'not-signed-in');
    });
  });

  it('refuses bad accounts naming each problem, and creates nothing', async () => {
    const base = { username: freshName('t-bad'), displayName: 'Akun Uji', role: 'front-office', password: TEST_PASSWORD };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ ...base, role: 'superuser' }, 400, 'invalid-input', '/role'],
      [{ ...base, username: 'Has Spaces' }, 400, 'invalid-input', '/username'],
      [{ ...base, username: 'constructor' }, 400, 'invalid-input', '/username'],
      [{ ...base, password: 'short' }, 400, 'invalid-input', '/password'],
      [{ ...base, password: 'password123' }, 400, 'invalid-input', '/password'],
      [{ ...base, password: `${base.username}-xyz` }, 400, 'invalid-input', '/password'],
      [{ ...base, agencyId }, 400, 'invalid-input', '/agencyId'],
      [{ ...base, role: 'agency-reviewer' }, 400, 'invalid-input', '/agencyId'],
      [{ ...base, role: 'agency-reviewer', agencyId: 'no-such-agency-x' }, 400, 'invalid-input', '/agencyId'],
      [{ ...base, role: 'agency-reviewer', agencyId: '__proto__' }, 400, 'invalid-input', '/agencyId'],
      [{ ...base, boothId: 'mps-01' }, 400, 'invalid-input', '/boothId'],
      [{ ...base, role: 'booth-staff', boothId: 'MPS 01' }, 400, 'invalid-input', '/boothId'],
      [{ ...base, isAdmin: true }, 400, 'invalid-input', '/isAdmin'],
      [{ ...base, displayName: '' }, 400, 'invalid-input', '/displayName'],
    ];
    for (const [body, status, code, path] of cases) {
      const error = expectError(await server.api('/api/admin/accounts', { cookie: admin.cookie, body }), status, code);
      assert.ok(error.problems?.some((found) => found.path === path), `${JSON.stringify(body)} names ${path}: ${JSON.stringify(error.problems)}`);
    }
    const proto = await server.api('/api/admin/accounts', { cookie: admin.cookie, rawBody: `{"__proto__":{"role":"admin"},"username":"${freshName('t-p')}"}` });
    expectError(proto, 400, 'invalid-input');
    const list = (await server.api('/api/admin/accounts', { cookie: admin.cookie })).body as { accounts: AdminAccount[] };
    assert.equal(list.accounts.some((account) => account.username === base.username), false, 'no account was created');
    const taken = await server.api('/api/admin/accounts', { cookie: admin.cookie, body: { ...base, username: admin.user.username } });
    expectError(taken, 409, 'username-taken');
  });

  it('changes role and agency, in effect at the account\'s next request', async () => {
    const { account, cookie } = await createReviewer();
    const changed = await patch(`/api/admin/accounts/${account.userId}`, { role: 'front-office' });
    assert.equal(changed.status, 200, changed.text);
    const updated = (changed.body as { account: AdminAccount }).account;
    assert.equal(updated.role, 'front-office');
    assert.equal(updated.agencyId, undefined, 'a front-office account has no agency');
    const me = (await server.api('/api/auth/me', { cookie })).body as { user: UserProfile };
    assert.equal(me.user.role, 'front-office', 'the next request already has the new role');
    assert.equal(me.user.agencyId, undefined);
    expectError(await patch(`/api/admin/accounts/${account.userId}`, { boothId: 'mps-02' }), 400, 'invalid-input');
    expectError(await patch(`/api/admin/accounts/${account.userId}`, {}), 400, 'invalid-input');
    expectError(await patch(`/api/admin/accounts/${account.userId}`, { role: 'agency-reviewer' }), 400, 'invalid-input');
    const back = await patch(`/api/admin/accounts/${account.userId}`, { role: 'agency-reviewer', agencyId, displayName: 'Nama Baru' });
    assert.equal(back.status, 200, back.text);
    const again = (await server.api('/api/auth/me', { cookie })).body as { user: UserProfile };
    assert.deepEqual([again.user.role, again.user.agencyId, again.user.displayName], ['agency-reviewer', agencyId, 'Nama Baru']);
    expectError(await patch('/api/admin/accounts/no-such-account', { displayName: 'X' }), 404, 'account-not-found');
    expectError(await patch('/api/admin/accounts/..%2F..%2Fsecret', { displayName: 'X' }), 404, 'account-not-found');
    assert.equal((await server.audit({ action: 'admin.account-update', target: account.userId })).length, 2);
  });

  it('disables an account: its session is refused at once and it cannot sign in; enabling it again lets it in', async () => {
    const { account, cookie } = await createReviewer();
    assert.equal((await patch(`/api/admin/accounts/${account.userId}`, { disabled: true })).status, 200);
    expectError(await server.api('/api/auth/me', { cookie }), 401, 'account-disabled');
    expectError(await server.api('/api/sync/applications/pull', { cookie }), 401, 'account-disabled');
    expectError(await signIn(account.username, TEST_PASSWORD), 403, 'account-disabled');
    assert.equal((await server.audit({ action: 'auth.login-refused', actor: account.userId })).length, 1, 'the refused sign-in is audited');
    expectError(await signIn(account.username, 'wrong-password-1'), 401, 'wrong-credentials');
    assert.equal((await patch(`/api/admin/accounts/${account.userId}`, { disabled: false })).status, 200);
    assert.equal((await server.api('/api/auth/me', { cookie })).status, 200, 'the old session works again once enabled');
    assert.equal((await signIn(account.username, TEST_PASSWORD)).status, 200);
  });

  it('signs an account out everywhere: every session it had ends, a new sign-in works', async () => {
    const { account, cookie } = await createReviewer();
    const second = sessionCookieFrom((await signIn(account.username, TEST_PASSWORD)).headers);
    assert.ok(second, 'a second device signs in');
    const ended = await server.api(`/api/admin/accounts/${account.userId}/sign-out-everywhere`, { cookie: admin.cookie, body: {} });
    assert.equal(ended.status, 200, ended.text);
    assert.ok((ended.body as { account: AdminAccount }).account.sessionsValidFrom, 'the account says since when');
    for (const old of [cookie, second]) expectError(await server.api('/api/auth/me', { cookie: old }), 401, 'session-ended');
    const fresh = sessionCookieFrom((await signIn(account.username, TEST_PASSWORD)).headers);
    assert.ok(fresh, 'signs in again');
    assert.equal((await server.api('/api/auth/me', { cookie: fresh })).status, 200);
    assert.equal((await server.audit({ action: 'admin.account-sign-out-everywhere', target: account.userId })).length, 1);
  });

  it('resets a password: the old one stops working and so do the sessions made with it', async () => {
    const { account, cookie } = await createReviewer();
    expectError(await server.api(`/api/admin/accounts/${account.userId}/password`, { cookie: admin.cookie, body: { password: 'abc' } }), 400, 'invalid-input');
    assert.equal((await server.api('/api/auth/me', { cookie })).status, 200, 'a refused reset changes nothing');
    const reset = await server.api(`/api/admin/accounts/${account.userId}/password`, { cookie: admin.cookie, body: { password: NEW_PASSWORD } });
    assert.equal(reset.status, 200, reset.text);
    expectError(await server.api('/api/auth/me', { cookie }), 401, 'session-ended');
    expectError(await signIn(account.username, TEST_PASSWORD), 401, 'wrong-credentials');
    assert.equal((await signIn(account.username, NEW_PASSWORD)).status, 200);
    const events = await server.audit({ action: 'admin.account-password-reset', target: account.userId });
    assert.equal(events.length, 1);
    assert.equal(JSON.stringify(events).includes(NEW_PASSWORD), false, 'the password is not in the audit trail');
  });

  it('keeps an administrator from locking themselves out', async () => {
    expectError(await patch(`/api/admin/accounts/${admin.user.userId}`, { disabled: true }), 409, 'own-account');
    expectError(await patch(`/api/admin/accounts/${admin.user.userId}`, { role: 'applicant' }), 409, 'own-account');
    assert.equal((await server.api('/api/auth/me', { cookie: admin.cookie })).status, 200);
  });

  it('manages agencies: create, rename, deactivate; GET /api/agencies lists the active ones to any account, the inactive ones apart', async () => {
    const id = freshName('tb');
    const created = await server.api('/api/admin/agencies', { cookie: admin.cookie, body: { id, name: { id: 'Badan Uji', en: 'Test Agency' } } });
    assert.equal(created.status, 201, created.text);
    expectError(await server.api('/api/admin/agencies', { cookie: admin.cookie, body: { id, name: { id: 'Lagi', en: 'Again' } } }), 409, 'agency-exists');
    for (const bad of [{ id: 'Dinas PUPR', name: { id: 'a', en: 'b' } }, { id: 'constructor', name: { id: 'a', en: 'b' } }, { id: freshName('tc') },
      { id: freshName('tc'), name: { id: 'a' } }, { id: freshName('tc'), name: { id: 'a', en: 'b' }, active: false }]) {
      expectError(await server.api('/api/admin/agencies', { cookie: admin.cookie, body: bad }), 400, 'invalid-input');
    }
    const renamed = await patch(`/api/admin/agencies/${id}`, { name: { id: 'Badan Uji Baru', en: 'New Test Agency' } });
    assert.equal((renamed.body as { agency: AdminAgency }).agency.name.en, 'New Test Agency');
    const applicant = await server.freshSession('applicant');
    const listed = (await server.api('/api/agencies', { cookie: applicant.cookie })).body as { agencies: AgencyInfo[] };
    assert.deepEqual(listed.agencies.find((agency) => agency.id === id), { id, name: { id: 'Badan Uji Baru', en: 'New Test Agency' } });
    assert.ok(listed.agencies.some((agency) => agency.id === 'bapenda'), 'the standard agencies are there');
    expectError(await server.api('/api/agencies'), 401, 'not-signed-in');
    const off = await patch(`/api/admin/agencies/${id}`, { active: false });
    assert.equal((off.body as { agency: AdminAgency }).agency.active, false);
    const after = (await server.api('/api/agencies', { cookie: applicant.cookie })).body as AgencyList;
    assert.equal(after.agencies.some((agency) => agency.id === id), false, 'an inactive agency is not offered (apps installed before read only this)');
    // Still named, so an application routed to it before shows its name; not among the choices.
    assert.deepEqual(after.inactiveAgencies?.find((agency) => agency.id === id), { id, name: { id: 'Badan Uji Baru', en: 'New Test Agency' } });
    assert.equal(after.inactiveAgencies?.some((agency) => agency.id === 'bapenda'), false, 'an active agency is only in agencies');
    assert.equal(after.agencies.some((agency) => 'active' in agency || 'createdAt' in agency), false, 'only ids and names');
    const all = (await server.api('/api/admin/agencies', { cookie: admin.cookie })).body as { agencies: AdminAgency[] };
    assert.equal(all.agencies.find((agency) => agency.id === id)?.active, false, 'the administrator still sees it');
    // No new reviewer for an inactive agency.
    const reviewer = { username: freshName('t-rev'), displayName: 'X', role: 'agency-reviewer', agencyId: id, password: TEST_PASSWORD };
    expectError(await server.api('/api/admin/accounts', { cookie: admin.cookie, body: reviewer }), 400, 'invalid-input');
    expectError(await patch('/api/admin/agencies/no-such-agency-y', { active: true }), 404, 'agency-not-found');
    expectError(await patch(`/api/admin/agencies/${id}`, { active: 'no' }), 400, 'invalid-input');
    assert.equal((await server.audit({ action: 'admin.agency-update', target: `agency:${id}` })).length, 2);
  });

  it('refuses to deactivate an agency the newest catalog routes applications to', async () => {
    const error = expectError(await patch('/api/admin/agencies/bapenda', { active: false }), 409, 'agency-in-catalog');
    assert.match(error.message.en, /izin-reklame/);
    const listed = (await server.api('/api/agencies', { cookie: admin.cookie })).body as { agencies: AgencyInfo[] };
    assert.ok(listed.agencies.some((agency) => agency.id === 'bapenda'), 'still active');
  });

  it('ends the session on the server at sign-out: a copy of the cookie stops working', async () => {
    const { cookie } = await createReviewer();
    const out = await server.api('/api/auth/logout', { cookie, body: {} });
    assert.equal(out.status, 200);
    expectError(await server.api('/api/auth/me', { cookie }), 401, 'session-ended');
    const error = errorBody(await server.api('/api/sync/applications/pull', { cookie }));
    assert.equal(error.code, 'session-ended');
  });
});

describe('publishing a catalog names known agencies', () => {
  let server: TestServer;
  before(async () => {
    // Its own embedded store: a published version number is taken for good (see catalog-admin.test.ts).
    server = await startTestServer({ couchUrl: undefined });
  });
  after(() => server.close());

  it('refuses a permit type without agencies or with an unknown one, naming where', async () => {
    const admin = await server.freshSession('admin');
    const latest = (await server.api('/api/catalog')).body as PermitCatalog;
    const next = (change: (catalog: PermitCatalog) => void): PermitCatalog => {
      const catalog = structuredClone(latest);
      catalog.version = latest.version + 1;
      change(catalog);
      return catalog;
    };
    const unknown = next((catalog) => {
      catalog.permitTypes[1]!.reviewAgencyIds = ['dinas-pupr', 'no-such-agency'];
    });
    const error = expectError(await server.api('/api/catalog', { cookie: admin.cookie, body: unknown }), 400, 'invalid-input');
    assert.ok(error.problems?.some((found) => found.path === '/permitTypes/1/reviewAgencyIds' && found.message.en.includes('no-such-agency')), JSON.stringify(error.problems));
    const none = next((catalog) => {
      delete catalog.permitTypes[0]!.reviewAgencyIds;
    });
    expectError(await server.api('/api/catalog', { cookie: admin.cookie, body: none }), 400, 'invalid-input');
    const fine = next((catalog) => {
      catalog.permitTypes[0]!.reviewAgencyIds = ['bapenda'];
    });
    assert.equal((await server.api('/api/catalog', { cookie: admin.cookie, body: fine })).status, 201);
  });
});
