/**
 * Starts and stops the embedded store process (see embedded-store-process.ts), and starts it again
 * if it dies: PouchDB Server can be killed by a single malformed request (stack-notes), and a booth
 * laptop must not need a person to notice and restart everything.
 *
 * The store has credentials of its own, made on first start and kept in the store's folder in a
 * file only its owner can read: without them any local process on a shared booth laptop could read
 * the session secret, every password hash and every NIK, and forge an administrator's cookie.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from './log.js';

export interface EmbeddedStore {
  /** `http://<user>:<password>@127.0.0.1:<port>`: nano and the change feed take the credentials from it. */
  url: string;
  /** The store process now running (tests kill it to check the restart). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const MAX_RESTART_DELAY_MS = 30_000;

export const CREDENTIALS_FILE = 'credentials.json';

export interface StoreCredentials {
  username: string;
  password: string;
}

/**
 * The store's credentials, made on first start. The folder is made 0700 and the file 0600 (and
 * set so again on every start, in case a copy or an unpacked backup loosened them).
 */
export function storeCredentials(storeDir: string): StoreCredentials {
  fs.mkdirSync(storeDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(storeDir, 0o700);
  const file = path.join(storeDir, CREDENTIALS_FILE);
  const made: StoreCredentials = { username: 'ptsp-sync', password: randomBytes(24).toString('base64url') };
  try {
    // 'wx': two starts racing on one folder agree on the first file written.
    fs.writeFileSync(file, `${JSON.stringify(made)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fs.chmodSync(file, 0o600);
  const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StoreCredentials>;
  if (typeof stored.username !== 'string' || !/^[A-Za-z0-9_-]+$/.test(stored.username)
    || typeof stored.password !== 'string' || !/^[A-Za-z0-9_-]{16,}$/.test(stored.password)) {
    throw new Error(`${file} does not hold the store's credentials; remove it to make new ones`);
  }
  return { username: stored.username, password: stored.password };
}

function launch(storeDir: string, port: number): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(here, 'embedded-store-process.ts'), [], {
    env: { ...process.env, STORE_DIR: storeDir, STORE_PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('embedded store did not start within 30 s'));
    }, 30_000);
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      const listening = (message as { port?: unknown }).port;
      if (typeof listening === 'number') resolve({ child, port: listening });
      else reject(new Error('embedded store sent no port'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded store exited with code ${code} while starting`));
    });
  });
}

export async function startEmbeddedStore(storeDir: string, port = 0): Promise<EmbeddedStore> {
  const credentials = storeCredentials(storeDir);
  const first = await launch(storeDir, port);
  let child = first.child;
  let stopping = false;

  const restart = async (attempt: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** attempt)));
    if (stopping) return;
    try {
      // The same port: the sync server keeps its URL, and requests resume when the store is back.
      child = (await launch(storeDir, first.port)).child;
      watch(child);
      log.warn({ event: 'store-restarted' }, 'embedded store restarted');
    } catch (error) {
      log.warn({ event: 'store-restart-failed', reason: (error as Error).message }, 'embedded store restart failed');
      await restart(attempt + 1);
    }
  };
  const watch = (running: ChildProcess): void => {
    running.once('exit', (code, signal) => {
      if (stopping) return;
      log.warn({ event: 'store-exited', exit: signal ?? code }, 'embedded store exited; restarting');
      void restart(0);
    });
  };
  watch(child);

  return {
    url: `http://${credentials.username}:${credentials.password}@127.0.0.1:${first.port}`,
    get pid() {
      return child.pid;
    },
    stop: () => new Promise<void>((resolve) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
