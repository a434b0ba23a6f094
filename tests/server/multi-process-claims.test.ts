/**
 * A waiting claim completed in two sync-server processes at once (the booth's push of the filing
 * sent to both, as a device whose answer was lost sends again through the load balancer, while
 * the citizen's device sends the code again to either) is one claim and one history record.
 * Stores as in multi-process.test.ts (server-processes.ts twoProcessStores).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import { History } from '../../sync-server/office/history.js';
import type { Store } from '../../sync-server/store.js';
import { apiCall, createAccount, freshId, type Session } from './helpers.js';
import { push, signIn, startProcess, stopProcess, tdpAnswers, twoProcessStores, type ServerProcess, type TwoProcessStores } from './server-processes.js';

describe('a waiting claim completed in two processes', { timeout: 120_000 }, () => {
  let stores: TwoProcessStores;
  let store: Store;
  let servers: [ServerProcess, ServerProcess];
  before(async () => {
    stores = await twoProcessStores();
    store = stores.store;
    servers = await Promise.all([startProcess(stores.urls[0], stores.scratch), startProcess(stores.urls[1], stores.scratch)]);
  });
  after(async () => {
    await Promise.all((servers ?? []).map(stopProcess));
    await stores?.close();
  });

  const filing = (booth: Session, claimCode: string): ApplicationWireDoc => ({
    id: freshId(), ownerId: booth.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'submitted',
    answers: tdpAnswers(), createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
    documents: Object.fromEntries(['ktp', 'npwp'].map((requirementId) => [requirementId,
      { fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: 500, sha256: 'b'.repeat(64) }])),
    citizen: { nik: '6471055708900002', name: 'Siti Aminah', phone: '081234567890', address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
    consentAt: new Date().toISOString(), claimCode, provisionalNumber: newProvisionalNumber(), submittedAt: new Date().toISOString(),
  });

  it('gives the filing to the waiting citizen once, with one claim on its history', async () => {
    const [a, b] = servers.map((server) => server.url) as [string, string];
    const boothAccount = await createAccount(store, 'booth-staff');
    const citizenAccount = await createAccount(store, 'applicant');
    const booth = await signIn(a, boothAccount.username, boothAccount.password);
    const citizen = await signIn(b, citizenAccount.username, citizenAccount.password);
    for (let round = 0; round < 4; round++) {
      const code = newClaimCode();
      const waiting = await apiCall(round % 2 ? a : b, '/api/claims', { body: { code }, cookie: citizen.cookie });
      assert.equal(waiting.status, 202, waiting.text);
      const doc = filing(booth, code);
      const [first, second, claimedA, claimedB] = await Promise.all([
        push(a, booth, 'booth-laptop-0001', [{ newDocumentState: doc }]),
        push(b, booth, 'booth-laptop-0001', [{ newDocumentState: doc }]),
        apiCall(a, '/api/claims', { body: { code }, cookie: citizen.cookie }),
        apiCall(b, '/api/claims', { body: { code }, cookie: citizen.cookie }),
      ]);
      // The push that lost the race hears the other's state back as a conflict; either way it is stored once.
      assert.ok(first.conflicts.length + second.conflicts.length <= 1, `round ${round}: at most one conflict`);
      // A claim sent before the filing was in waits again (202); after, it is claimed (200).
      for (const answer of [claimedA, claimedB]) assert.ok(answer.status === 200 || answer.status === 202, `round ${round}: ${answer.status} ${answer.text.slice(0, 300)}`);
      const settled = await apiCall(a, '/api/claims', { body: { code }, cookie: citizen.cookie });
      assert.equal(settled.status, 200, `round ${round}: claimed in the end: ${settled.text.slice(0, 300)}`);
      const stored = await store.applications.get(doc.id);
      assert.equal(stored.applicantId, citizen.user.userId, `round ${round}: the citizen's`);
      const claims = (await new History(store).of(doc.id)).filter((entry) => entry.event === 'claim');
      assert.deepEqual(claims.map((entry) => entry.actorId), [citizen.user.userId], `round ${round}: one claim on the history`);
      const submits = (await new History(store).of(doc.id)).filter((entry) => entry.event === 'submit');
      assert.equal(submits.length, 1, `round ${round}: one submission on the history`);
    }
  });
});
