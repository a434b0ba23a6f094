/**
 * Where a pull's and a push's time goes on the server, without a browser: seeds PULL_DOCS
 * applications of one applicant and an agency queue of as many, starts the sync server in this
 * process, then walks the pull as a device does (with a device name, pages of MAX_BATCH_SIZE) and
 * pushes PUSH_DOCS drafts in one request, each next to the store alone doing the same reads.
 * Run with `node --cpu-prof --import tsx bench/server-profile.ts` to see the server's own work;
 * COUCHDB_URL points it at a CouchDB, else it starts the embedded store. Not part of `npm run bench`:
 * a tool for finding costs, its figures are printed, not kept.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type nano from 'nano';
import { DEVICE_HEADER, EXPECTED_USER_HEADER, MAX_BATCH_SIZE, PER_ROW_REFUSALS_HEADER, type PullResponse } from '../common/sync-protocol.js';
import { startEmbeddedStore, type EmbeddedStore } from '../sync-server/embedded-store.js';
import { startServer } from '../sync-server/server.js';
import { connectStore, prepareStore, REACH_VIEW } from '../sync-server/store.js';
import { SequenceClock } from '../sync-server/sync/checkpoint.js';
import { ensureUser } from '../sync-server/users.js';
import { freePort } from '../tests/e2e/harness.js';
import { inReviewApplication, siupDraft, storedApplication } from './documents.js';

const PULL_DOCS = Number(process.env.PROFILE_DOCS ?? 10_000);
/** The device's own work between two pages (RxDB writing one page), simulated by waiting. */
const CLIENT_MS = Number(process.env.PROFILE_CLIENT_MS ?? 0);
const PUSH_DOCS = 1_000;
const RUNS = Number(process.env.PROFILE_RUNS ?? 3);

const ms = (value: number): string => `${Math.round(value)} ms`;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function bulk(db: nano.DocumentScope<object>, docs: object[]): Promise<void> {
  for (let start = 0; start < docs.length; start += 1000) {
    const results = await db.bulk({ docs: docs.slice(start, start + 1000) });
    if (results.some((result) => result.error)) throw new Error('seeding refused documents');
  }
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-profile-'));
let embedded: EmbeddedStore | undefined;
const storeUrl = process.env.COUCHDB_URL ?? (embedded = await startEmbeddedStore(path.join(root, 'store'))).url;
const store = connectStore(storeUrl);
await prepareStore(store);
const tag = randomBytes(4).toString('hex');
const password = randomBytes(12).toString('base64url');
const applicant = await ensureUser(store, { username: `prof-${tag}`, password, displayName: 'Profile', role: 'applicant' });
const agencyId = `prof-agency-${tag}`;
await ensureUser(store, { username: `prof-${tag}-reviewer`, password, displayName: 'Reviewer', role: 'agency-reviewer', agencyId });
const citizen = await ensureUser(store, { username: `prof-${tag}-citizen`, password, displayName: 'Citizen', role: 'applicant' });
const clock = new SequenceClock();
const now = Date.now() - 86_400_000;
await bulk(store.applications as unknown as nano.DocumentScope<object>,
  Array.from({ length: PULL_DOCS }, (_, index) => storedApplication(siupDraft(index, applicant.userId, now), clock.next())));
await bulk(store.applications as unknown as nano.DocumentScope<object>,
  Array.from({ length: PULL_DOCS }, (_, index) => inReviewApplication(siupDraft(index, citizen.userId, now), agencyId, clock.next())));
await store.applications.view(REACH_VIEW.ddoc, REACH_VIEW.name, { limit: 1 });
const rawDbName = `prof_raw_${tag}`;
await store.server.db.create(rawDbName);
await bulk(store.server.use(rawDbName), Array.from({ length: PULL_DOCS }, (_, index) => storedApplication(siupDraft(index, applicant.userId, now), clock.next())));
console.log(`seeded ${PULL_DOCS} + ${PULL_DOCS} applications`);

// Time spent in store calls, by kind (undici's diagnostics: from creating the request to its last byte).
const storeOrigin = new URL(storeUrl).origin;
const storeMs = new Map<string, number>();
const startedAt = new WeakMap<object, { kind: string; at: number }>();
const kindOf = (requestPath: string): string => {
  const [pathname = ''] = requestPath.split('?');
  if (pathname.includes('/_design/')) return 'view';
  const last = pathname.split('/').filter(Boolean);
  if (last.length === 1) return 'db info';
  return last[1]!.startsWith('_') ? last[1]! : `doc ${last[0]}`;
};
diagnostics.subscribe('undici:request:create', (message) => {
  const { request } = message as { request: { origin: string; path: string } };
  if (request.origin !== storeOrigin) return;
  startedAt.set(request, { kind: kindOf(request.path), at: performance.now() });
});
diagnostics.subscribe('undici:request:trailers', (message) => {
  const { request } = message as { request: object };
  const started = startedAt.get(request);
  if (started) storeMs.set(started.kind, (storeMs.get(started.kind) ?? 0) + performance.now() - started.at);
});
const storeBreakdown = (): string => [...storeMs].sort((a, b) => b[1] - a[1]).map(([kind, spent]) => `${kind} ${Math.round(spent)}`).join(', ');

const server = await startServer({ port: await freePort(), host: '127.0.0.1', couchUrl: storeUrl, dataDir: root, staticDir: root, loadDemoData: true });

async function signIn(username: string): Promise<{ cookie: string; userId: string }> {
  const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`sign-in ${login.status}`);
  const body = (await login.json()) as { user: { userId: string } };
  return { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '', userId: body.user.userId };
}

async function walk(username: string): Promise<{ total: number; pages: number[]; docs: number }> {
  const { cookie, userId } = await signIn(username);
  const device = randomBytes(12).toString('base64url');
  let checkpoint: string | null = null;
  const pages: number[] = [];
  let docs = 0;
  const started = performance.now();
  for (;;) {
    const query = new URLSearchParams({ limit: String(MAX_BATCH_SIZE) });
    if (checkpoint) query.set('checkpoint', checkpoint);
    const pageStarted = performance.now();
    const response = await fetch(`${server.url}/api/sync/applications/pull?${query.toString()}`, {
      headers: { cookie, [DEVICE_HEADER]: device, [EXPECTED_USER_HEADER]: userId, 'accept-encoding': 'gzip' },
    });
    const body = (await response.json()) as PullResponse;
    pages.push(performance.now() - pageStarted);
    docs += body.documents.length;
    if (CLIENT_MS > 0) await new Promise((resolve) => setTimeout(resolve, CLIENT_MS));
    // RxDB's rule: a page shorter than the limit ends the loop.
    if (body.documents.length < MAX_BATCH_SIZE) break;
    checkpoint = body.checkpoint;
  }
  return { total: performance.now() - started, pages, docs };
}

async function rawAllDocs(): Promise<number> {
  const started = performance.now();
  await store.server.use(rawDbName).list({ include_docs: true });
  return performance.now() - started;
}

async function push(): Promise<{ total: number; raw: number }> {
  const username = `prof-${tag}-push-${randomBytes(3).toString('hex')}`;
  await ensureUser(store, { username, password, displayName: 'Push', role: 'applicant' });
  const { cookie, userId } = await signIn(username);
  const drafts = Array.from({ length: PUSH_DOCS }, (_, index) => siupDraft(index, userId));
  const scratch = `prof_push_${tag}_${randomBytes(3).toString('hex')}`;
  await store.server.db.create(scratch);
  let started = performance.now();
  await store.server.use(scratch).bulk({ docs: drafts.map((draft) => ({ _id: randomUUID(), ...draft })) });
  const raw = performance.now() - started;
  await store.server.db.destroy(scratch);
  storeMs.clear();
  started = performance.now();
  const response = await fetch(`${server.url}/api/sync/applications/push`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', [DEVICE_HEADER]: randomBytes(12).toString('base64url'), [EXPECTED_USER_HEADER]: userId, [PER_ROW_REFUSALS_HEADER]: 'rows' },
    body: JSON.stringify({ rows: drafts.map((draft) => ({ newDocumentState: { ...draft, _deleted: false } })) }),
  });
  const body = (await response.json()) as { conflicts: unknown[]; refused?: unknown[] };
  if (!response.ok || body.conflicts.length > 0 || (body.refused?.length ?? 0) > 0) throw new Error(`push answered ${response.status}: ${JSON.stringify(body).slice(0, 800)}`);
  return { total: performance.now() - started, raw };
}

const figures = { raw: [] as number[], applicant: [] as number[], reviewer: [] as number[], push: [] as number[], rawPush: [] as number[] };
for (let run = 1; run <= RUNS; run++) {
  const raw = await rawAllDocs();
  storeMs.clear();
  const own = await walk(`prof-${tag}`);
  const ownStore = storeBreakdown();
  storeMs.clear();
  const queue = await walk(`prof-${tag}-reviewer`);
  const queueStore = storeBreakdown();
  storeMs.clear();
  const pushed = await push();
  console.log(`  store calls (ms, overlapping calls add up): applicant pull ${ownStore}; reviewer pull ${queueStore}; push ${storeBreakdown()}`);
  figures.raw.push(raw);
  figures.applicant.push(own.total);
  figures.reviewer.push(queue.total);
  figures.push.push(pushed.total);
  figures.rawPush.push(pushed.raw);
  console.log(`run ${run}: raw _all_docs ${ms(raw)}; applicant pull ${ms(own.total)} (${own.docs} docs, ${own.pages.length} pages: ${own.pages.map(Math.round).join('/')}); ` +
    `reviewer ${ms(queue.total)} (${queue.docs}, ${queue.pages.length} pages); push ${ms(pushed.total)} vs raw _bulk_docs ${ms(pushed.raw)}`);
}
console.log(`medians of ${RUNS}: raw fetch ${ms(median(figures.raw))}, applicant ${ms(median(figures.applicant))} (${(median(figures.applicant) / median(figures.raw)).toFixed(2)}x the fetch), ` +
  `reviewer ${ms(median(figures.reviewer))} (${(median(figures.reviewer) / median(figures.raw)).toFixed(2)}x), push ${ms(median(figures.push))} vs ${ms(median(figures.rawPush))} (${(median(figures.push) / median(figures.rawPush)).toFixed(2)}x)`);

await server.close();
if (process.env.COUCHDB_URL) await store.server.db.destroy(rawDbName).catch(() => undefined);
await embedded?.stop();
await fs.rm(root, { recursive: true, force: true });
