import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { SESSION_DAYS, SessionSigner, type SessionClaims } from '../../sync-server/auth/sessions.js';

const claims = { sid: 'c2Vzc2lvbi1pZC1mb3ItdGVzdA', userId: '6f1c2a52-0000-4000-8000-000000000001', username: 'pemohon1' } as const;
const NOW = Date.UTC(2026, 10, 1, 8, 0, 0);
const DAY_MS = 86_400_000;

function reencode(payload: string, change: (claims: SessionClaims) => SessionClaims): string {
  const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
  return Buffer.from(JSON.stringify(change(decoded))).toString('base64url');
}

describe('SessionSigner', () => {
  const signer = new SessionSigner(randomBytes(32));

  it('round-trips the claims and sets the expiry SESSION_DAYS ahead', () => {
    const token = signer.sign(claims, NOW);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'cookie-safe characters only');
    const verified = signer.verify(token, NOW);
    assert.ok(verified, 'a fresh token verifies');
    assert.equal(verified.userId, claims.userId);
    assert.equal(verified.username, claims.username);
    assert.equal(verified.sid, claims.sid);
    assert.equal(verified.exp, Math.floor(NOW / 1000) + SESSION_DAYS * 86_400);
  });

  it('accepts the token until it expires and rejects it afterwards', () => {
    const token = signer.sign(claims, NOW);
    assert.ok(signer.verify(token, NOW + (SESSION_DAYS - 1) * DAY_MS), 'still valid a day before expiry');
    assert.ok(signer.verify(token, NOW + SESSION_DAYS * DAY_MS), 'still valid at the exact expiry second');
    assert.equal(signer.verify(token, NOW + SESSION_DAYS * DAY_MS + 1_000), null);
    assert.equal(signer.verify(token, NOW + 365 * DAY_MS), null);
  });

  it('rejects a tampered payload that keeps the old signature', () => {
    const [payload, mac] = signer.sign(claims, NOW).split('.');
    assert.ok(payload && mac, 'the token has a payload and a signature');
    const otherUser = reencode(payload, (c) => ({ ...c, userId: 'someone-else' }));
    const longerLife = reencode(payload, (c) => ({ ...c, exp: c.exp + 10 * 365 * 86_400 }));
    const otherSession = reencode(payload, (c) => ({ ...c, sid: 'another-session-id-123' }));
    for (const forged of [otherUser, longerLife, otherSession]) assert.equal(signer.verify(`${forged}.${mac}`, NOW), null);
    const flipped = `${payload.slice(0, -1)}${payload.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(signer.verify(`${flipped}.${mac}`, NOW), null);
  });

  it('rejects a tampered, truncated, missing or extended signature', () => {
    const [payload, mac] = signer.sign(claims, NOW).split('.');
    assert.ok(payload && mac, 'the token has a payload and a signature');
    const flipped = `${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    for (const bad of [flipped, mac.slice(0, -1), `${mac}A`, '']) {
      assert.equal(signer.verify(`${payload}.${bad}`, NOW), null, bad);
    }
    assert.equal(signer.verify(payload, NOW), null, 'no dot at all');
  });

  it('rejects a token signed with another secret', () => {
    const other = new SessionSigner(randomBytes(32));
    assert.equal(signer.verify(other.sign(claims, NOW), NOW), null);
  });

  it('rejects an oversized token even when its signature is right', () => {
    const big = signer.sign({ ...claims, username: 'x'.repeat(2000) }, NOW);
    assert.ok(big.length > 2048, 'the token is over the 2048-character limit');
    assert.equal(signer.verify(big, NOW), null);
    const fits = signer.sign({ ...claims, username: 'x'.repeat(1000) }, NOW);
    assert.ok(fits.length <= 2048, 'the token fits in 2048 characters');
    assert.ok(signer.verify(fits, NOW), 'a token within the limit verifies');
  });

  it('rejects empty and non-token input', () => {
    for (const token of [undefined, '', '.', 'a.b', 'not a token', '..']) assert.equal(signer.verify(token, NOW), null, String(token));
  });

  it('rejects a correctly signed payload that is not JSON or lacks required claims', () => {
    // The MAC is HMAC-SHA256 of the payload with the secret: with a known secret we can sign any payload.
    const secret = randomBytes(32);
    const known = new SessionSigner(secret);
    const macOf = (payload: string): string => createHmac('sha256', secret).update(payload).digest('base64url');
    const encode = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
    const later = NOW / 1000 + 100;
    const good = encode({ sid: 'a-session-id-0123', userId: 'u', username: 'x', exp: later });
    assert.ok(known.verify(`${good}.${macOf(good)}`, NOW), 'the hand-made MAC matches the signer');
    const cases = [
      encode('not json'),
      encode(null),
      encode({ sid: 'a-session-id-0123', userId: 'u', username: 'x' }),
      encode({ sid: 'a-session-id-0123', userId: 'u', username: 'x', exp: String(later) }),
      encode({ sid: 'a-session-id-0123', userId: 5, username: 'x', exp: later }),
      encode({ sid: 'a-session-id-0123', userId: 'u', exp: later }),
      // A cookie from before sessions were documents (no sid), or with a malformed one.
      encode({ userId: 'u', username: 'x', role: 'applicant', exp: later }),
      encode({ sid: 'short', userId: 'u', username: 'x', exp: later }),
      encode({ sid: 'has spaces in it ok?', userId: 'u', username: 'x', exp: later }),
    ];
    for (const payload of cases) assert.equal(known.verify(`${payload}.${macOf(payload)}`, NOW), null, payload);
  });
});
