/**
 * What a password given by an administrator (or to the first administrator) must be. Length is
 * what resists guessing; the list refuses the few that every guesser tries first. Demo accounts
 * are made directly and never pass through here.
 */
import type { LocalizedText } from '../../common/catalog.js';
import { MIN_PASSWORD_LENGTH } from '../../common/admin-protocol.js';

const MAX_PASSWORD_LENGTH = 200;

const COMMON = new Set([
  'password', 'password1', 'password123', 'katasandi', 'katasandi123', 'rahasia', 'rahasia123', 'qwertyuiop', 'asdfghjkl',
  '1234567890', '0123456789', '12345678910', 'admin12345', 'administrator', 'indonesia', 'indonesia123', 'bismillah', 'bismillah123',
  'ptsp12345', 'pelayanan', 'iloveyou', 'demo12345',
]);

/** Why the password is refused (empty when it is fine). */
export function passwordProblem(password: string, username?: string): LocalizedText | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { id: `kata sandi terlalu pendek (paling sedikit ${MIN_PASSWORD_LENGTH} karakter)`, en: `the password is too short (at least ${MIN_PASSWORD_LENGTH} characters)` };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { id: `kata sandi terlalu panjang (paling banyak ${MAX_PASSWORD_LENGTH} karakter)`, en: `the password is too long (at most ${MAX_PASSWORD_LENGTH} characters)` };
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size < 4) {
    return { id: 'kata sandi terlalu mudah ditebak; pilih yang lain', en: 'the password is too easy to guess; choose another' };
  }
  if (username && lower.includes(username.toLowerCase())) {
    return { id: 'kata sandi tidak boleh memuat nama pengguna', en: 'the password must not contain the username' };
  }
  return undefined;
}
