import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../sync-server/auth/passwords.js';

describe('password hashing', () => {
  it('hashes to a self-describing scrypt string that verifies', async () => {
    const stored = await hashPassword('demo12345');
    const parts = stored.split('$');
    assert.equal(parts.length, 6);
    assert.deepEqual(parts.slice(0, 4), ['scrypt', '16384', '8', '1']);
    assert.equal(Buffer.from(parts[4] ?? '', 'base64').length, 16, '16-byte salt');
    assert.equal(Buffer.from(parts[5] ?? '', 'base64').length, 32, '32-byte key');
    assert.equal(await verifyPassword('demo12345', stored), true);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('same', a), true);
    assert.equal(await verifyPassword('same', b), true);
  });

  it('rejects a wrong password, a different case, a prefix and an empty password', async () => {
    const stored = await hashPassword('Rahasia-123');
    for (const wrong of ['rahasia-123', 'Rahasia-12', 'Rahasia-1234', '', ' Rahasia-123']) {
      assert.equal(await verifyPassword(wrong, stored), false, JSON.stringify(wrong));
    }
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('kata sandi rahasia ✓ é');
    assert.equal(await verifyPassword('kata sandi rahasia ✓ é', stored), true);
    assert.equal(await verifyPassword('kata sandi rahasia ✓ e', stored), false);
  });

  it('answers false for stored hashes of another scheme or with missing parts', async () => {
    const stored = await hashPassword('pw');
    const [, n, r, p, salt, key] = stored.split('$');
    const malformed = [
      '',
      'garbage',
      'scrypt',
      'scrypt$$$$$',
      `bcrypt$${n}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      `scrypt$${n}$${r}$${p}$$${key}`,
      `SCRYPT$${n}$${r}$${p}$${salt}$${key}`,
    ];
    for (const candidate of malformed) assert.equal(await verifyPassword('pw', candidate), false, JSON.stringify(candidate));
  });

  it('answers false, never true and never an exception, for damaged cost parameters or an empty key', async () => {
    const stored = await hashPassword('pw');
    const [, n, r, p, salt, key] = stored.split('$');
    const damaged = [
      `scrypt$${n}$${r}$${p}$${salt}$!!!!`,
      `scrypt$${n}$${r}$${p}$${salt}$=`,
      `scrypt$abc$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 30}$${r}$${p}$${salt}$${key}`,
      `scrypt$${n}$0$${p}$${salt}$${key}`,
      `scrypt$${n}$${r}$-1$${salt}$${key}`,
      `scrypt$${n}$${r}$${p}$AA==$${key}`,
      `${stored}$extra`,
    ];
    for (const candidate of damaged) {
      for (const password of ['pw', '', 'anything']) assert.equal(await verifyPassword(password, candidate), false, candidate);
    }
  });

  it('answers false when the stored key or salt was altered', async () => {
    const stored = await hashPassword('pw');
    const parts = stored.split('$');
    const flip = (text: string): string => {
      const bytes = Buffer.from(text, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      return bytes.toString('base64');
    };
    const alteredKey = [...parts.slice(0, 5), flip(parts[5] ?? '')].join('$');
    const alteredSalt = [...parts.slice(0, 4), flip(parts[4] ?? ''), parts[5]].join('$');
    assert.equal(await verifyPassword('pw', alteredKey), false);
    assert.equal(await verifyPassword('pw', alteredSalt), false);
  });

  it('verifies against the dummy hash without error, and never successfully', async () => {
    for (const password of ['', 'demo12345', 'password']) assert.equal(await verifyPassword(password, DUMMY_HASH), false);
  });
});
