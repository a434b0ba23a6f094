/**
 * Office actions with two sync-server processes (child processes of this test) on one store: an
 * action the first process is applying while it is slow to store it (a proxy in front of its store
 * delays writes to ptsp_actions), sent again to the second process, must end as one action whose
 * stored outcome matches the application: the second process finds the application marked with the
 * action's id (lastActionId) and stores it as applied, never as refused. On the CouchDB cluster
 * when it runs, else on one store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../sync-server/store.js';
import {
  fileTdp, signIn, startProcess, stopProcess, storeProxy, twoProcessStores, type ServerProcess, type StoreProxy, type TwoProcessStores,
} from './server-processes.js';
import { apiCall, createAccount, freshId } from './helpers.js';

/**
 * A proxy in front of the store that delays writes to `ptsp_actions` (a process that is slow, or
 * paused, between writing an application and storing the action that changed it); everything
 * else passes as it is.
 */
interface SlowProxy extends StoreProxy {
  /** How long writes to ptsp_actions wait (0: not at all). */
  delayMs: number;
}

async function slowActionsProxy(storeUrl: string): Promise<SlowProxy> {
  let delayMs = 0;
  const proxy = await storeProxy(storeUrl, async ({ method, pathAndQuery }) => {
    if (delayMs > 0 && method !== 'GET' && method !== 'HEAD' && /^\/ptsp_actions([/?]|$)/.test(pathAndQuery)) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return undefined;
  });
  return { ...proxy, get delayMs() { return delayMs; }, set delayMs(value: number) { delayMs = value; } };
}

describe('office actions across two processes', { timeout: 120_000 }, () => {
  let stores: TwoProcessStores;
  let store: Store;
  let servers: [ServerProcess, ServerProcess];
  let actionsProxy: SlowProxy | undefined;
  before(async () => {
    stores = await twoProcessStores();
    store = stores.store;
    // The first process reaches the store through a proxy that can make it slow to store actions.
    actionsProxy = await slowActionsProxy(stores.urls[0]);
    servers = await Promise.all([startProcess(actionsProxy.url, stores.scratch), startProcess(stores.urls[1], stores.scratch)]);
  });
  after(async () => {
    await Promise.all((servers ?? []).map(stopProcess));
    await actionsProxy?.close();
    await stores?.close();
  });

  it('an office action is applied once even when the process applying it is slow to store it', async () => {
    const [slow, b] = servers.map((server) => server.url) as [string, string];
    assert.ok(actionsProxy, 'the first process is behind the proxy');
    actionsProxy.delayMs = 1500;
    try {
      const owner = await createAccount(store, 'applicant');
      const applicant = await signIn(b, owner.username, owner.password);
      const id = await fileTdp(applicant, 'filer-slow-0', b, b);
      const account = await createAccount(store, 'front-office');
      const office = await signIn(b, account.username, account.password);
      const now = Date.now();
      const action = {
        id: freshId(), applicationId: id, kind: 'accept', actorId: office.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now,
        basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }],
      };
      const first = apiCall(slow, '/api/office/actions', { body: action, cookie: office.cookie });
      // The retry reaches the other process once the slow one has written the application.
      for (let tries = 0; tries < 100 && (await store.applications.get(id)).status === 'submitted'; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await apiCall(b, '/api/office/actions', { body: action, cookie: office.cookie });
      const answers = [await first, second];
      const stored = await store.actions.get(action.id);
      const application = await store.applications.get(id);
      assert.deepEqual(answers.map((answer) => (answer.body as { action?: { outcome?: string } }).action?.outcome), [stored.outcome, stored.outcome], 'both answer the stored outcome');
      assert.equal(application.status === 'in-review', stored.outcome === 'applied', `the application (${application.status}) moved on exactly when the stored action (${String(stored.outcome)}) says it was applied`);
    } finally {
      actionsProxy.delayMs = 0;
    }
  });
});
