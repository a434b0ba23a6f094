/**
 * `npm run bench`: the sync figures of shared/targets.md, measured in one run against the same
 * store in the same browser (Debian's Chromium), each next to its baselines:
 *
 * - raw limit: one `_all_docs?include_docs=true` fetch (Node) + one IndexedDB transaction (browser)
 *   for the pull, one `_bulk_docs` for the push;
 * - PouchDB 9 native replication into IndexedDB (`idb` adapter), through bench/proxy.ts;
 * - ours: the app's Workspace and replication against the real sync server, in a fresh profile:
 *   an applicant pulling their own applications, and a reviewer pulling their agency's queue (as
 *   many in-review applications routed to the agency), each against the same raw limit;
 * - the server's pull walked from Node (no browser) and the store's share of it (the reach view
 *   read straight from the store), so what the store costs is visible apart from the rest.
 *
 * A benchmark reports; it never fails on a figure. It exits non-zero only on a real error.
 * Results: bench/results/latest.json (git-ignored) and a table on the terminal.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type nano from 'nano';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ApplicationDoc } from '../common/application-schema.js';
import { MAX_BATCH_SIZE, type PullResponse } from '../common/sync-protocol.js';
import { startEmbeddedStore, type EmbeddedStore } from '../sync-server/embedded-store.js';
import { startServer, type RunningServer } from '../sync-server/server.js';
import { connectStore, OWNER_SEQ_INDEX, prepareStore, REACH_VIEW, type Store, type StoredApplication } from '../sync-server/store.js';
import { ensureUser } from '../sync-server/users.js';
import { CHROMIUM, CHROMIUM_ARGS, freePort } from '../tests/e2e/harness.js';
import { SequenceClock } from '../sync-server/sync/checkpoint.js';
import { inReviewApplication, siupDraft, storedApplication } from './documents.js';
import type { BenchWindow, OursPullResult, OursPushResult, PouchReplicationResult } from './pages/api.js';
import { startStoreProxy, type StoreProxy } from './proxy.js';
import { resultsFile, SMALL } from './size.js';

// Small (CI): enough documents to cross several pull pages and one push batch, one run each.
const PULL_DOCS = SMALL ? 1_500 : 10_000;
const PUSH_DOCS = SMALL ? 200 : 1_000;
const RUNS = SMALL ? 1 : 3;
const SEED_BATCH = 1_000;
const PULL_TIMEOUT_MS = 240_000;
const PUSH_TIMEOUT_MS = 120_000;
/** After awaitInSync() resolved, how long to wait for documents that should already be there. */
const GRACE_MS = 5_000;
const PAGE_READY_TIMEOUT_MS = 30_000;

const TARGETS = {
  pullVsRaw: 1.5,
  pullRoundTrips: 12,
  pushVsRaw: 1.5,
  bundleGzipKb: 150,
  tabMemoryMb: 300,
} as const;

const benchStarted = performance.now();
const log = (message: string): void => {
  console.log(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6)} s] ${message}`);
};

// ---------------------------------------------------------------------------------------------
// Small helpers

function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number): number => round(a / b, 2);
const perSecond = (docs: number, ms: number): number => Math.round(docs / (ms / 1000));


async function chromiumVersion(): Promise<string> {
  // The Debian wrapper may print a shell warning first; the version line is the one naming Chromium.
  const { stdout, stderr } = await promisify(execFile)(CHROMIUM, ['--version']);
  return `${stdout}\n${stderr}`.split('\n').find((line) => /Chromium \d/.test(line))?.trim() ?? stdout.trim();
}

async function gzipOfAppBundle(distDir: string): Promise<{ file: string; bytes: number; gzipBytes: number; gzipLevel: number }> {
  const assets = path.join(distDir, 'assets');
  const file = (await fs.readdir(assets)).find((name) => /^app-.*\.js$/.test(name));
  if (!file) throw new Error(`no app-*.js in ${assets}: did the build run?`);
  const content = await fs.readFile(path.join(assets, file));
  return { file: `assets/${file}`, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length, gzipLevel: 9 };
}

/** Bundles one bench page (esm, bundled, browser platform) with a small HTML file that loads it. */
async function buildPage(entry: string, outDir: string, name: string, urlPrefix: string): Promise<void> {
  await build({
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'warning',
  });
  await fs.writeFile(path.join(outDir, `${name}.html`),
    `<!doctype html><html><head><meta charset="utf-8"><title>bench ${name}</title>` +
    `<script type="module" src="${urlPrefix}${name}.js"></script></head><body></body></html>\n`);
}

// ---------------------------------------------------------------------------------------------
// Browser profiles

interface Browsers {
  /** Runs `work` on a page of a brand-new profile (its own user-data-dir), then closes and deletes it. */
  withProfile<T>(label: string, work: (page: Page) => Promise<T>): Promise<T>;
  /** Closes whatever profile is still open (on an error or a signal). */
  closeAll(): Promise<void>;
}

function browsers(root: string): Browsers {
  let next = 0;
  const open = new Set<BrowserContext>();
  return {
    async closeAll() {
      for (const context of open) await context.close().catch(() => undefined);
      open.clear();
    },
    async withProfile(label, work) {
      const dir = path.join(root, `profile-${++next}-${label}`);
      await fs.mkdir(dir, { recursive: true });
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
        // Playwright's own SIGINT handler exits at once; ours closes the profiles and then stops the
        // servers and deletes the temp folder. (Playwright still kills its browsers on process exit.)
        handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      });
      open.add(context);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        page.on('pageerror', (error) => log(`  page error (${label}): ${error.message}`));
        page.on('console', (message) => {
          const text = message.text();
          // PouchDB probes for checkpoints that do not exist yet (404), and the page has no favicon.
          if (/status of 404/.test(text)) return;
        // RxDB's notice about its free Dexie storage, printed on every database open.
        if (text.includes('RxDB Open Core RxStorage')) return;
          if (message.type() === 'error' || message.type() === 'warning') log(`  console ${message.type()} (${label}): ${text.split('\n')[0]!.slice(0, 200)}`);
        });
        return await work(page);
      } finally {
        open.delete(context);
        await context.close().catch(() => undefined);
        await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
      }
    },
  };
}

async function openBenchPage(page: Page, url: string, key: keyof BenchWindow): Promise<void> {
  await page.goto(url);
  await page.waitForFunction((name) => (window as unknown as BenchWindow)[name] !== undefined, key, { timeout: PAGE_READY_TIMEOUT_MS });
}

/** The tab's JavaScript heap after a garbage collection, read through the DevTools protocol. */
async function heapUsedMb(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  try {
    await session.send('HeapProfiler.collectGarbage');
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics');
    const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    return round(used / 1024 / 1024);
  } finally {
    await session.detach().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeding

interface Seeded {
  ownerId: string;
  username: string;
  rawDbName: string;
  jsonBytes: number;
  seedMs: number;
  rawSeedMs: number;
  indexWarmMs: number;
  reachViewWarmMs: number;
}

async function bulkInBatches(db: nano.DocumentScope<object>, docs: object[]): Promise<void> {
  for (let start = 0; start < docs.length; start += SEED_BATCH) {
    const batch = docs.slice(start, start + SEED_BATCH);
    let results: nano.DocumentBulkResponse[];
    let retried = false;
    try {
      results = await db.bulk({ docs: batch });
    } catch (error) {
      // A loaded machine's store may drop the connection mid-batch (EPIPE): once more, and what the
      // first try stored comes back as a conflict, which is stored all the same.
      log(`  _bulk_docs failed (${(error as Error).message.slice(0, 120)}); once more`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      results = await db.bulk({ docs: batch });
      retried = true;
    }
    const failed = results.filter((result) => result.error && !(retried && result.error === 'conflict'));
    if (failed.length > 0) throw new Error(`_bulk_docs refused ${failed.length} documents: ${failed[0]?.error} ${failed[0]?.reason ?? ''}`);
  }
}

async function seed(store: Store, username: string, password: string, rawDbName: string): Promise<Seeded> {
  const user = await ensureUser(store, { username, password, displayName: 'Bench Pull', role: 'applicant' });
  // Below any sequence the running server will hand out (microseconds since the epoch).
  const firstSeq = (Date.now() - 3_600_000) * 1000;
  const now = Date.now();
  const docs: StoredApplication[] = [];
  for (let index = 0; index < PULL_DOCS; index++) {
    // siupDraft checks every answer set against the catalog (bench/documents.ts).
    const draft = siupDraft(index, user.userId, now);
    docs.push(storedApplication(draft, firstSeq + index));
  }
  const jsonBytes = docs.reduce((sum, doc) => sum + Buffer.byteLength(JSON.stringify(doc)), 0);

  let started = performance.now();
  await bulkInBatches(store.applications as unknown as nano.DocumentScope<object>, docs);
  const seedMs = performance.now() - started;

  await store.server.db.create(rawDbName);
  started = performance.now();
  await bulkInBatches(store.server.use(rawDbName), docs);
  const rawSeedMs = performance.now() - started;

  // A view/index is built on its first query after writes; a live server's index is kept warm by
  // its traffic, so the build is paid here, outside every measurement (and reported).
  started = performance.now();
  await store.applications.find({
    selector: { ownerId: user.userId, serverSeq: { $gt: -1 } },
    sort: [{ ownerId: 'asc' }, { serverSeq: 'asc' }],
    limit: 1,
    use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
  });
  const indexWarmMs = performance.now() - started;
  // The pull's own index: the reach view (a JavaScript map), built the same way; its build beside
  // the Mango index's is the figure that says what the view costs the store.
  started = performance.now();
  await store.applications.view(REACH_VIEW.ddoc, REACH_VIEW.name, { startkey: [`user:${user.userId}`, 0], endkey: [`user:${user.userId}`, Number.MAX_SAFE_INTEGER], limit: 1 });
  const reachViewWarmMs = performance.now() - started;
  return { ownerId: user.userId, username, rawDbName, jsonBytes, seedMs, rawSeedMs, indexWarmMs, reachViewWarmMs };
}

interface ReviewerQueue {
  reviewerUsername: string;
  citizenUsername: string;
  agencyId: string;
  jsonBytes: number;
  seedMs: number;
  reachViewWarmMs: number;
}

/**
 * An agency's queue: PULL_DOCS applications of one citizen, in review and routed to a fresh agency,
 * stored as the server's write path leaves them (readers from common/access, sequences from the
 * server's SequenceClock), and a reviewer account of that agency who pulls them.
 */
async function seedReviewerQueue(store: Store, tag: string, password: string): Promise<ReviewerQueue> {
  const agencyId = `bench-agency-${tag}`;
  const citizenUsername = `bench-${tag}-citizen`;
  const reviewerUsername = `bench-${tag}-reviewer`;
  const citizen = await ensureUser(store, { username: citizenUsername, password, displayName: 'Bench Citizen', role: 'applicant' });
  await ensureUser(store, { username: reviewerUsername, password, displayName: 'Bench Reviewer', role: 'agency-reviewer', agencyId });
  const clock = new SequenceClock();
  const now = Date.now() - 7 * 86_400_000;
  const docs: StoredApplication[] = [];
  for (let index = 0; index < PULL_DOCS; index++) {
    docs.push(inReviewApplication(siupDraft(index, citizen.userId, now), agencyId, clock.next()));
  }
  const jsonBytes = docs.reduce((sum, doc) => sum + Buffer.byteLength(JSON.stringify(doc)), 0);
  let started = performance.now();
  await bulkInBatches(store.applications as unknown as nano.DocumentScope<object>, docs);
  const seedMs = performance.now() - started;
  started = performance.now();
  await store.applications.view(REACH_VIEW.ddoc, REACH_VIEW.name, { startkey: [`agency:${agencyId}`, 0], endkey: [`agency:${agencyId}`, Number.MAX_SAFE_INTEGER], limit: 1 });
  const reachViewWarmMs = performance.now() - started;
  return { reviewerUsername, citizenUsername, agencyId, jsonBytes, seedMs, reachViewWarmMs };
}

/**
 * The store's share of a pull: one reader key's reach view rows and their documents, read in pages
 * of MAX_BATCH_SIZE as the server's pull reads them (no sync server, no checks, no wire form), both
 * ways the server reads: the rows with include_docs (a pull without a device name, as the walk
 * above), and the rows alone followed by one _all_docs?keys fetch (a device's pull, which may skip
 * its own writes).
 */
async function storeReachWalk(store: Store, readerKey: string): Promise<StoreWalk> {
  const walk = async (includeDocs: boolean): Promise<{ ms: number; viewMs: number; docs: number; requests: number }> => {
    let from = 0;
    let docs = 0;
    let requests = 0;
    let viewMs = 0;
    const started = performance.now();
    for (;;) {
      const viewStarted = performance.now();
      const result = await store.applications.view(REACH_VIEW.ddoc, REACH_VIEW.name, {
        ...(includeDocs ? { include_docs: true } : {}),
        startkey: [readerKey, from + 1], endkey: [readerKey, Number.MAX_SAFE_INTEGER], limit: MAX_BATCH_SIZE,
      });
      viewMs += performance.now() - viewStarted;
      requests++;
      if (!includeDocs && result.rows.length > 0) {
        await store.applications.fetch({ keys: result.rows.map((row) => row.id) });
        requests++;
      }
      docs += result.rows.length;
      const last = result.rows.at(-1)?.key as [string, number] | undefined;
      if (!last || result.rows.length < MAX_BATCH_SIZE || requests > 200) break;
      from = last[1];
    }
    return { ms: performance.now() - started, viewMs, docs, requests };
  };
  const withDocs = await walk(true);
  const rowsThenFetch = await walk(false);
  return { ms: withDocs.ms, docs: withDocs.docs, requests: withDocs.requests, rowsThenFetch };
}

/** How many documents of one owner the sync server's store holds, through the pull index. */
async function ownerDocCount(store: Store, ownerId: string): Promise<number> {
  const result = await store.applications.find({
    selector: { ownerId, serverSeq: { $gt: -1 } },
    fields: ['_id'],
    limit: PULL_DOCS + PUSH_DOCS,
    use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
  });
  return result.docs.length;
}

/**
 * Walks the sync server's pull endpoint from Node as a client that stops only on an empty page:
 * what the server hands out, without the browser and without RxDB's stopping rule.
 */
async function serverPullWalk(baseUrl: string, username: string, password: string): Promise<ServerPullWalk> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`sign-in for the pull walk answered ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const pageSizes: number[] = [];
  let checkpoint: string | null = null;
  const started = performance.now();
  for (;;) {
    const query = new URLSearchParams({ limit: String(MAX_BATCH_SIZE) });
    if (checkpoint) query.set('checkpoint', checkpoint);
    const response = await fetch(`${baseUrl}/api/sync/applications/pull?${query.toString()}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`pull walk: the server answered ${response.status}`);
    const body = (await response.json()) as PullResponse;
    pageSizes.push(body.documents.length);
    if (body.documents.length === 0 || pageSizes.length > 100) break;
    checkpoint = body.checkpoint;
  }
  const ms = performance.now() - started;
  return { ms, docs: pageSizes.reduce((sum, size) => sum + size, 0), requests: pageSizes.length, pageSizes };
}

// ---------------------------------------------------------------------------------------------
// The run

interface ServerPullWalk {
  ms: number;
  docs: number;
  requests: number;
  pageSizes: number[];
}

interface StoreWalk {
  /** The rows with include_docs. */
  ms: number;
  docs: number;
  requests: number;
  /** The rows alone (viewMs of it), then one _all_docs?keys per page. */
  rowsThenFetch: { ms: number; viewMs: number; docs: number; requests: number };
}

interface PullRun {
  raw: { fetchMs: number; idbWriteMs: number; totalMs: number; fetchedDocs: number; writtenDocs: number };
  pouch: PouchReplicationResult & { proxiedRequests: number };
  ours: OursPullResult & { heapUsedMb: number };
  serverPullWalk: ServerPullWalk;
  /** The applicant's user: key read straight from the store. */
  storeWalk: StoreWalk;
  /** The same pull by a reviewer whose agency has PULL_DOCS routed applications. */
  reviewer: { ours: OursPullResult; serverPullWalk: ServerPullWalk; storeWalk: StoreWalk };
}

interface PushRun {
  raw: { bulkMs: number; docs: number };
  pouch: PouchReplicationResult & { proxiedRequests: number };
  ours: OursPushResult & {
    complete: boolean;
    ms: number;
    serverCount: number;
    countedAfterInSync: boolean;
    username: string;
    /** From Workspace.open until the (last) push request's response ended: the server held them by then. */
    pushAnsweredMs: number;
    /** Pull traffic during the push: the server sends the just-pushed drafts back to their device. */
    pullBytes: number;
  };
}

/** Resolves false when our sync left documents behind (the results are still written). */
async function main(): Promise<boolean> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-bench-'));
  let embedded: EmbeddedStore | undefined;
  let server: RunningServer | undefined;
  let proxy: StoreProxy | undefined;
  let store: Store | undefined;
  const scratchDbs: string[] = [];
  const benchUsers: string[] = [];
  const external = Boolean(process.env.COUCHDB_URL);

  let profiles: Browsers | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => (cleaning ??= (async () => {
    log('cleaning up');
    await profiles?.closeAll();
    await proxy?.close().catch((error: unknown) => log(`  proxy close: ${String(error)}`));
    await server?.close().catch((error: unknown) => log(`  server close: ${String(error)}`));
    if (external && store) {
      // A real CouchDB outlives the run: take away what the bench put there.
      for (const name of scratchDbs) await store.server.db.destroy(name).catch(() => undefined);
      for (const username of benchUsers) await removeBenchAccount(store, username).catch(() => undefined);
    }
    await embedded?.stop().catch((error: unknown) => log(`  store stop: ${String(error)}`));
    await fs.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
      .catch((error: unknown) => log(`  could not delete ${root}: ${String(error)}`));
  })());
  // Ctrl-C reaches this process more than once (from the terminal and relayed by tsx): clean up once.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (cleaning) return;
    log(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    // --- bundle size, pages, servers ---------------------------------------------------------
    // BENCH_STATIC_DIR: a build of one's own, so that a bench can run while dist/ is rebuilt elsewhere.
    const distDir = process.env.BENCH_STATIC_DIR ?? 'dist';
    const bundle = await gzipOfAppBundle(distDir);
    log(`app bundle ${bundle.file}: ${round(bundle.bytes / 1024)} KB, gzip -${bundle.gzipLevel} ${round(bundle.gzipBytes / 1024)} KB`);

    const staticDir = path.join(root, 'static');
    await fs.cp(distDir, staticDir, { recursive: true });
    await buildPage('bench/pages/ours-page.ts', path.join(staticDir, 'bench'), 'ours', '/bench/');
    const pouchDir = path.join(root, 'pouch-static');
    await buildPage('bench/pages/pouch-page.ts', pouchDir, 'pouch', '/');
    log('bench pages bundled');

    if (!external) embedded = await startEmbeddedStore(path.join(root, 'store'));
    const storeUrl = process.env.COUCHDB_URL ?? embedded?.url ?? '';
    log(external ? 'using the store at COUCHDB_URL' : `embedded store on ${storeUrl}`);
    store = connectStore(storeUrl);
    await prepareStore(store);

    const tag = randomBytes(4).toString('hex');
    const password = randomBytes(12).toString('base64url');
    const pullUsername = `bench-${tag}`;
    benchUsers.push(pullUsername);
    const rawDbName = `bench_raw_${tag}`;
    scratchDbs.push(rawDbName);
    log(`seeding ${PULL_DOCS} applications for ${pullUsername} and the same documents into ${rawDbName}`);
    const seeded = await seed(store, pullUsername, password, rawDbName);
    log(`seeded: ${round(seeded.jsonBytes / 1024 / 1024, 2)} MB of JSON (${Math.round(seeded.jsonBytes / PULL_DOCS)} B/doc); ` +
      `ptsp_applications ${Math.round(seeded.seedMs)} ms, ${rawDbName} ${Math.round(seeded.rawSeedMs)} ms, index warm-up ${Math.round(seeded.indexWarmMs)} ms, reach view warm-up ${Math.round(seeded.reachViewWarmMs)} ms`);
    benchUsers.push(`bench-${tag}-citizen`, `bench-${tag}-reviewer`);
    const queue = await seedReviewerQueue(store, tag, password);
    log(`seeded an agency queue: ${PULL_DOCS} in-review applications routed to ${queue.agencyId} (${round(queue.jsonBytes / 1024 / 1024, 2)} MB), ` +
      `${Math.round(queue.seedMs)} ms, reach view update ${Math.round(queue.reachViewWarmMs)} ms`);

    server = await startServer({
      port: await freePort(), host: '127.0.0.1', couchUrl: storeUrl, dataDir: root, staticDir, loadDemoData: true,
    });
    proxy = await startStoreProxy(storeUrl, pouchDir);
    log(`sync server ${server.url}, baseline proxy ${proxy.url} (/couch/* -> store)`);
    const chromiumName = await chromiumVersion();
    profiles = browsers(root);
    const currentProfiles = profiles;
    const rawDb = store.server.use<StoredApplication>(rawDbName);

    // --- pull: raw, PouchDB, ours; interleaved so drift hits all three alike --------------------
    const pullRuns: PullRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const started = performance.now();
      const list = await rawDb.list({ include_docs: true });
      const fetchMs = performance.now() - started;
      const currentProxy = proxy;
      const idb = await currentProfiles.withProfile(`raw-${run}`, async (page) => {
        await openBenchPage(page, `${currentProxy.url}/pouch.html`, 'pouchBench');
        return page.evaluate((url) => (window as unknown as BenchWindow).pouchBench!.rawIdbWrite(url), `/couch/${rawDbName}/_all_docs?include_docs=true`);
      });
      const raw = { fetchMs, idbWriteMs: idb.writeMs, totalMs: fetchMs + idb.writeMs, fetchedDocs: list.rows.length, writtenDocs: idb.docs };
      log(`pull ${run}/${RUNS} raw: _all_docs ${Math.round(fetchMs)} ms + IndexedDB ${Math.round(idb.writeMs)} ms = ${Math.round(raw.totalMs)} ms (${idb.docs} docs)`);

      const pouch = await currentProfiles.withProfile(`pouch-pull-${run}`, async (page) => {
        await openBenchPage(page, `${currentProxy.url}/pouch.html`, 'pouchBench');
        currentProxy.resetCount();
        const result = await page.evaluate(
          ({ url, timeoutMs }) => (window as unknown as BenchWindow).pouchBench!.pull(url, timeoutMs),
          { url: `${currentProxy.url}/couch/${rawDbName}`, timeoutMs: PULL_TIMEOUT_MS },
        );
        return { ...result, proxiedRequests: currentProxy.forwarded() };
      });
      log(`pull ${run}/${RUNS} PouchDB: ${Math.round(pouch.ms)} ms, ${pouch.targetCount} docs, ${pouch.requests} round trips`);

      const syncUrl = server.url;
      const ours = await currentProfiles.withProfile(`ours-pull-${run}`, async (page) => {
        await openBenchPage(page, `${syncUrl}/bench/ours.html`, 'oursBench');
        const result = await page.evaluate(
          ({ username, secret, expected, timeoutMs, graceMs }) => (window as unknown as BenchWindow).oursBench!.pull(username, secret, expected, timeoutMs, graceMs),
          { username: pullUsername, secret: password, expected: PULL_DOCS, timeoutMs: PULL_TIMEOUT_MS, graceMs: GRACE_MS },
        );
        const heap = await heapUsedMb(page);
        await page.evaluate(() => (window as unknown as BenchWindow).oursBench!.closeWorkspace());
        return { ...result, heapUsedMb: heap };
      });
      log(`pull ${run}/${RUNS} ours: ${ours.complete ? `${Math.round(ours.totalMs)} ms` : 'INCOMPLETE'} (awaitInSync ${Math.round(ours.inSyncMs)} ms, ` +
        `sign-in ${Math.round(ours.loginMs)} ms), ${ours.localCount} of ${PULL_DOCS} docs, ${ours.pullRequests.length} pull round trips ` +
        `(${ours.pullRequests.map((request) => request.durationMs).join('/')} ms), JS heap ${ours.heapUsedMb} MB`);
      if (!ours.complete) log(`  ERROR: awaitInSync() resolved with ${ours.localCount} of ${PULL_DOCS} documents and none came in the next ${GRACE_MS / 1000} s`);

      const walk = await serverPullWalk(syncUrl, pullUsername, password);
      log(`pull ${run}/${RUNS} server pull walk (Node, until an empty page): ${Math.round(walk.ms)} ms, ${walk.docs} docs, ` +
        `${walk.requests} requests, page sizes ${walk.pageSizes.join(',')}`);
      const storeWalk = await storeReachWalk(store, `user:${seeded.ownerId}`);
      log(`pull ${run}/${RUNS} store alone (reach view of user:, Node): include_docs ${Math.round(storeWalk.ms)} ms, ${storeWalk.docs} docs, ${storeWalk.requests} requests; ` +
        `rows then _all_docs?keys ${Math.round(storeWalk.rowsThenFetch.ms)} ms (rows ${Math.round(storeWalk.rowsThenFetch.viewMs)} ms)`);

      // The office queue: the same pull by a reviewer of the agency the queue is routed to.
      const reviewerOurs = await currentProfiles.withProfile(`ours-reviewer-${run}`, async (page) => {
        await openBenchPage(page, `${syncUrl}/bench/ours.html`, 'oursBench');
        const result = await page.evaluate(
          ({ username, secret, expected, timeoutMs, graceMs }) => (window as unknown as BenchWindow).oursBench!.pull(username, secret, expected, timeoutMs, graceMs),
          { username: queue.reviewerUsername, secret: password, expected: PULL_DOCS, timeoutMs: PULL_TIMEOUT_MS, graceMs: GRACE_MS },
        );
        await page.evaluate(() => (window as unknown as BenchWindow).oursBench!.closeWorkspace());
        return result;
      });
      log(`pull ${run}/${RUNS} reviewer: ${reviewerOurs.complete ? `${Math.round(reviewerOurs.totalMs)} ms` : 'INCOMPLETE'} (awaitInSync ${Math.round(reviewerOurs.inSyncMs)} ms), ` +
        `${reviewerOurs.localCount} of ${PULL_DOCS} docs, ${reviewerOurs.pullRequests.length} pull round trips (${reviewerOurs.pullRequests.map((request) => request.durationMs).join('/')} ms)`);
      if (!reviewerOurs.complete) log(`  ERROR: the reviewer's awaitInSync() resolved with ${reviewerOurs.localCount} of ${PULL_DOCS} documents`);
      const reviewerWalk = await serverPullWalk(syncUrl, queue.reviewerUsername, password);
      const reviewerStoreWalk = await storeReachWalk(store, `agency:${queue.agencyId}`);
      log(`pull ${run}/${RUNS} reviewer server pull walk: ${Math.round(reviewerWalk.ms)} ms, ${reviewerWalk.docs} docs, ${reviewerWalk.requests} requests; ` +
        `store alone (agency: key): include_docs ${Math.round(reviewerStoreWalk.ms)} ms, rows then _all_docs?keys ${Math.round(reviewerStoreWalk.rowsThenFetch.ms)} ms ` +
        `(rows ${Math.round(reviewerStoreWalk.rowsThenFetch.viewMs)} ms)`);
      pullRuns.push({ raw, pouch, ours, serverPullWalk: walk, storeWalk, reviewer: { ours: reviewerOurs, serverPullWalk: reviewerWalk, storeWalk: reviewerStoreWalk } });
    }

    // --- push of 1k: raw _bulk_docs, PouchDB replicate.to, ours ---------------------------------
    const pushRuns: PushRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const now = Date.now();
      const rawName = `bench_scratch_${tag}_raw${run}`;
      scratchDbs.push(rawName);
      await store.server.db.create(rawName);
      const rawDocs = Array.from({ length: PUSH_DOCS }, (_, index) => {
        const draft = siupDraft(index, seeded.ownerId, now);
        return { _id: draft.id, ...draft };
      });
      const started = performance.now();
      const bulkResults = await store.server.use(rawName).bulk({ docs: rawDocs });
      const bulkMs = performance.now() - started;
      if (bulkResults.some((result) => result.error)) throw new Error(`raw _bulk_docs into ${rawName} refused documents`);
      log(`push ${run}/${RUNS} raw: one _bulk_docs of ${PUSH_DOCS} in ${Math.round(bulkMs)} ms`);

      const pouchName = `bench_scratch_${tag}_pouch${run}`;
      scratchDbs.push(pouchName);
      await store.server.db.create(pouchName);
      const pouchDocs = Array.from({ length: PUSH_DOCS }, (_, index) => {
        const draft = siupDraft(index, seeded.ownerId, now);
        return { _id: draft.id, ...draft };
      });
      const currentProxy = proxy;
      const pouch = await currentProfiles.withProfile(`pouch-push-${run}`, async (page) => {
        await openBenchPage(page, `${currentProxy.url}/pouch.html`, 'pouchBench');
        currentProxy.resetCount();
        const result = await page.evaluate(
          ({ url, docs, timeoutMs }) => (window as unknown as BenchWindow).pouchBench!.push(url, docs, timeoutMs),
          { url: `${currentProxy.url}/couch/${pouchName}`, docs: pouchDocs, timeoutMs: PUSH_TIMEOUT_MS },
        );
        return { ...result, proxiedRequests: currentProxy.forwarded() };
      });
      log(`push ${run}/${RUNS} PouchDB: ${Math.round(pouch.ms)} ms, ${pouch.targetCount} docs on the store, ${pouch.requests} round trips`);

      const username = `bench-${tag}-push${run}`;
      benchUsers.push(username);
      const pusher = await ensureUser(store, { username, password, displayName: `Bench Push ${run}`, role: 'applicant' });
      const drafts: ApplicationDoc[] = Array.from({ length: PUSH_DOCS }, (_, index) => siupDraft(index, pusher.userId, now));
      const syncUrl = server.url;
      const currentStore = store;
      const ours = await currentProfiles.withProfile(`ours-push-${run}`, async (page) => {
        await openBenchPage(page, `${syncUrl}/bench/ours.html`, 'oursBench');
        const local = await page.evaluate(
          ({ userId, docs }) => (window as unknown as BenchWindow).oursBench!.seedLocalDrafts(userId, docs),
          { userId: pusher.userId, docs: drafts },
        );
        if (local !== PUSH_DOCS) throw new Error(`only ${local} drafts were stored locally`);
        // The app is opened again, as after typing offline: a new page load, the drafts waiting.
        await openBenchPage(page, `${syncUrl}/bench/ours.html`, 'oursBench');
        const result: OursPushResult = await page.evaluate(
          ({ user, secret, timeoutMs }) => (window as unknown as BenchWindow).oursBench!.push(user, secret, timeoutMs),
          { user: username, secret: password, timeoutMs: PUSH_TIMEOUT_MS },
        );
        // awaitInSync() says the device is done; the figure stops when the server holds all of them.
        let serverCount = await ownerDocCount(currentStore, pusher.userId);
        const countedAfterInSync = serverCount < PUSH_DOCS;
        let endEpochMs = result.inSyncEpochMs;
        const giveUpAt = Date.now() + GRACE_MS;
        while (serverCount < PUSH_DOCS && Date.now() < giveUpAt) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          serverCount = await ownerDocCount(currentStore, pusher.userId);
          endEpochMs = Date.now();
        }
        await page.evaluate(() => (window as unknown as BenchWindow).oursBench!.closeWorkspace());
        const pushAnsweredMs = Math.max(...result.pushRequests.map((request) => request.startMs + request.durationMs)) - result.openedAtMs;
        const pullBytes = result.pullRequests.reduce((sum, request) => sum + request.transferBytes, 0);
        return {
          ...result, complete: serverCount >= PUSH_DOCS, ms: endEpochMs - result.startEpochMs, serverCount, countedAfterInSync, username, pushAnsweredMs, pullBytes,
        };
      });
      log(`push ${run}/${RUNS} ours: ${ours.complete ? `${Math.round(ours.ms)} ms` : 'INCOMPLETE'}, ${ours.serverCount} of ${PUSH_DOCS} on the server, ` +
        `${ours.pushRequests.length} push + ${ours.pullRequests.length} pull round trips; push answered after ${Math.round(ours.pushAnsweredMs)} ms ` +
        `(request ${ours.pushRequests.map((request) => request.durationMs).join('/')} ms), ${round(ours.pullBytes / 1024 / 1024, 2)} MB pulled back ` +
        `(sign-in ${Math.round(ours.loginMs)} ms)`);
      if (!ours.complete) log(`  ERROR: awaitInSync() resolved but the server holds only ${ours.serverCount} of ${PUSH_DOCS} drafts`);
      pushRuns.push({ raw: { bulkMs, docs: PUSH_DOCS }, pouch, ours });
    }

    // --- figures --------------------------------------------------------------------------------
    // Ours counts only when every run delivered everything: a partial sync has no time to compare.
    const pullComplete = pullRuns.every((run) => run.ours.complete);
    const reviewerComplete = pullRuns.every((run) => run.reviewer.ours.complete);
    const pushComplete = pushRuns.every((run) => run.ours.complete);
    const pull = {
      rawMs: median(pullRuns.map((run) => run.raw.totalMs)),
      rawFetchMs: median(pullRuns.map((run) => run.raw.fetchMs)),
      rawIdbMs: median(pullRuns.map((run) => run.raw.idbWriteMs)),
      pouchMs: median(pullRuns.map((run) => run.pouch.ms)),
      pouchRoundTrips: median(pullRuns.map((run) => run.pouch.requests)),
      oursMs: pullComplete ? median(pullRuns.map((run) => run.ours.totalMs)) : null,
      oursInSyncMs: median(pullRuns.map((run) => run.ours.inSyncMs)),
      oursDocs: median(pullRuns.map((run) => run.ours.localCount)),
      oursRoundTrips: median(pullRuns.map((run) => run.ours.pullRequests.length)),
      oursHeapMb: median(pullRuns.map((run) => run.ours.heapUsedMb)),
      oursRequestsMs: median(pullRuns.map((run) => run.ours.pullRequests.reduce((sum, request) => sum + request.durationMs, 0))),
      walkMs: median(pullRuns.map((run) => run.serverPullWalk.ms)),
      walkRequests: median(pullRuns.map((run) => run.serverPullWalk.requests)),
      storeWalkMs: median(pullRuns.map((run) => run.storeWalk.ms)),
      storeRowsFetchMs: median(pullRuns.map((run) => run.storeWalk.rowsThenFetch.ms)),
      storeRowsMs: median(pullRuns.map((run) => run.storeWalk.rowsThenFetch.viewMs)),
    };
    const reviewer = {
      oursMs: reviewerComplete ? median(pullRuns.map((run) => run.reviewer.ours.totalMs)) : null,
      oursDocs: median(pullRuns.map((run) => run.reviewer.ours.localCount)),
      roundTrips: median(pullRuns.map((run) => run.reviewer.ours.pullRequests.length)),
      requestsMs: median(pullRuns.map((run) => run.reviewer.ours.pullRequests.reduce((sum, request) => sum + request.durationMs, 0))),
      walkMs: median(pullRuns.map((run) => run.reviewer.serverPullWalk.ms)),
      walkRequests: median(pullRuns.map((run) => run.reviewer.serverPullWalk.requests)),
      storeWalkMs: median(pullRuns.map((run) => run.reviewer.storeWalk.ms)),
      storeRowsFetchMs: median(pullRuns.map((run) => run.reviewer.storeWalk.rowsThenFetch.ms)),
      storeRowsMs: median(pullRuns.map((run) => run.reviewer.storeWalk.rowsThenFetch.viewMs)),
    };
    const push = {
      rawMs: median(pushRuns.map((run) => run.raw.bulkMs)),
      pouchMs: median(pushRuns.map((run) => run.pouch.ms)),
      pouchRoundTrips: median(pushRuns.map((run) => run.pouch.requests)),
      oursMs: pushComplete ? median(pushRuns.map((run) => run.ours.ms)) : null,
      oursPushRoundTrips: median(pushRuns.map((run) => run.ours.pushRequests.length)),
      oursPullRoundTrips: median(pushRuns.map((run) => run.ours.pullRequests.length)),
      oursPushAnsweredMs: median(pushRuns.map((run) => run.ours.pushAnsweredMs)),
      oursPushRequestMs: median(pushRuns.map((run) => run.ours.pushRequests.reduce((sum, request) => sum + request.durationMs, 0))),
      oursPullBytes: median(pushRuns.map((run) => run.ours.pullBytes)),
    };
    const orNull = (value: number | null, f: (v: number) => number): number | null => (value === null ? null : f(value));
    const figures: Figures = {
      pull: {
        docs: PULL_DOCS,
        complete: pullComplete,
        medianMs: { raw: round(pull.rawMs), rawFetch: round(pull.rawFetchMs), rawIdbWrite: round(pull.rawIdbMs), pouchdb: round(pull.pouchMs), ours: orNull(pull.oursMs, round) },
        docsPerSecond: { raw: perSecond(PULL_DOCS, pull.rawMs), pouchdb: perSecond(PULL_DOCS, pull.pouchMs), ours: orNull(pull.oursMs, (ms) => perSecond(PULL_DOCS, ms)) },
        roundTrips: { raw: 1, pouchdb: pull.pouchRoundTrips, ours: pull.oursRoundTrips },
        ratios: {
          oursVsRaw: orNull(pull.oursMs, (ms) => ratio(ms, pull.rawMs)),
          oursVsPouchdb: orNull(pull.oursMs, (ms) => ratio(ms, pull.pouchMs)),
          pouchdbVsRaw: ratio(pull.pouchMs, pull.rawMs),
        },
        targets: { oursVsRawMax: TARGETS.pullVsRaw, roundTripsMax: TARGETS.pullRoundTrips },
        meetsTargets: { vsRaw: pull.oursMs !== null && pull.oursMs / pull.rawMs <= TARGETS.pullVsRaw, roundTrips: pullComplete && pull.oursRoundTrips <= TARGETS.pullRoundTrips },
        oursWhenIncomplete: pullComplete ? null : {
          docsArrivedMedian: pull.oursDocs,
          awaitInSyncMsMedian: round(pull.oursInSyncMs),
          reason: 'awaitInSync() resolved before every document arrived, and no more came; see runs.pull[].ours and serverPullWalk.pageSizes',
        },
        oursBreakdown: {
          note: 'medians; requests = sum of the pull requests\' durations (Resource Timing), the rest is the page between them (RxDB/Dexie writes, opening)',
          requestsMs: round(pull.oursRequestsMs),
          restMs: orNull(pull.oursMs, (ms) => round(ms - pull.oursRequestsMs)),
        },
        serverPullWalk: {
          note: 'Node walks /api/sync/applications/pull until an empty page (no browser, no RxDB)',
          medianMs: round(pull.walkMs),
          requests: pull.walkRequests,
          pageSizes: pullRuns[0]?.serverPullWalk.pageSizes ?? [],
        },
        storeWalk: {
          note: 'Node reads the reach view rows of user:<owner> straight from the store in pages of MAX_BATCH_SIZE: with include_docs (medianMs), and rows alone then _all_docs?keys (a device pull\'s way)',
          medianMs: round(pull.storeWalkMs),
          rowsThenFetchMs: round(pull.storeRowsFetchMs),
          rowsOnlyMs: round(pull.storeRowsMs),
        },
      },
      reviewerPull: {
        note: `a reviewer of an agency with ${PULL_DOCS} in-review applications routed to it (readers and sequences as the server writes them), same raw limit as the applicant pull`,
        docs: PULL_DOCS,
        complete: reviewerComplete,
        medianMs: { raw: round(pull.rawMs), ours: orNull(reviewer.oursMs, round) },
        docsArrivedMedian: reviewer.oursDocs,
        roundTrips: reviewer.roundTrips,
        ratios: {
          oursVsRaw: orNull(reviewer.oursMs, (ms) => ratio(ms, pull.rawMs)),
          oursVsApplicantPull: reviewer.oursMs !== null && pull.oursMs !== null ? ratio(reviewer.oursMs, pull.oursMs) : null,
        },
        meetsTargets: {
          vsRaw: reviewer.oursMs !== null && reviewer.oursMs / pull.rawMs <= TARGETS.pullVsRaw,
          roundTrips: reviewerComplete && reviewer.roundTrips <= TARGETS.pullRoundTrips,
        },
        oursBreakdown: { requestsMs: round(reviewer.requestsMs), restMs: orNull(reviewer.oursMs, (ms) => round(ms - reviewer.requestsMs)) },
        serverPullWalk: { medianMs: round(reviewer.walkMs), requests: reviewer.walkRequests, pageSizes: pullRuns[0]?.reviewer.serverPullWalk.pageSizes ?? [] },
        storeWalk: {
          note: 'the agency:<id> key read straight from the store as above',
          medianMs: round(reviewer.storeWalkMs), rowsThenFetchMs: round(reviewer.storeRowsFetchMs), rowsOnlyMs: round(reviewer.storeRowsMs),
        },
      },
      push: {
        docs: PUSH_DOCS,
        complete: pushComplete,
        medianMs: { raw: round(push.rawMs), pouchdb: round(push.pouchMs), ours: orNull(push.oursMs, round) },
        docsPerSecond: { raw: perSecond(PUSH_DOCS, push.rawMs), pouchdb: perSecond(PUSH_DOCS, push.pouchMs), ours: orNull(push.oursMs, (ms) => perSecond(PUSH_DOCS, ms)) },
        roundTrips: { raw: 1, pouchdb: push.pouchRoundTrips, oursPush: push.oursPushRoundTrips, oursPull: push.oursPullRoundTrips },
        ratios: {
          oursVsRaw: orNull(push.oursMs, (ms) => ratio(ms, push.rawMs)),
          oursVsPouchdb: orNull(push.oursMs, (ms) => ratio(ms, push.pouchMs)),
          pouchdbVsRaw: ratio(push.pouchMs, push.rawMs),
        },
        targets: { oursVsRawMax: TARGETS.pushVsRaw },
        meetsTargets: { vsRaw: push.oursMs !== null && push.oursMs / push.rawMs <= TARGETS.pushVsRaw },
        oursBreakdown: {
          note: 'medians; the figure above runs until awaitInSync(), which also waits for the pull that the push triggers',
          pushAnsweredMs: round(push.oursPushAnsweredMs),
          pushRequestMs: round(push.oursPushRequestMs),
          pushRequestVsRaw: ratio(push.oursPushRequestMs, push.rawMs),
          pulledBackBytes: push.oursPullBytes,
        },
      },
      bundle: {
        ...bundle,
        gzipKb: round(bundle.gzipBytes / 1024),
        targetKbMax: TARGETS.bundleGzipKb,
        meetsTarget: bundle.gzipBytes / 1024 <= TARGETS.bundleGzipKb,
      },
      memory: {
        note: 'JS heap of the bench tab (Workspace open, pulled documents loaded) after a forced GC; the app shell is not rendered in it',
        jsHeapUsedMbMedian: pull.oursHeapMb,
        tabLimitMb: TARGETS.tabMemoryMb,
      },
    };

    const result = {
      date: new Date().toISOString(),
      durationS: round((performance.now() - benchStarted) / 1000),
      machine: {
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: round(os.totalmem() / 1024 ** 3),
        node: process.version,
        chromium: chromiumName,
      },
      setup: {
        store: external ? 'COUCHDB_URL' : 'embedded (PouchDB Server / express-pouchdb over LevelDB), own process on 127.0.0.1',
        runs: RUNS,
        pullDocs: PULL_DOCS,
        pushDocs: PUSH_DOCS,
        docBytesAvg: Math.round(seeded.jsonBytes / PULL_DOCS),
        pullJsonMb: round(seeded.jsonBytes / 1024 / 1024, 2),
        seedMs: {
          applications: Math.round(seeded.seedMs), raw: Math.round(seeded.rawSeedMs), indexWarmUp: Math.round(seeded.indexWarmMs), reachViewWarmUp: Math.round(seeded.reachViewWarmMs),
          reviewerQueue: Math.round(queue.seedMs), reviewerQueueReachViewUpdate: Math.round(queue.reachViewWarmMs),
        },
        notes: [
          'raw pull = one nano _all_docs?include_docs=true in Node + one IndexedDB readwrite transaction of the same docs in the browser (docs fetched before timing)',
          'PouchDB and the browser half of raw go through bench/proxy.ts (same-origin static + /couch/* streamed to the store with node:http): one extra loopback hop',
          `ours = Workspace.open(user) until awaitInSync() (and ${PULL_DOCS} docs counted locally) in a fresh profile; sign-in is timed separately`,
          `ours push = Workspace.open(user) with ${PUSH_DOCS} drafts already in the local database until awaitInSync() and the server holding all of them`,
          'round trips: Resource Timing entries in the page (ours: URLs containing /api/sync/applications/pull; PouchDB: /couch/); the proxy count is kept too',
          `reviewer pull = the same as ours for an agency-reviewer account whose agency has ${PULL_DOCS} in-review applications routed to it (another citizen's), ` +
            'stored with applicationReaders through withReach and SequenceClock sequences; its ratio is to the applicant pull\'s raw limit (same count, same answers)',
        ],
      },
      figures,
      runs: { pull: pullRuns, push: pushRuns },
    };
    await fs.mkdir('bench/results', { recursive: true });
    await fs.writeFile(resultsFile('latest'), `${JSON.stringify(result, null, 2)}\n`);
    printTable(figures, result.machine.chromium);
    log(`wrote ${resultsFile('latest')}`);
    if (!pullComplete || !pushComplete || !reviewerComplete) {
      console.error(`bench: ERROR: our sync did not deliver everything (${pullComplete ? '' : 'pull '}${reviewerComplete ? '' : 'reviewer pull '}${pushComplete ? '' : 'push'}): ` +
        'the figures above are written, but this is a correctness failure, not a slow figure');
      return false;
    }
    return true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

async function removeBenchAccount(store: Store, username: string): Promise<void> {
  const user = await store.users.get(`user:${username}`);
  const owned = await store.applications.find({
    selector: { ownerId: user.userId, serverSeq: { $gt: -1 } }, limit: PULL_DOCS + PUSH_DOCS, use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
  });
  const docs = owned.docs.map((doc) => ({ _id: doc._id, _rev: doc._rev, _deleted: true }));
  for (let start = 0; start < docs.length; start += SEED_BATCH) {
    await store.applications.bulk({ docs: docs.slice(start, start + SEED_BATCH) as unknown as StoredApplication[] });
  }
  await store.users.destroy(user._id, user._rev!);
}

type Ms = number | null;

interface Figures {
  pull: {
    docs: number;
    complete: boolean;
    medianMs: { raw: number; rawFetch: number; rawIdbWrite: number; pouchdb: number; ours: Ms };
    docsPerSecond: { raw: number; pouchdb: number; ours: Ms };
    roundTrips: { raw: number; pouchdb: number; ours: number };
    ratios: { oursVsRaw: Ms; oursVsPouchdb: Ms; pouchdbVsRaw: number };
    targets: { oursVsRawMax: number; roundTripsMax: number };
    meetsTargets: { vsRaw: boolean; roundTrips: boolean };
    oursWhenIncomplete: { docsArrivedMedian: number; awaitInSyncMsMedian: number; reason: string } | null;
    oursBreakdown: { note: string; requestsMs: number; restMs: Ms };
    serverPullWalk: { note: string; medianMs: number; requests: number; pageSizes: number[] };
    storeWalk: { note: string; medianMs: number; rowsThenFetchMs: number; rowsOnlyMs: number };
  };
  reviewerPull: {
    note: string;
    docs: number;
    complete: boolean;
    medianMs: { raw: number; ours: Ms };
    docsArrivedMedian: number;
    roundTrips: number;
    ratios: { oursVsRaw: Ms; oursVsApplicantPull: Ms };
    meetsTargets: { vsRaw: boolean; roundTrips: boolean };
    oursBreakdown: { requestsMs: number; restMs: Ms };
    serverPullWalk: { medianMs: number; requests: number; pageSizes: number[] };
    storeWalk: { note: string; medianMs: number; rowsThenFetchMs: number; rowsOnlyMs: number };
  };
  push: {
    docs: number;
    complete: boolean;
    medianMs: { raw: number; pouchdb: number; ours: Ms };
    docsPerSecond: { raw: number; pouchdb: number; ours: Ms };
    roundTrips: { raw: number; pouchdb: number; oursPush: number; oursPull: number };
    ratios: { oursVsRaw: Ms; oursVsPouchdb: Ms; pouchdbVsRaw: number };
    targets: { oursVsRawMax: number };
    meetsTargets: { vsRaw: boolean };
    oursBreakdown: { note: string; pushAnsweredMs: number; pushRequestMs: number; pushRequestVsRaw: number; pulledBackBytes: number };
  };
  bundle: { file: string; bytes: number; gzipBytes: number; gzipLevel: number; gzipKb: number; targetKbMax: number; meetsTarget: boolean };
  memory: { note: string; jsHeapUsedMbMedian: number; tabLimitMb: number };
}

function printTable(figures: Figures, chromiumName: string): void {
  const seconds = (ms: Ms): string => (ms === null ? 'INCOMPLETE' : `${(ms / 1000).toFixed(2)} s`);
  const times = (value: Ms): string => (value === null ? '-' : `${value}x`);
  const text = (value: Ms): string => (value === null ? '-' : String(value));
  const { pull, push, reviewerPull } = figures;
  const rows: string[][] = [
    [`figure (median of ${RUNS})${SMALL ? ', SMALL run' : ''}`, 'ours', 'raw', 'PouchDB', 'ours/raw', 'ours/PouchDB', 'target'],
    [`pull ${PULL_DOCS} into a fresh profile`, seconds(pull.medianMs.ours), seconds(pull.medianMs.raw), seconds(pull.medianMs.pouchdb),
      times(pull.ratios.oursVsRaw), times(pull.ratios.oursVsPouchdb), `<= ${TARGETS.pullVsRaw}x raw`],
    ['  docs/s', text(pull.docsPerSecond.ours), String(pull.docsPerSecond.raw), String(pull.docsPerSecond.pouchdb), '', '', ''],
    ['  HTTP round trips', String(pull.roundTrips.ours), String(pull.roundTrips.raw), String(pull.roundTrips.pouchdb), '', '', `<= ${TARGETS.pullRoundTrips}`],
    ...(pull.oursWhenIncomplete ? [['  ours: docs arrived / awaitInSync', `${pull.oursWhenIncomplete.docsArrivedMedian}`,
      seconds(pull.oursWhenIncomplete.awaitInSyncMsMedian), '', '', '', `${pull.docs}`]] : []),
    ['  ours: in pull requests / between', `${seconds(pull.oursBreakdown.requestsMs)} / ${seconds(pull.oursBreakdown.restMs)}`, '', '', '', '', ''],
    ['  server pull walk (Node)', seconds(pull.serverPullWalk.medianMs), '', '', '', '', `${pull.serverPullWalk.requests} requests`],
    ['  store alone: view+docs / rows, fetch', `${seconds(pull.storeWalk.medianMs)} / ${seconds(pull.storeWalk.rowsThenFetchMs)}`, '', '', '', '',
      `rows ${seconds(pull.storeWalk.rowsOnlyMs)}`],
    [`reviewer pull, agency queue of ${reviewerPull.docs}`, seconds(reviewerPull.medianMs.ours), seconds(reviewerPull.medianMs.raw), '',
      times(reviewerPull.ratios.oursVsRaw), '', `<= ${TARGETS.pullVsRaw}x raw`],
    ['  HTTP round trips', String(reviewerPull.roundTrips), '1', '', '', '', `<= ${TARGETS.pullRoundTrips}`],
    ['  ours: in pull requests / between', `${seconds(reviewerPull.oursBreakdown.requestsMs)} / ${seconds(reviewerPull.oursBreakdown.restMs)}`, '', '', '', '', ''],
    ['  server pull walk (Node)', seconds(reviewerPull.serverPullWalk.medianMs), '', '', '', '', `${reviewerPull.serverPullWalk.requests} requests`],
    ['  store alone: view+docs / rows, fetch', `${seconds(reviewerPull.storeWalk.medianMs)} / ${seconds(reviewerPull.storeWalk.rowsThenFetchMs)}`, '', '', '', '',
      `rows ${seconds(reviewerPull.storeWalk.rowsOnlyMs)}`],
    [`push ${PUSH_DOCS} drafts`, seconds(push.medianMs.ours), seconds(push.medianMs.raw), seconds(push.medianMs.pouchdb),
      times(push.ratios.oursVsRaw), times(push.ratios.oursVsPouchdb), `<= ${TARGETS.pushVsRaw}x raw`],
    ['  docs/s', text(push.docsPerSecond.ours), String(push.docsPerSecond.raw), String(push.docsPerSecond.pouchdb), '', '', ''],
    ['  HTTP round trips (push)', String(push.roundTrips.oursPush), String(push.roundTrips.raw), String(push.roundTrips.pouchdb), '', '', ''],
    ['  ours: the push request alone', seconds(push.oursBreakdown.pushRequestMs), '', '', `${push.oursBreakdown.pushRequestVsRaw}x`, '', ''],
    ['  ours: pulled back after pushing', `${round(push.oursBreakdown.pulledBackBytes / 1024 / 1024, 2)} MB`, '', '', '', '',
      `${push.roundTrips.oursPull} pull requests`],
    ['app JS before first render, gzip', `${figures.bundle.gzipKb} KB`, '', '', '', '', `<= ${TARGETS.bundleGzipKb} KB`],
    ['JS heap after the pull', `${figures.memory.jsHeapUsedMbMedian} MB`, '', '', '', '', `tab <= ${TARGETS.tabMemoryMb} MB`],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log('');
  console.log(`PTSP sync bench (${chromiumName}, ${os.cpus().length} cores, Node ${process.version}); ` +
    'PouchDB and the raw IndexedDB half reached the store through the bench proxy');
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  console.log('');
}

try {
  const complete = await main();
  process.exit(complete ? 0 : 2);
} catch (error) {
  console.error('bench failed:', error);
  process.exit(1);
}
