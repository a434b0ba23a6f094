import { expect } from '@open-wc/testing';
import { currentUser, signIn, SignInError, signOut } from '../../client/data/session.js';

/** Replaces fetch for one test: the sign-in code must work the same with a real server or none. */
function stubFetch(answer: (url: string, init?: RequestInit) => Promise<Response>): () => void {
  const original = window.fetch;
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => answer(String(input), init)) as typeof fetch;
  return () => {
    window.fetch = original;
  };
}

const offline = () => Promise.reject(new TypeError('Failed to fetch'));

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SignInError) return error.reason;
    throw error;
  }
  throw new Error('expected the sign-in to fail');
}

describe('session (sign-in online and offline)', () => {
  it('refuses an offline sign-in for an account never signed in on this device', async () => {
    const restore = stubFetch(offline);
    try {
      expect(await failure(signIn('never-here', 'whatever'))).to.equal('offline-unknown-user');
    } finally {
      restore();
    }
  });

  it('signs in offline with the local verifier after one online sign-in, and refuses a wrong password', async () => {
    const username = `u${Date.now()}`;
    const profile = { userId: crypto.randomUUID(), username, displayName: 'Siti', role: 'applicant' };
    let restore = stubFetch(async (url, init) => {
      expect(url).to.equal('/api/auth/login');
      expect(JSON.parse(String(init?.body))).to.deep.equal({ username, password: 'rahasia-123' });
      return new Response(JSON.stringify({ user: profile }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    try {
      expect(await signIn(` ${username.toUpperCase()} `, 'rahasia-123')).to.deep.equal(profile);
    } finally {
      restore();
    }
    restore = stubFetch(offline);
    try {
      await signOut();
      expect(await currentUser()).to.equal(null);
      expect(await failure(signIn(username, 'salah'))).to.equal('offline-wrong-password');
      expect(await signIn(username, 'rahasia-123')).to.deep.equal(profile);
      expect(await currentUser()).to.deep.equal(profile);
    } finally {
      restore();
    }
  });

  it('signs in on the device when the server is up but cannot answer (its store is down)', async () => {
    const username = `s${Date.now()}`;
    const profile = { userId: crypto.randomUUID(), username, displayName: 'Dewi', role: 'booth-staff' };
    let restore = stubFetch(async () => new Response(JSON.stringify({ user: profile }), { status: 200, headers: { 'content-type': 'application/json' } }));
    try {
      await signIn(username, 'rahasia-456');
    } finally {
      restore();
    }
    restore = stubFetch(async () => new Response(JSON.stringify({
      error: { code: 'internal', message: { id: 'Terjadi kesalahan di server.', en: 'Something went wrong on the server.' } },
    }), { status: 503, headers: { 'content-type': 'application/json' } }));
    try {
      await signOut();
      expect(await signIn(username, 'rahasia-456')).to.deep.equal(profile);
      expect(await failure(signIn(username, 'salah'))).to.equal('offline-wrong-password');
    } finally {
      restore();
    }
  });

  it('does not fall back to the device when the server says the password is wrong', async () => {
    const restore = stubFetch(async () => new Response(JSON.stringify({
      error: { code: 'wrong-credentials', message: { id: 'Nama pengguna atau kata sandi salah.', en: 'Wrong username or password.' } },
    }), { status: 401, headers: { 'content-type': 'application/json' } }));
    try {
      expect(await failure(signIn('siapa', 'salah'))).to.equal('wrong-credentials');
    } finally {
      restore();
    }
  });

  it('asks for both fields', async () => {
    expect(await failure(signIn('', ''))).to.equal('missing');
  });
});
