import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EXPECTED_USER_HEADER, type UserProfile } from '../../common/sync-protocol.js';
import { SessionSigner } from '../../sync-server/auth/sessions.js';
import { DEMO_PASSWORD } from '../../sync-server/demo-data.js';
import { draft, errorBody, expectError, sessionCookieFrom, startTestServer, type TestServer } from './helpers.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

describe('sign-in', () => {

  it('refuses a wrong password with 401, a bilingual message and no cookie', async () => {
    const result = await server.api('/api/auth/login', { body: { username: 'pemohon1', password: 'salah-sekali' } });
    const error = expectError(result, 401, 'wrong-credentials');
    assert.match(error.message.id, /salah/);
    assert.match(error.message.en, /Wrong username or password/);
    assert.equal(sessionCookieFrom(result.headers), undefined);
    assert.deepEqual(result.headers.getSetCookie(), []);
  });

  it('refuses an unknown user with the same 401 answer as a wrong password', async () => {
    const unknown = await server.api('/api/auth/login', { body: { username: 'tidak-ada-orangnya', password: DEMO_PASSWORD } });
    const wrong = await server.api('/api/auth/login', { body: { username: 'pemohon1', password: 'salah-sekali' } });
    expectError(unknown, 401, 'wrong-credentials');
    assert.deepEqual(unknown.body, wrong.body, 'the answer does not tell which usernames exist');
    assert.deepEqual(unknown.headers.getSetCookie(), []);
    expectError(await server.api('/api/auth/login', { body: { username: 'Not A Valid Name!', password: 'x' } }), 401, 'wrong-credentials');
  });

  it('rejects a malformed sign-in request with 400', async () => {
    const result = await server.api('/api/auth/login', { body: { username: 'pemohon1' } });
    const error = expectError(result, 400, 'invalid-input');
    assert.ok(error.problems?.some((problem) => problem.message.en.includes('password')), 'a problem mentions the missing password');
    expectError(await server.api('/api/auth/login', { method: 'POST', contentType: 'application/json', rawBody: '' }), 400, 'invalid-input');
  });

  it('signs in with the right password and sets an httpOnly, SameSite=Strict session cookie for /api', async () => {
    const result = await server.api('/api/auth/login', { body: { username: 'pemohon1', password: DEMO_PASSWORD } });
    assert.equal(result.status, 200);
    const user = (result.body as { user: UserProfile }).user;
    assert.equal(user.username, 'pemohon1');
    assert.equal(user.role, 'applicant');
    assert.equal(user.displayName, 'Siti Rahayu');
    assert.match(user.userId, /^[0-9a-f-]{36}$/);
    assert.ok(!('passwordHash' in user), 'the hash never leaves the server');
    const [setCookie, ...others] = result.headers.getSetCookie();
    assert.equal(others.length, 0);
    assert.ok(setCookie, 'sign-in sets the session cookie');
    assert.match(setCookie, /^ptsp_session=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+;/);
    assert.match(setCookie, /;\s*HttpOnly/i);
    assert.match(setCookie, /;\s*SameSite=Strict/i);
    assert.match(setCookie, /;\s*Path=\/api(;|$)/);
    assert.match(setCookie, /;\s*Max-Age=\d+/i);
  });

  it('accepts the username in another case and with surrounding spaces', async () => {
    const result = await server.api('/api/auth/login', { body: { username: '  PemOhon2 ', password: DEMO_PASSWORD } });
    assert.equal(result.status, 200);
    assert.equal((result.body as { user: UserProfile }).user.username, 'pemohon2');
  });

  it('records successful and failed sign-ins in the audit trail', async () => {
    const { user } = await server.session('petugas1');
    await server.api('/api/auth/login', { body: { username: 'petugas1', password: 'salah-lagi' } });
    const logins = await server.audit({ actor: user.userId, action: 'auth.login' });
    assert.ok(logins.length >= 1, 'the sign-in is in the audit trail');
    assert.ok(logins.every((event) => event.type === 'audit' && !Number.isNaN(Date.parse(event.at))),
      'every sign-in event is an audit event with a valid time');
    const failures = await server.audit({ action: 'auth.login-failed', 'details.username': 'petugas1' });
    assert.ok(failures.length >= 1, 'the failed sign-in is in the audit trail');
    assert.ok(failures.every((event) => !JSON.stringify(event).includes('salah-lagi')), 'the password is never recorded');
  });
});

describe('sessions', () => {

  it('/api/auth/me answers the profile with a session and 401 without', async () => {
    const { cookie, user } = await server.session('pemohon1');
    const me = await server.api('/api/auth/me', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual((me.body as { user: UserProfile }).user, user);
    expectError(await server.api('/api/auth/me'), 401, 'not-signed-in');
    expectError(await server.api('/api/auth/me', { cookie: 'other=1' }), 401, 'not-signed-in');
  });

  it('refuses a tampered cookie', async () => {
    const cookie = await server.signIn('pemohon1');
    const token = cookie.slice('ptsp_session='.length);
    const [payload, mac] = token.split('.');
    assert.ok(payload && mac, 'the token has a payload and a signature');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, username: 'pemohon2' })).toString('base64url');
    const tampered = [
      `ptsp_session=${otherPayload}.${mac}`,
      `ptsp_session=${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`,
      `ptsp_session=${payload}`,
      `ptsp_session=${payload}.`,
      'ptsp_session=',
      `ptsp_session=${'a'.repeat(3000)}.${mac}`,
    ];
    for (const forged of tampered) {
      expectError(await server.api('/api/auth/me', { cookie: forged }), 401, 'not-signed-in');
      expectError(await server.api('/api/sync/applications/pull', { cookie: forged }), 401, 'not-signed-in');
    }
  });

  it('answers a cookie that is not even URL-encoded text with 401, not a server error', async () => {
    for (const cookie of ['ptsp_session=%E0%A4%A', 'ptsp_session=%', 'ptsp_session=%zz.%']) {
      expectError(await server.api('/api/auth/me', { cookie }), 401, 'not-signed-in');
      expectError(await server.api('/api/sync/applications/pull', { cookie }), 401, 'not-signed-in');
    }
  });

  it('refuses sync when the cookie names another account than the device expects', async () => {
    const siti = await server.session('pemohon1');
    const budi = await server.session('pemohon2');
    const headers = { [EXPECTED_USER_HEADER]: budi.user.userId };
    expectError(await server.api('/api/sync/applications/pull', { cookie: siti.cookie, headers }), 401, 'session-user-mismatch');
    const push = await server.api('/api/sync/applications/push', { cookie: siti.cookie, headers, body: { rows: [{ newDocumentState: draft(budi.user.userId) }] } });
    expectError(push, 401, 'session-user-mismatch');
    expectError(await server.api(`/api/sync/applications/stream?user=${budi.user.userId}`, { cookie: siti.cookie }), 401, 'session-user-mismatch');
    const matching = await server.api('/api/sync/applications/pull', { cookie: budi.cookie, headers });
    assert.equal(matching.status, 200);
  });

  it('refuses a cookie forged with another secret', async () => {
    const { user } = await server.session('pemohon1');
    const forger = new SessionSigner(randomBytes(32));
    const forged = `ptsp_session=${forger.sign({ sid: 'a-forged-session-id-0001', userId: user.userId, username: user.username })}`;
    expectError(await server.api('/api/auth/me', { cookie: forged }), 401, 'not-signed-in');
    expectError(await server.api('/api/sync/applications/push', { cookie: forged, body: { rows: [{ newDocumentState: draft(user.userId) }] } }),
      401, 'not-signed-in');
  });

  it('refuses pull, push and stream without a session', async () => {
    expectError(await server.api('/api/sync/applications/pull'), 401, 'not-signed-in');
    expectError(await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: draft('someone') }] } }), 401, 'not-signed-in');
    const stream = await server.api('/api/sync/applications/stream');
    expectError(stream, 401, 'not-signed-in');
    assert.match(stream.headers.get('content-type') ?? '', /application\/json/);
  });

  it('signs out by clearing the cookie', async () => {
    const result = await server.api('/api/auth/logout', { body: {} });
    assert.equal(result.status, 200);
    const [setCookie] = result.headers.getSetCookie();
    assert.ok(setCookie, 'sign-out sets a cookie that clears the session');
    assert.match(setCookie, /^ptsp_session=;/);
    assert.match(setCookie, /Expires=Thu, 01 Jan 1970/);
    assert.ok(errorBody(await server.api('/api/auth/me', { cookie: 'ptsp_session=' })), 'an empty session cookie is refused with an error');
  });
});
