/**
 * A re-route's actions follow it with two sync-server processes on one store
 * (office/office-actions.ts followReach): the first process writes the re-routed application and
 * then cannot write to ptsp_actions (its store fails them, as a process that stops there would
 * leave it); the device sends the re-route again to the second process, which completes it: the
 * old agency's reviewer pulls tombstones for the others' actions, the new agency pulls them whole.
 * On the CouchDB cluster when it runs, else on one store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OfficeActionWireDoc } from '../../sync-server/office/office-actions.js';
import type { Store, StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import {
  fileTdp, signIn, startProcess, stopProcess, storeProxy, twoProcessStores, type ServerProcess, type StoreProxy, type TwoProcessStores,
} from './server-processes.js';
import { apiCall, createAccount, freshId, pullEverything, type Session } from './helpers.js';

const OLD_AGENCY = 'dinas-perdagangan';
const NEW_AGENCY = 'bapenda';
const NOTE = 'Catatan loket: surat domisili diperiksa';

type Pulled = OfficeActionWireDoc & { _gone?: boolean };

describe('a re-route\'s actions across two processes', { timeout: 180_000 }, () => {
  let stores: TwoProcessStores;
  let store: Store;
  let servers: [ServerProcess, ServerProcess];
  let proxy: StoreProxy | undefined;
  /** While true, the first process's writes to ptsp_actions fail (its searches still pass). */
  let actionsFail = false;
  before(async () => {
    stores = await twoProcessStores();
    store = stores.store;
    proxy = await storeProxy(stores.urls[0], async ({ method, pathAndQuery }) => {
      const write = (method === 'PUT' || method === 'POST' || method === 'DELETE') && /^\/ptsp_actions([/?]|$)/.test(pathAndQuery) && !/\/_find([?]|$)/.test(pathAndQuery);
      return actionsFail && write ? { status: 500, body: JSON.stringify({ error: 'unknown_error', reason: 'the test stops this write' }) } : undefined;
    });
    servers = await Promise.all([startProcess(proxy.url, stores.scratch), startProcess(stores.urls[1], stores.scratch)]);
  });
  after(async () => {
    await Promise.all((servers ?? []).map(stopProcess));
    await proxy?.close();
    await stores?.close();
  });

  async function reviewer(baseUrl: string, agencyId: string): Promise<Session> {
    const account = await createAccount(store, 'agency-reviewer');
    await store.users.insert({ ...(await store.users.get(userDocId(account.username))), agencyId } as StoredUser & { agencyId: string });
    return signIn(baseUrl, account.username, account.password);
  }

  const pullActions = (baseUrl: string, session: Session, device: string, checkpoint: string | null = null) =>
    pullEverything<Pulled>(baseUrl, 'actions', session, device, checkpoint);
  const lastOf = (docs: Pulled[], id: string): Pulled | undefined => docs.filter((doc) => doc.id === id).at(-1);

  it('a re-route stopped between the application and its actions is completed by the resend to the other process', async () => {
    const [a, b] = servers.map((server) => server.url) as [string, string];
    const owner = await createAccount(store, 'applicant');
    const applicant = await signIn(b, owner.username, owner.password);
    const id = await fileTdp(applicant, 'filer-reach-0', b, b);
    const officeAccount = await createAccount(store, 'front-office');
    const office = await signIn(a, officeAccount.username, officeAccount.password);
    const officeOnB = await signIn(b, officeAccount.username, officeAccount.password);
    const old = await reviewer(b, OLD_AGENCY);
    const fresh = await reviewer(b, NEW_AGENCY);
    const act = (base: string, session: Session, fields: Record<string, unknown>): Promise<{ status: number; text: string; body: unknown }> => {
      const now = Date.now();
      return apiCall(base, '/api/office/actions', {
        body: { id: freshId(), applicationId: id, actorId: session.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now, ...fields }, cookie: session.cookie,
      });
    };
    const accepted = await act(b, officeOnB, { kind: 'accept', basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }] });
    assert.equal(accepted.status, 201, accepted.text);
    const note = await act(b, officeOnB, { kind: 'note', basedOnStatus: 'in-review', text: NOTE, internal: true });
    assert.equal(note.status, 201, note.text);
    const ids = [accepted, note].map((result) => (result.body as { action: OfficeActionWireDoc }).action.id);
    const laptop = `laptop-${freshId()}`;
    const held = await pullActions(b, old, laptop);
    for (const actionId of ids) assert.equal(lastOf(held.documents, actionId)?._deleted, false, 'the old agency reads them before');

    const now = Date.now();
    const reroute = { id: freshId(), applicationId: id, actorId: office.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now, kind: 'reroute', basedOnStatus: 'in-review', agencies: [NEW_AGENCY] };
    actionsFail = true;
    try {
      const failed = await apiCall(a, '/api/office/actions', { body: reroute, cookie: office.cookie });
      assert.equal(failed.status, 500, `the first process could not finish: ${failed.text.slice(0, 300)}`);
    } finally {
      actionsFail = false;
    }
    const application = await store.applications.get(id);
    assert.deepEqual(application.routedAgencies, [NEW_AGENCY], 'the application was re-routed');
    assert.equal(application.lastActionId, reroute.id, 'and marked with the re-route');
    assert.ok((await store.actions.get(ids[0] ?? '')).readers.includes(`agency:${OLD_AGENCY}`), 'its actions were not: the old agency still reads them');

    const resent = await apiCall(b, '/api/office/actions', { body: reroute, cookie: officeOnB.cookie });
    assert.equal(resent.status, 201, resent.text);
    assert.equal((resent.body as { action: OfficeActionWireDoc }).action.outcome, 'applied');

    const gone = await pullActions(b, old, laptop, held.checkpoint);
    for (const actionId of ids) assert.equal(lastOf(gone.documents, actionId)?._gone, true, `${actionId} leaves the old agency's device`);
    assert.ok(!gone.text.includes(NOTE) && !gone.text.includes('"checks"'), 'without content');
    // On the first process: a session (a store document behind a cookie signed with the shared secret) holds on every process.
    const arrived = await pullActions(a, fresh, `laptop-${freshId()}`);
    for (const actionId of [...ids, reroute.id]) assert.equal(lastOf(arrived.documents, actionId)?._deleted, false, `the new agency receives ${actionId}`);
  });
});
