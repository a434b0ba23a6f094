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
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../common/sync-protocol.js';
import { AppPage } from './app-page.js';
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

/** A person's device: its browser profile (to take it offline) and the app on its page. */
export interface Device {
  profile: BrowserContext;
  app: AppPage;
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
  /** A fresh profile with one page of the app at this size: a phone (360×740) or a laptop (1366×768). */
  newDevice(width: number, height: number): Promise<Device>;
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
    async newDevice(width, height) {
      const profile = await system.newProfile();
      const app = new AppPage(await profile.newPage(), system.url);
      await app.page.setViewportSize({ width, height });
      return { profile, app };
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

/**
 * Screenshots of the page at a phone's size (360×740) and a laptop's (1366×768), whole pages, as
 * `<name>-<width>x<height>.png` in `dir`; the page is left at the laptop's size. Each waits for two
 * animation frames after the resize (a frame laid out at the new size, then painted) rather than
 * for a fixed time, which a loaded machine may not keep.
 */
export async function shoot(page: Page, dir: string, name: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const [width, height] of [[360, 740], [1366, 768]] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    await page.screenshot({ path: path.join(dir, `${name}-${width}x${height}.png`), fullPage: true });
  }
}
