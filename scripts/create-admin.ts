/**
 * Creates the first administrator of a real deployment (DEMO_DATA=0 has no accounts at all):
 *
 *   npm run create-admin -- --username rina --display-name "Rina Wulandari"
 *
 * The password comes from PTSP_ADMIN_PASSWORD or is asked on the terminal (twice, not shown). The
 * store is the CouchDB at COUCHDB_URL, or else the embedded store under DATA_DIR (default .data),
 * which must not be in use by a running server then (stop it first). Refuses a weak password and
 * a username that exists; nothing is changed then. Exit code 0 when created, 1 when refused, 2 on
 * wrong usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { recordAudit } from '../sync-server/audit.js';
import { passwordProblem } from '../sync-server/auth/password-policy.js';
import { startEmbeddedStore, type EmbeddedStore } from '../sync-server/embedded-store.js';
import { connectStore, prepareStore } from '../sync-server/store.js';
import { createUser, USERNAME_PATTERN } from '../sync-server/users.js';
import { PROTOTYPE_NAMES } from '../sync-server/validation.js';

class Refusal extends Error {
  constructor(readonly id: string, readonly en: string, readonly exitCode = 1) {
    super(en);
  }
}

const USAGE = 'npm run create-admin -- --username NAME --display-name "FULL NAME"';

/** What was typed after an Enter and before the next question (a pasted "password, Enter, password, Enter"). */
let typedAhead = '';

/**
 * Reads a line from the terminal without showing it. The terminal stays raw (no echo) from before
 * the first question until `showTyping()`: text typed or pasted in the moment between writing a
 * question and switching echo off, or between the two questions, would otherwise appear on screen.
 */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(new Refusal('Tidak ada terminal untuk menanyakan kata sandi: setel PTSP_ADMIN_PASSWORD.',
      'No terminal to ask for the password on: set PTSP_ADMIN_PASSWORD.', 2));
  }
  stdin.setRawMode(true);
  process.stdout.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.pause();
      process.stdout.write('\n');
    };
    const onData = (chunk: string): void => {
      for (let index = 0; index < chunk.length; index++) {
        const character = chunk[index] ?? '';
        if (character === '\r' || character === '\n') {
          typedAhead = chunk.slice(index + 1).replace(/^\n/, '');
          finish();
          resolve(value);
          return;
        }
        if (character === '\u0003' || character === '\u0004') {
          finish();
          reject(new Refusal('Dibatalkan.', 'Cancelled.', 2));
          return;
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
    if (typedAhead) {
      const ahead = typedAhead;
      typedAhead = '';
      onData(ahead);
    }
  });
}

/** Gives the terminal its echo back once no more questions follow. */
function showTyping(): void {
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
}

async function password(username: string): Promise<string> {
  const given = process.env.PTSP_ADMIN_PASSWORD;
  try {
    const chosen = given ?? await askHidden('Kata sandi / Password: ');
    const weak = passwordProblem(chosen, username);
    if (weak) throw new Refusal(`Kata sandi ditolak: ${weak.id}.`, `Password refused: ${weak.en}.`);
    if (given === undefined && await askHidden('Ulangi kata sandi / Repeat the password: ') !== chosen) {
      throw new Refusal('Kedua kata sandi tidak sama.', 'The two passwords differ.');
    }
    return chosen;
  } finally {
    if (given === undefined) showTyping();
  }
}

async function main(): Promise<void> {
  let values: { username?: string | undefined; 'display-name'?: string | undefined };
  try {
    ({ values } = parseArgs({ options: { username: { type: 'string' }, 'display-name': { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new Refusal(`${(error as Error).message}\nPemakaian: ${USAGE}`, `${(error as Error).message}\nUsage: ${USAGE}`, 2);
  }
  const username = values.username?.trim().toLowerCase();
  const displayName = values['display-name']?.trim();
  if (!username || !displayName) throw new Refusal(`Pemakaian: ${USAGE}`, `Usage: ${USAGE}`, 2);
  if (!USERNAME_PATTERN.test(username) || PROTOTYPE_NAMES.includes(username)) {
    throw new Refusal('Nama pengguna 3-40 karakter: huruf kecil, angka, titik, garis bawah, tanda minus.',
      'A username has 3-40 characters: lower-case letters, digits, dot, underscore, dash.');
  }
  if (displayName.length > 120) throw new Refusal('Nama tampilan paling banyak 120 karakter.', 'A display name has at most 120 characters.');
  const chosen = await password(username);

  const couchUrl = process.env.COUCHDB_URL || undefined;
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  let embedded: EmbeddedStore | undefined;
  try {
    if (!couchUrl) embedded = await startEmbeddedStore(path.join(dataDir, 'store'));
    const store = connectStore(couchUrl ?? embedded?.url ?? '');
    await prepareStore(store);
    const user = await createUser(store, { username, displayName, role: 'admin', password: chosen });
    if (!user) throw new Refusal(`Nama pengguna "${username}" sudah ada; tidak ada yang diubah.`, `The username "${username}" already exists; nothing was changed.`);
    await recordAudit(store, [{ actor: 'create-admin', action: 'admin.account-create', target: user.userId, details: { username, role: 'admin', via: 'create-admin' } }]);
    process.stdout.write(`Administrator dibuat / Administrator created: ${username} (${displayName}) in ${couchUrl ? 'COUCHDB_URL' : `${dataDir}/store`}\n`);
  } finally {
    await embedded?.stop();
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  if (error instanceof Refusal) {
    process.stderr.write(`${error.id}\n${error.en}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`create-admin failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
