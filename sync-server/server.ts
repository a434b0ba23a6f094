/**
 * Wires the parts together and starts listening. Used by main.ts (the command) and by the tests,
 * which start real servers on free ports.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import path from 'node:path';
import { createApp } from './app.js';
import { log } from './log.js';
import { expireSessions, loadSessionSecret, SessionSigner } from './auth/sessions.js';
import { CatalogService } from './catalog-service.js';
import type { ServerConfig } from './config.js';
import { loadDemoData, loadStandardData } from './demo-data.js';
import { startEmbeddedStore, type EmbeddedStore } from './embedded-store.js';
import { connectStore, prepareStore, type Store } from './store.js';
import { useCheckpointKey } from './sync/checkpoint.js';
import { ApplicationSync } from './sync/application-sync.js';
import { ChangeFeed } from './sync/change-feed.js';
import { SharedWriteSequencer } from './sync/shared-write-sequencer.js';
import { UploadService } from './uploads/upload-service.js';

export interface RunningServer {
  url: string;
  storeUrl: string;
  store: Store;
  close(): Promise<void>;
}

/**
 * How often incomplete uploads past their time are looked for (besides at start). The time limit is
 * counted in days, so a few sweeps a day suffice, and each is one indexed query when nothing is due.
 */
const UPLOAD_EXPIRY_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** A blocked event loop this long is reported: no request's own work should come near it. */
const BLOCKED_LOOP_MS = 2000;

/**
 * Reports when this process's event loop was blocked. Why: then every request and store call
 * looks slow at once, and without this line the store would get the blame. In the server and e2e
 * tests the server shares the test's process, so a heavy test step shows up here too.
 */
function watchEventLoop(): () => void {
  const tickMs = 500;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const blocked = now - last - tickMs;
    if (blocked > BLOCKED_LOOP_MS) log.warn({ event: 'event-loop-blocked', ms: Math.round(blocked) }, 'event loop blocked (every request waited)');
    last = now;
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** DATA_DIR holds the embedded store (every NIK, every password hash): its owner's alone. */
function privateDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  if (!config.couchUrl) privateDataDir(config.dataDir);
  const embedded: EmbeddedStore | undefined = config.couchUrl ? undefined : await startEmbeddedStore(path.join(config.dataDir, 'store'));
  const storeUrl = config.couchUrl ?? embedded?.url ?? '';
  try {
    const store = connectStore(storeUrl);
    await prepareStore(store);
    const catalogs = new CatalogService(store);
    // A real deployment (DEMO_DATA=0) gets the standard catalog and its agencies; scripts/create-admin.ts its first administrator.
    await loadStandardData(store, catalogs);
    if (config.loadDemoData) await loadDemoData(store, catalogs);
    const sessionSecret = await loadSessionSecret(store);
    const sessions = new SessionSigner(sessionSecret);
    // Pull checkpoints are sealed with it too (sync/checkpoint.ts), the same in every process.
    useCheckpointKey(sessionSecret);
    const applications = new ApplicationSync(store, catalogs, {
      timeZone: config.timeZone,
      // Several processes on one store (SYNC_PROCESSES=shared): the write order goes through the store.
      ...(config.syncProcesses === 'shared' ? { sequencer: new SharedWriteSequencer(store) } : {}),
    });
    const feed = new ChangeFeed(store, () => applications.writesSettled());
    await feed.start();
    const uploads = new UploadService(store, catalogs, applications, (applicationId) => applications.registerIfReady(applicationId));
    applications.useFiles(uploads);
    await applications.start();
    const expireUploads = (): void => {
      uploads.expireIncomplete().catch((error: unknown) => log.warn({ event: 'upload-expiry-failed', reason: (error as Error).message }, 'expiring incomplete uploads failed'));
    };
    expireUploads();
    const expireOldSessions = (): void => {
      expireSessions(store).catch((error: unknown) => log.warn({ event: 'session-expiry-failed', reason: (error as Error).message }, 'removing old sessions failed'));
    };
    expireOldSessions();
    const sessionTimer = setInterval(expireOldSessions, UPLOAD_EXPIRY_INTERVAL_MS);
    sessionTimer.unref();
    const expiryTimer = setInterval(expireUploads, UPLOAD_EXPIRY_INTERVAL_MS);
    expiryTimer.unref();
    const stopWatchingLoop = watchEventLoop();
    const app = createApp({
      store, sessions, catalogs, feed, applications, uploads, staticDir: config.staticDir, trustProxy: config.trustProxy,
      accountCacheMs: config.accountCacheMs, rateLimits: config.rateLimits, publicUrl: config.publicUrl, holidays: config.holidays,
    });
    const server: http.Server = await new Promise((resolve, reject) => {
      const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${config.host}:${port}`,
      storeUrl,
      store,
      close: async () => {
        clearInterval(expiryTimer);
        clearInterval(sessionTimer);
        stopWatchingLoop();
        feed.stop();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
