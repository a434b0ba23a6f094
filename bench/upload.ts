/**
 * `npm run bench` (third part): 20 photos of ~300 KB uploaded over a throttled link (400 kbit/s
 * both ways, 400 ms round trip), against the raw byte time, in one run:
 *
 * - ours: the app's device code in Debian's Chromium (Workspace → DocumentStore.attach → the upload
 *   queue: declare, 256 KB pieces, digest check on the server) against a real sync server and the
 *   embedded store. The 10 TDP applications (KTP + NPWP each) are created through replication
 *   first. The photos are attached while the bench holds the account's upload lock, so the timed
 *   window starts with all 20 queued and nothing sent ("attach done"), and ends when the store
 *   holds all 20 complete (polled in ptsp_files) — the device's progress$ is reported next to it;
 * - raw measured: the same kept bytes, one plain `fetch` PUT per photo, one after the other, from
 *   the same page through the same throttle, to a route that only drains the body;
 * - raw theoretical: total bytes / 400 kbit/s + one round trip.
 *
 * Throttling: Chrome DevTools Protocol `Network.emulateNetworkConditions` on the page (latency
 * 400 ms, 50,000 B/s down and up). It throttles request bodies too in this Chromium: the bench
 * checks it first with one 300 KB PUT, which must take ≈ 6.1 s + 0.4 s, and stops if it does not.
 * Chromium applies the latency once per request (not per TCP segment), and shares the rate among
 * the requests in flight; there is no TCP slow start or packet loss. The proxy-in-the-middle route
 * (bench/proxy.ts) was not needed.
 *
 * Runs once (about 5 minutes: ~6 MB twice at 400 kbit/s). Results: bench/results/upload.json and a
 * table. A benchmark reports; it exits non-zero only on an error or a wrong result (a file missing,
 * incomplete or with another digest in the store).
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startEmbeddedStore, type EmbeddedStore } from '../sync-server/embedded-store.js';
import { startServer, type RunningServer } from '../sync-server/server.js';
import { connectStore, OWNER_SEQ_INDEX, prepareStore, type Store, type StoredApplication, type StoredFile } from '../sync-server/store.js';
import { ensureUser } from '../sync-server/users.js';
import { CHROMIUM, CHROMIUM_ARGS, freePort } from '../tests/e2e/harness.js';
import type { AttachedPhoto, FileTimes, UploadBenchApi } from './pages/upload-page.js';
import { resultsFile, SMALL } from './size.js';
import { startUploadFront, type FrontRequest, type UploadFront } from './upload-front.js';

// Small (CI): two applications, four photos over the same throttled link (about a minute).
const APPLICATIONS = SMALL ? 2 : 10;
const PHOTOS = APPLICATIONS * 2;
/** ~300 KB as the app counts it (describeSize: 1 KB = 1024 B). */
const PHOTO_BYTES = 300 * 1024;
/** Above the photos' size, so the app's compression keeps them at about that size. */
const PHOTO_TARGET_KB = 400;
const LINK = { kbps: 400, latencyMs: 400 } as const;
const BYTES_PER_SECOND = (LINK.kbps * 1000) / 8;
const ATTACH_TIMEOUT_MS = 300_000;
const UPLOAD_TIMEOUT_MS = 900_000;
const POLL_MS = 200;
const GRACE_MS = 10_000;

const started = performance.now();
const log = (message: string): void => console.log(`[upload ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const bench = (): UploadBenchApi => (window as unknown as { uploadBench: UploadBenchApi }).uploadBench;

async function chromiumVersion(): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)(CHROMIUM, ['--version']);
  return `${stdout}\n${stderr}`.split('\n').find((line) => /Chromium \d/.test(line))?.trim() ?? stdout.trim();
}

async function buildPage(outDir: string): Promise<void> {
  await build({
    entryPoints: { upload: 'bench/pages/upload-page.ts' }, outdir: outDir, bundle: true, format: 'esm', platform: 'browser',
    target: 'es2022', minify: true, define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' }, logLevel: 'warning',
  });
  await fs.writeFile(path.join(outDir, 'upload.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>bench upload</title><script type="module" src="/upload.js"></script></head><body></body></html>\n');
}

/** Calls the page's API (sent as source: page.evaluate cannot carry a closure over Node values). */
function call<T>(page: Page, method: keyof UploadBenchApi, ...args: unknown[]): Promise<T> {
  return page.evaluate(`(${bench.toString()})().${method}(...${JSON.stringify(args)})`) as Promise<T>;
}

async function throttle(page: Page): Promise<void> {
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  await session.send('Network.emulateNetworkConditions', {
    offline: false, latency: LINK.latencyMs, downloadThroughput: BYTES_PER_SECOND, uploadThroughput: BYTES_PER_SECOND,
  });
}

async function filesOf(store: Store, ids: string[]): Promise<Map<string, StoredFile>> {
  const result = await store.files.fetch({ keys: ids });
  const found = new Map<string, StoredFile>();
  for (const row of result.rows) {
    const doc = 'doc' in row ? (row.doc as StoredFile | null | undefined) : undefined;
    if (doc) found.set(doc._id, doc);
  }
  return found;
}

/** Until the store holds every file complete: polls ptsp_files (a `_all_docs` of 20 keys, no bytes). */
async function watchStore(store: Store, ids: string[], stop: { now: boolean }): Promise<{ doneEpochMs: number | null; polls: number }> {
  let polls = 0;
  while (!stop.now) {
    const files = await filesOf(store, ids);
    const now = Date.now();
    polls++;
    if (ids.every((id) => files.get(id)?.complete === true)) return { doneEpochMs: now, polls };
    await sleep(POLL_MS);
  }
  return { doneEpochMs: null, polls };
}

async function applicationRefsOnServer(store: Store, photos: AttachedPhoto[]): Promise<number> {
  const ids = [...new Set(photos.map((photo) => photo.applicationId))];
  const result = await store.applications.fetch({ keys: ids });
  const docs = new Map<string, StoredApplication>();
  for (const row of result.rows) if ('doc' in row && row.doc) docs.set(row.doc._id, row.doc);
  return photos.filter((photo) => docs.get(photo.applicationId)?.documents?.[photo.requirementId]?.fileId === photo.ref.fileId).length;
}

interface Verification {
  ok: boolean;
  filesComplete: number;
  digestsMatchDeclared: number;
  storedBytesMatchDigest: number;
  sameBytesAsRawBaseline: number;
  distinctDigests: number;
  problems: string[];
}

/** Every file complete in the store, with the declared size and SHA-256, computed here from the stored bytes. */
async function verify(store: Store, photos: AttachedPhoto[], rawDigests: string[]): Promise<Verification> {
  const problems: string[] = [];
  const files = await filesOf(store, photos.map((photo) => photo.ref.fileId));
  let [filesComplete, digestsMatchDeclared, storedBytesMatchDigest, sameBytesAsRawBaseline] = [0, 0, 0, 0];
  for (const [index, photo] of photos.entries()) {
    const { ref } = photo;
    const doc = files.get(ref.fileId);
    if (!doc) {
      problems.push(`${ref.fileId}: not in ptsp_files`);
      continue;
    }
    if (doc.complete && doc.receivedBytes === ref.size) filesComplete++;
    else problems.push(`${ref.fileId}: complete=${doc.complete}, ${doc.receivedBytes} of ${ref.size} bytes`);
    if (doc.sha256 === ref.sha256 && doc.size === ref.size && doc.applicationId === photo.applicationId && doc.requirementId === photo.requirementId) digestsMatchDeclared++;
    else problems.push(`${ref.fileId}: stored declaration differs from the device's ref`);
    const bytes = await store.files.attachment.get(ref.fileId, 'file').catch(() => undefined);
    if (bytes && bytes.length === ref.size && sha256(bytes) === ref.sha256) storedBytesMatchDigest++;
    else problems.push(`${ref.fileId}: stored bytes ${bytes ? `${bytes.length} B, sha256 ${sha256(bytes).slice(0, 12)}…` : 'missing'} vs ref ${ref.size} B ${ref.sha256.slice(0, 12)}…`);
    if (rawDigests[index] === ref.sha256) sameBytesAsRawBaseline++;
    else problems.push(`${ref.fileId}: the raw baseline sent other bytes`);
  }
  const distinctDigests = new Set(photos.map((photo) => photo.ref.sha256)).size;
  if (distinctDigests !== photos.length) problems.push(`only ${distinctDigests} distinct photos`);
  const ok = problems.length === 0 && filesComplete === PHOTOS;
  return { ok, filesComplete, digestsMatchDeclared, storedBytesMatchDigest, sameBytesAsRawBaseline, distinctDigests, problems };
}

function countRequests(requests: FrontRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const key = `${request.method} ${request.path.replace(/\/api\/uploads\/[^/]+$/, '/api/uploads/:fileId')}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const wireUp = (requests: FrontRequest[]): number => requests.reduce((sum, request) => sum + request.requestHeaderBytes + request.requestBodyBytes, 0);
const bodiesUp = (requests: FrontRequest[]): number => requests.reduce((sum, request) => sum + request.requestBodyBytes, 0);
const bodiesDown = (requests: FrontRequest[]): number => requests.reduce((sum, request) => sum + request.responseBodyBytes, 0);

async function main(): Promise<boolean> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-bench-upload-'));
  const external = Boolean(process.env.COUCHDB_URL);
  let embedded: EmbeddedStore | undefined;
  let server: RunningServer | undefined;
  let front: UploadFront | undefined;
  let context: BrowserContext | undefined;
  let store: Store | undefined;
  let username: string | undefined;
  let fileIds: string[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> => (cleaning ??= (async () => {
    await context?.close().catch(() => undefined);
    await front?.close().catch(() => undefined);
    await server?.close().catch((error: unknown) => log(`server close: ${String(error)}`));
    if (external && store && username) await removeBenchData(store, username, fileIds).catch(() => undefined);
    await embedded?.stop().catch((error: unknown) => log(`store stop: ${String(error)}`));
    await fs.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
  })());
  const onSignal = (): void => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const pageDir = path.join(root, 'page');
    const staticDir = path.join(root, 'static');
    await fs.mkdir(staticDir, { recursive: true });
    await buildPage(pageDir);
    if (!external) embedded = await startEmbeddedStore(path.join(root, 'store'));
    const storeUrl = process.env.COUCHDB_URL ?? embedded?.url ?? '';
    store = connectStore(storeUrl);
    await prepareStore(store);
    server = await startServer({ port: await freePort(), host: '127.0.0.1', couchUrl: storeUrl, dataDir: root, staticDir, loadDemoData: true });
    front = await startUploadFront(server.url, pageDir);
    log(`${external ? 'store at COUCHDB_URL' : `embedded store ${storeUrl}`}, sync server ${server.url}, front ${front.url}`);

    const tag = randomBytes(4).toString('hex');
    const password = randomBytes(12).toString('base64url');
    username = `bench-upload-${tag}`;
    const account = await ensureUser(store, { username, password, displayName: 'Bench Upload', role: 'applicant' });

    context = await chromium.launchPersistentContext(path.join(root, 'profile'), {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (text.includes('RxDB Open Core RxStorage') || /status of 404/.test(text)) return;
      if (message.type() === 'error' || message.type() === 'warning') log(`console ${message.type()}: ${text.split('\n')[0]!.slice(0, 200)}`);
    });
    await page.goto(`${front.url}/upload.html`);
    await page.waitForFunction(() => 'uploadBench' in window, undefined, { timeout: 30_000 });

    // --- setup, not timed, on the unthrottled link ---------------------------------------------
    const made = await call<{ sizes: number[]; ms: number }>(page, 'makePhotos', PHOTOS, PHOTO_BYTES);
    log(`${PHOTOS} JPEGs drawn (1600x1200, quality 0.85) in ${Math.round(made.ms)} ms: ${made.sizes.map((size) => Math.round(size / 1024)).join(', ')} KB`);
    const created = await call<{ applicationIds: string[]; ms: number }>(page, 'createApplications', username, password, APPLICATIONS);
    const onServer = await store.applications.find({
      selector: { ownerId: account.userId, serverSeq: { $gt: -1 } }, fields: ['_id'], limit: 1000, use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
    });
    if (onServer.docs.length !== APPLICATIONS) throw new Error(`the server holds ${onServer.docs.length} of ${APPLICATIONS} applications after awaitInSync()`);
    log(`${APPLICATIONS} TDP drafts created and replicated to the server in ${Math.round(created.ms)} ms`);

    // --- the 3G link ------------------------------------------------------------------------------
    await throttle(page);
    const probe = await call<{ ms: number; drained: number }>(page, 'probe', PHOTO_BYTES);
    const probeExpectedMs = (PHOTO_BYTES / BYTES_PER_SECOND) * 1000 + LINK.latencyMs;
    log(`throttle check: one PUT of ${PHOTO_BYTES} B took ${Math.round(probe.ms)} ms (expected ≈ ${Math.round(probeExpectedMs)} ms)`);
    if (probe.drained !== PHOTO_BYTES || probe.ms < probeExpectedMs * 0.85) {
      throw new Error('the DevTools throttle does not hold request bodies back in this Chromium: use a throttling proxy (bench/proxy.ts) instead');
    }

    const attached = await call<{ photos: AttachedPhoto[]; attachMs: number; refsInSyncMs: number; pendingUploads: number; photoTargetKb: number }>(
      page, 'attachAll', PHOTO_TARGET_KB, ATTACH_TIMEOUT_MS);
    const photos = attached.photos;
    fileIds = photos.map((photo) => photo.ref.fileId);
    const totalBytes = photos.reduce((sum, photo) => sum + photo.ref.size, 0);
    log(`attached ${photos.length} photos in ${Math.round(attached.attachMs)} ms (compressed by the app, target ${attached.photoTargetKb} KB): ` +
      `${photos.map((photo) => Math.round(photo.ref.size / 1024)).join(', ')} KB = ${totalBytes} B; refs synced in ${Math.round(attached.refsInSyncMs)} ms; ` +
      `${attached.pendingUploads} uploads waiting`);
    if (attached.pendingUploads !== PHOTOS) throw new Error(`${attached.pendingUploads} uploads waiting, expected ${PHOTOS}`);
    let refs = await applicationRefsOnServer(store, photos);
    for (let waited = 0; refs < PHOTOS && waited < GRACE_MS; waited += POLL_MS) {
      await sleep(POLL_MS);
      refs = await applicationRefsOnServer(store, photos);
    }
    if (refs !== PHOTOS) throw new Error(`the server's applications name ${refs} of ${PHOTOS} files`);
    if ((await filesOf(store, fileIds)).size !== 0) throw new Error('files reached the store before the queue was let go');

    // --- ours ---------------------------------------------------------------------------------------
    front.reset();
    const stop = { now: false };
    const storeWatch = watchStore(store, fileIds, stop);
    const { startEpochMs } = await call<{ startEpochMs: number }>(page, 'startUploads');
    log(`upload queue let go: ${PHOTOS} files, ${totalBytes} B, at ${LINK.kbps} kbit/s ≥ ${round(totalBytes / BYTES_PER_SECOND)} s`);
    let device: { doneEpochMs: number; files: FileTimes[]; requests: { url: string }[]; states: { state: string; sent: number; total: number }[] };
    try {
      device = await call(page, 'awaitUploads', UPLOAD_TIMEOUT_MS);
    } catch (error) {
      stop.now = true;
      await storeWatch.catch(() => undefined);
      throw error;
    }
    // The store is watched a little longer than the device: normally it is done first (the device
    // learns it from the last answer, half a round trip later).
    const grace = setTimeout(() => {
      stop.now = true;
    }, GRACE_MS);
    const watched = await storeWatch;
    clearTimeout(grace);
    const oursRequests = front.requests();
    const uploadRequests = oursRequests.filter((request) => request.path.startsWith('/api/uploads'));
    const oursMs = watched.doneEpochMs === null ? null : watched.doneEpochMs - startEpochMs;
    const deviceMs = device.doneEpochMs - startEpochMs;
    const failed = device.states.filter((state) => state.state !== 'done').length;
    log(`ours: ${oursMs === null ? 'INCOMPLETE on the server' : `${round(oursMs / 1000, 2)} s until the store held all ${PHOTOS}`}, ` +
      `device saw all done after ${round(deviceMs / 1000, 2)} s, ${failed} not done; ${uploadRequests.length} upload requests ` +
      `(${JSON.stringify(countRequests(uploadRequests))}), ${oursRequests.length - uploadRequests.length} other requests`);

    // --- raw baseline -------------------------------------------------------------------------------
    front.reset();
    const raw = await call<{ ms: number; requests: number; bytesSent: number; bytesDrained: number; sha256: string[] }>(page, 'rawPuts', UPLOAD_TIMEOUT_MS);
    const rawRequests = front.requests().filter((request) => request.path === '/drain');
    log(`raw: ${raw.requests} plain PUTs of the same bytes (${raw.bytesSent} B, ${raw.bytesDrained} B drained) in ${round(raw.ms / 1000, 2)} s`);
    if (raw.bytesDrained !== totalBytes || raw.bytesSent !== totalBytes) throw new Error(`the raw baseline moved ${raw.bytesDrained} B, not ${totalBytes} B`);

    await call(page, 'close');

    // --- correctness --------------------------------------------------------------------------------
    const verification = await verify(store, photos, raw.sha256);
    log(`verified in the store: ${verification.filesComplete}/${PHOTOS} complete, ${verification.storedBytesMatchDigest}/${PHOTOS} stored bytes hash to the declared SHA-256, ` +
      `${verification.distinctDigests} distinct photos${verification.problems.length ? `; PROBLEMS: ${verification.problems.join('; ')}` : ''}`);

    // --- figures ------------------------------------------------------------------------------------
    const theoreticalMs = (totalBytes / BYTES_PER_SECOND) * 1000 + LINK.latencyMs;
    const perFile = device.files.map((file) => ({
      fileId: file.fileId,
      bytes: file.size,
      sendMs: file.startEpochMs !== null && file.doneEpochMs !== null ? Math.round(file.doneEpochMs - file.startEpochMs) : null,
      bytesAloneMs: Math.round((file.size / BYTES_PER_SECOND) * 1000),
    }));
    const sendTimes = perFile.flatMap((file) => (file.sendMs === null ? [] : [file.sendMs]));
    const ordered = [...device.files].sort((a, b) => (a.startEpochMs ?? 0) - (b.startEpochMs ?? 0));
    const gaps = ordered.slice(1).flatMap((file, index) => {
      const before = ordered[index]!;
      return file.startEpochMs !== null && before.doneEpochMs !== null ? [file.startEpochMs - before.doneEpochMs] : [];
    });
    const figures = {
      photos: PHOTOS,
      totalBytes,
      /** Decimal: 1 MB = 1,000,000 B. */
      totalMb: round(totalBytes / 1e6, 2),
      ours: {
        ms: oursMs === null ? null : Math.round(oursMs),
        complete: oursMs !== null && failed === 0,
        deviceAllDoneMs: Math.round(deviceMs),
        httpRequests: uploadRequests.length,
        httpRequestsByKind: countRequests(uploadRequests),
        otherRequestsInWindow: countRequests(oursRequests.filter((request) => !request.path.startsWith('/api/uploads'))),
        bytesUpBodies: bodiesUp(uploadRequests),
        bytesUpWithHeaders: wireUp(uploadRequests),
        bytesDownBodies: bodiesDown(uploadRequests),
        resourceTimingUploadRequests: device.requests.length,
        perFileSendMsMean: sendTimes.length ? Math.round(sendTimes.reduce((sum, ms) => sum + ms, 0) / sendTimes.length) : null,
        perFileBytesAloneMsMean: Math.round((totalBytes / PHOTOS / BYTES_PER_SECOND) * 1000),
        gapBetweenFilesMsMean: gaps.length ? Math.round(gaps.reduce((sum, ms) => sum + ms, 0) / gaps.length) : null,
        storePolls: watched.polls,
      },
      rawMeasured: {
        ms: Math.round(raw.ms),
        httpRequests: rawRequests.length,
        bytesUpBodies: bodiesUp(rawRequests),
        bytesUpWithHeaders: wireUp(rawRequests),
      },
      rawTheoretical: { ms: Math.round(theoreticalMs), formula: `${totalBytes} B / ${BYTES_PER_SECOND} B/s + one ${LINK.latencyMs} ms round trip` },
      ratios: {
        oursVsRawMeasured: oursMs === null ? null : round(oursMs / raw.ms, 2),
        oursVsTheoretical: oursMs === null ? null : round(oursMs / theoreticalMs, 2),
        rawMeasuredVsTheoretical: round(raw.ms / theoreticalMs, 2),
      },
    };
    const result = {
      date: new Date().toISOString(),
      durationS: round((performance.now() - started) / 1000),
      machine: { os: `${os.type()} ${os.release()} ${os.arch()}`, cpus: os.cpus().length, node: process.version, chromium: await chromiumVersion() },
      setup: {
        store: external ? 'COUCHDB_URL' : 'embedded (PouchDB Server over LevelDB), own process on 127.0.0.1',
        link: { ...LINK, bytesPerSecond: BYTES_PER_SECOND, how: 'CDP Network.emulateNetworkConditions on the page (latency per request, rate shared by requests in flight), both directions' },
        throttleCheck: { putBytes: PHOTO_BYTES, ms: Math.round(probe.ms), expectedMs: Math.round(probeExpectedMs) },
        applications: { count: APPLICATIONS, permitType: 'tdp', requirements: ['ktp', 'npwp'], createMs: Math.round(created.ms) },
        photos: {
          drawnBytes: made.sizes, keptBytes: photos.map((photo) => photo.ref.size), photoTargetKb: attached.photoTargetKb,
          attachMs: Math.round(attached.attachMs), refsInSyncMs: Math.round(attached.refsInSyncMs),
        },
        notes: [
          'the page is served by bench/upload-front.ts, which forwards /api to the sync server and answers PUT /drain: ours and raw take the same loopback hop',
          'ours = from releasing the account upload lock (all 20 attached, their refs already on the server) until ptsp_files holds all 20 complete (polled every 200 ms)',
          'raw measured = the 20 kept byte strings, one fetch PUT each to /drain, sequential, timed in the page',
          'one run (each side moves ~6 MB at 400 kbit/s); HTTP requests counted at the front server',
        ],
      },
      figures,
      verification,
      perFile,
    };
    await fs.mkdir('bench/results', { recursive: true });
    await fs.writeFile(resultsFile('upload'), `${JSON.stringify(result, null, 2)}\n`);
    printTable(figures, result.machine.chromium);
    log(`wrote ${resultsFile('upload')}`);
    if (!verification.ok || !figures.ours.complete) {
      console.error('bench upload: ERROR: not every file reached the store intact; the figures are written, but this is a correctness failure');
      return false;
    }
    return true;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

/** Only against a real CouchDB (COUCHDB_URL), which outlives the run. */
async function removeBenchData(store: Store, username: string, fileIds: string[]): Promise<void> {
  const user = await store.users.get(`user:${username}`);
  const owned = await store.applications.find({
    selector: { ownerId: user.userId, serverSeq: { $gt: -1 } }, limit: 1000, use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
  });
  await store.applications.bulk({ docs: owned.docs.map((doc) => ({ ...doc, _deleted: true })) });
  const files = await filesOf(store, fileIds);
  await store.files.bulk({ docs: [...files.values()].map((doc) => ({ ...doc, _deleted: true })) as StoredFile[] });
  await store.users.destroy(user._id, user._rev!);
}

type Figures = {
  totalBytes: number;
  totalMb: number;
  ours: { ms: number | null; httpRequests: number; deviceAllDoneMs: number; perFileSendMsMean: number | null; perFileBytesAloneMsMean: number; gapBetweenFilesMsMean: number | null };
  rawMeasured: { ms: number; httpRequests: number };
  rawTheoretical: { ms: number };
  ratios: { oursVsRawMeasured: number | null; oursVsTheoretical: number | null };
};

function printTable(figures: Figures, chromiumName: string): void {
  const seconds = (ms: number | null): string => (ms === null ? 'INCOMPLETE' : `${(ms / 1000).toFixed(1)} s`);
  const times = (value: number | null): string => (value === null ? '-' : `${value}x`);
  const rows = [
    ['figure (one run)', 'ours', 'raw measured', 'raw theoretical', 'ours/raw', 'ours/theoretical'],
    [`upload ${PHOTOS} photos, ${figures.totalMb} MB, ${LINK.kbps} kbit/s + ${LINK.latencyMs} ms RTT`, seconds(figures.ours.ms), seconds(figures.rawMeasured.ms),
      seconds(figures.rawTheoretical.ms), times(figures.ratios.oursVsRawMeasured), times(figures.ratios.oursVsTheoretical)],
    ['  HTTP requests', String(figures.ours.httpRequests), String(figures.rawMeasured.httpRequests), '1', '', ''],
    ['  device saw all done', seconds(figures.ours.deviceAllDoneMs), '', '', '', ''],
    ['  per photo: sending / its bytes alone', `${seconds(figures.ours.perFileSendMsMean)} / ${seconds(figures.ours.perFileBytesAloneMsMean)}`, '', '', '', ''],
    ['  gap between photos (device)', figures.ours.gapBetweenFilesMsMean === null ? '-' : `${figures.ours.gapBetweenFilesMsMean} ms`, '', '', '', ''],
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log('');
  console.log(`PTSP upload bench (${chromiumName}, ${os.cpus().length} cores, Node ${process.version}); throttled with DevTools network emulation`);
  for (const [index, row] of rows.entries()) {
    console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
  console.log('');
}

try {
  process.exit((await main()) ? 0 : 2);
} catch (error) {
  console.error('bench upload failed:', error);
  process.exit(1);
}
