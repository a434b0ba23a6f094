/**
 * Starts the real system for end-to-end tests: the embedded store (or COUCHDB_URL), the sync
 * server serving the built PWA from dist/, and Debian's Chromium through playwright-core.
 * The sync server can be stopped and started again on the same port, as a server outage.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Role } from '../../common/sync-protocol.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { startServer, type RunningServer } from '../../sync-server/server.js';
import { createAccount, type TestAccount } from '../server/helpers.js';

export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface TestSystem {
  url: string;
  storeUrl: string;
  /** The running sync server, or undefined while it is stopped. */
  server: RunningServer | undefined;
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  /** A fresh browser profile (its own user-data-dir: storage, service worker, cookies). */
  newProfile(): Promise<BrowserContext>;
  /**
   * A new account of this role with a random username, made directly in the store: a demo account
   * on a CouchDB that is not wiped between runs already holds what earlier runs filed for it.
   */
  account(role: Role, displayName?: string): Promise<TestAccount>;
  close(): Promise<void>;
}

/**
 * The built app the e2e server serves: `dist/` (npm run test:e2e builds it), or E2E_STATIC_DIR, so
 * that someone working on one test can build into a folder of their own while others use dist/.
 */
export const E2E_STATIC_DIR = path.resolve(process.env.E2E_STATIC_DIR ?? 'dist');

export async function startSystem(): Promise<TestSystem> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-e2e-'));
  const store: EmbeddedStore | undefined = process.env.COUCHDB_URL ? undefined : await startEmbeddedStore(path.join(root, 'store'));
  const storeUrl = process.env.COUCHDB_URL ?? store?.url ?? '';
  const port = await freePort();
  const profiles: BrowserContext[] = [];
  const system: TestSystem = {
    url: `http://127.0.0.1:${port}`,
    storeUrl,
    server: undefined,
    async startServer() {
      system.server = await startServer({
        port, host: '127.0.0.1', couchUrl: storeUrl, dataDir: root, staticDir: E2E_STATIC_DIR, loadDemoData: true,
      });
    },
    async stopServer() {
      await system.server?.close();
      system.server = undefined;
    },
    async newProfile() {
      const context = await chromium.launchPersistentContext(await fs.mkdtemp(path.join(root, 'profile-')), {
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
      });
      profiles.push(context);
      return context;
    },
    async account(role, displayName) {
      assert.ok(system.server, 'accounts are made while the sync server runs');
      return createAccount(system.server.store, role, displayName);
    },
    async close() {
      for (const profile of profiles) await profile.close().catch(() => undefined);
      await system.stopServer();
      await store?.stop();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
  await system.startServer();
  return system;
}

/** Retries an assertion until it passes or the time is up; the last failure is what is thrown. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
