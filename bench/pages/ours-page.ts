/**
 * The bench page served by the sync server itself (same origin as /api, so it gets the session
 * cookie): the app's own data layer, Workspace and its replication, timed from inside the page.
 */
import type { ApplicationDoc } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { openUserDatabase, toLocal, type ApplicationCollection } from '../../client/data/database.js';
import { Workspace } from '../../client/data/workspace.js';
import type { BenchWindow, OursBenchApi } from './api.js';
import { nowEpochMs, requestsMatching, resetResourceTimings, withTimeout } from './common.js';

const PULL_PATH = '/api/sync/applications/pull';
const PUSH_PATH = '/api/sync/applications/push';

/** Kept open after a measurement so the tab's memory can be read with the data loaded. */
let openWorkspace: Workspace | undefined;

async function login(username: string, password: string): Promise<UserProfile> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${username} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { user: UserProfile }).user;
}

/**
 * Workspace keeps its collection private (components must not touch RxDB); the bench only counts
 * documents in it. Bracket access is TypeScript's deliberate escape hatch for private members.
 */
const collectionOf = (workspace: Workspace): ApplicationCollection => workspace['local'].applications;

const api: OursBenchApi = {
  async pull(username, password, expected, timeoutMs, graceMs) {
    resetResourceTimings();
    const loginStarted = performance.now();
    const user = await login(username, password);
    const loginMs = performance.now() - loginStarted;

    const started = performance.now();
    const workspace = await Workspace.open(user);
    openWorkspace = workspace;
    await withTimeout(workspace.awaitInSync(), timeoutMs, 'pull: awaitInSync()');
    const inSyncMs = performance.now() - started;
    const collection = collectionOf(workspace);
    let localCount = await collection.count().exec();
    let totalMs = inSyncMs;
    // awaitInSync() promises the documents are written; if they are not all there, keep counting
    // for a while and report the moment they are, or that they never came.
    const giveUpAt = performance.now() + graceMs;
    while (localCount < expected && performance.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      localCount = await collection.count().exec();
      totalMs = performance.now() - started;
    }
    return {
      complete: localCount >= expected,
      loginMs,
      inSyncMs,
      totalMs,
      localCount,
      pullRequests: requestsMatching(PULL_PATH, started),
      apiRequests: requestsMatching('/api/', started).length,
    };
  },

  async seedLocalDrafts(userId, drafts: ApplicationDoc[]) {
    const local = await openUserDatabase(userId);
    try {
      const result = await local.applications.bulkInsert(drafts.map(toLocal));
      if (result.error.length > 0) throw new Error(`bulkInsert refused ${result.error.length} drafts: ${JSON.stringify(result.error[0])}`);
      return await local.applications.count().exec();
    } finally {
      await local.database.close();
    }
  },

  async push(username, password, timeoutMs) {
    resetResourceTimings();
    const loginStarted = performance.now();
    const user = await login(username, password);
    const loginMs = performance.now() - loginStarted;

    const since = performance.now();
    const startEpochMs = nowEpochMs();
    const workspace = await Workspace.open(user);
    openWorkspace = workspace;
    await withTimeout(workspace.awaitInSync(), timeoutMs, 'push: awaitInSync()');
    const inSyncEpochMs = nowEpochMs();
    return {
      loginMs,
      openedAtMs: since,
      startEpochMs,
      inSyncEpochMs,
      pushRequests: requestsMatching(PUSH_PATH, since),
      pullRequests: requestsMatching(PULL_PATH, since),
    };
  },

  async closeWorkspace() {
    await openWorkspace?.close();
    openWorkspace = undefined;
  },
};

(window as unknown as BenchWindow).oursBench = api;
