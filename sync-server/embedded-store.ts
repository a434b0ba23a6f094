/**
 * Starts and stops the embedded store process (see embedded-store-process.ts), and starts it again
 * if it dies: PouchDB Server can be killed by a single malformed request (stack-notes), and a booth
 * laptop must not need a person to notice and restart everything.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EmbeddedStore {
  url: string;
  /** The store process now running (tests kill it to check the restart). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const MAX_RESTART_DELAY_MS = 30_000;

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
      console.warn('embedded store restarted');
    } catch (error) {
      console.warn(`embedded store restart failed: ${(error as Error).message}`);
      await restart(attempt + 1);
    }
  };
  const watch = (running: ChildProcess): void => {
    running.once('exit', (code, signal) => {
      if (stopping) return;
      console.warn(`embedded store exited (${signal ?? code}); restarting`);
      void restart(0);
    });
  };
  watch(child);

  return {
    url: `http://127.0.0.1:${first.port}`,
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
