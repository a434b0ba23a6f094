/**
 * Starts and stops the embedded store process (see embedded-store-process.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EmbeddedStore {
  url: string;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startEmbeddedStore(storeDir: string, port = 0): Promise<EmbeddedStore> {
  const child: ChildProcess = fork(path.join(here, 'embedded-store-process.ts'), [], {
    env: { ...process.env, STORE_DIR: storeDir, STORE_PORT: String(port) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeningPort = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('embedded store did not start within 30 s')), 30_000);
    child.once('message', (message: unknown) => {
      clearTimeout(timer);
      const port = (message as { port?: unknown }).port;
      if (typeof port === 'number') resolve(port);
      else reject(new Error('embedded store sent no port'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded store exited with code ${code} while starting`));
    });
  });
  return {
    url: `http://127.0.0.1:${listeningPort}`,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
