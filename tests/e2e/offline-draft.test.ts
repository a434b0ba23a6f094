/**
 * The walking skeleton, as a person works it: a draft typed with no network reaches CouchDB and
 * a second device, and never reaches another account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext } from 'playwright-core';
import type { PullResponse } from '../../common/sync-protocol.js';
import type { TestAccount } from '../server/helpers.js';
import { DATABASES, type StoredApplication } from '../../sync-server/store.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';

describe('a draft typed offline reaches CouchDB and a second device', () => {
  let system: TestSystem;
  let siti: TestAccount;
  let budi: TestAccount;
  let firstDevice: BrowserContext;
  let first: AppPage;
  let draftId = '';
  let secondDevice: BrowserContext;
  let second: AppPage;
  const storedDraft = async (): Promise<StoredApplication> =>
    nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(draftId);

  before(async () => {
    system = await startSystem();
    // Accounts of this file's own: a demo account's list also holds what earlier runs left in it.
    siti = await system.account('applicant', 'Siti Rahayu');
    budi = await system.account('applicant', 'Budi Santoso');
    firstDevice = await system.newProfile();
    first = new AppPage(await firstDevice.newPage(), system.url);
  });

  after(async () => {
    await system?.close();
  });

  it('signs in, starts a SIUP draft and saves every keystroke on the device', async () => {
    await first.openAndSignIn(siti.username, siti.password);
    assert.equal(await first.signedInAs(), 'Siti Rahayu');
    draftId = await first.startDraft('siup');
    await first.type('applicantNik', '6471021708900003');
    await first.type('applicantName', 'Siti Rahayu');
    await first.type('companyName', 'CV Maju Jaya');
    await first.choose('businessForm', 'cv');
    // Half the form is filled; the tab is closed and opened again.
    await first.page.close();
    first = new AppPage(await firstDevice.newPage(), system.url);
    await first.open(`#/drafts/${draftId}`);
    assert.equal(await first.fieldValue('applicantNik'), '6471021708900003');
    assert.equal(await first.fieldValue('companyName'), 'CV Maju Jaya');
    assert.equal(await first.fieldValue('businessForm'), 'cv');
  });

  it('opens from the service worker with the network off, still signed in, and keeps editing', async () => {
    await firstDevice.setOffline(true);
    await first.reload();
    assert.equal(await first.signedInAs(), 'Siti Rahayu');
    assert.equal(await first.fieldValue('companyName'), 'CV Maju Jaya');
    await first.type('companyAddress-street', 'Jl. Jenderal Sudirman No. 12');
    const status = await eventually(async () => {
      const current = await first.syncStatus();
      assert.equal(current.connectivity, 'offline');
      assert.ok(current.pending >= 1, `changes wait to sync: ${current.text}`);
      return current;
    });
    assert.match(status.text, /Luring/);
    assert.match(status.text, /1 draf belum terkirim/);
    const stored = await storedDraft().catch(() => undefined);
    assert.notEqual((stored?.answers.companyAddress as Record<string, string> | undefined)?.street, 'Jl. Jenderal Sudirman No. 12', 'nothing can reach the store while offline');
  });

  it('opens from the service worker when the server is down, and edits wait for it', async () => {
    await system.stopServer();
    await firstDevice.setOffline(false);
    await first.reload();
    assert.equal(await first.signedInAs(), 'Siti Rahayu');
    await first.type('applicantPhone', '081234567890');
    await eventually(async () => {
      const status = await first.syncStatus();
      assert.equal(status.connectivity, 'unreachable');
      assert.ok(status.pending >= 1, 'edits wait to sync while the server is down');
    });
  });

  it('sends everything to CouchDB within seconds of the server coming back', async () => {
    const started = Date.now();
    await system.startServer();
    const stored = await eventually(async () => {
      const doc = await storedDraft();
      assert.equal(doc.answers.applicantPhone, '081234567890');
      return doc;
    }, 20_000);
    console.log(`# draft reached the store ${Date.now() - started} ms after the server came back`);
    assert.equal(stored.answers.applicantNik, '6471021708900003');
    assert.equal((stored.answers.companyAddress as Record<string, string>).street, 'Jl. Jenderal Sudirman No. 12');
    assert.equal(stored.answers.businessForm, 'cv');
    assert.equal(stored.permitTypeId, 'siup');
    await eventually(async () => {
      const status = await first.syncStatus();
      assert.equal(status.connectivity, 'online');
      assert.equal(status.pending, 0);
    });
    const audit = await nano(system.storeUrl).use(DATABASES.audit).list({ include_docs: true });
    assert.ok(audit.rows.some((row) => (row.doc as { targets?: string[] } | undefined)?.targets?.includes(draftId)), 'the write was audited by the sync server');
  });

  it('shows the draft on a second profile and carries edits live both ways', async () => {
    secondDevice = await system.newProfile();
    second = new AppPage(await secondDevice.newPage(), system.url);
    await second.open();
    await second.signIn(siti.username, siti.password);
    await eventually(async () => assert.ok((await second.draftIdsInList()).includes(draftId),
      'the draft from the first device is on the second device\'s list'));
    await second.openDraftFromList(draftId);
    assert.equal(await second.fieldValue('companyAddress-street'), 'Jl. Jenderal Sudirman No. 12');

    await second.type('kbli', '47112');
    await eventually(async () => assert.equal(await first.fieldValue('kbli'), '47112'));

    await first.type('mainGoods', 'Sembako');
    await eventually(async () => assert.equal(await second.fieldValue('mainGoods'), 'Sembako'));
    await eventually(async () => assert.equal((await storedDraft()).answers.mainGoods, 'Sembako'));
  });

  it('merges what both devices typed while both were offline, on the server and on both devices', async () => {
    await firstDevice.setOffline(true);
    await secondDevice.setOffline(true);
    await first.type('companyNpwp', '01.234.567.8-721.000');
    await second.type('netWorth', '250000000');
    await firstDevice.setOffline(false);
    await secondDevice.setOffline(false);
    await eventually(async () => {
      const stored = await storedDraft();
      assert.equal(stored.answers.companyNpwp, '01.234.567.8-721.000');
      assert.equal(stored.answers.netWorth, '250000000');
      assert.equal(stored.answers.mainGoods, 'Sembako', 'earlier answers survive the merge');
    }, 30_000);
    await eventually(async () => assert.equal(await first.fieldValue('netWorth'), '250000000'), 30_000);
    await eventually(async () => assert.equal(await second.fieldValue('companyNpwp'), '01.234.567.8-721.000'), 30_000);
  });

  it('never sends the draft to another applicant', async () => {
    const otherDevice = await system.newProfile();
    const other = new AppPage(await otherDevice.newPage(), system.url);
    await other.open();
    await other.signIn(budi.username, budi.password);
    assert.equal(await other.signedInAs(), 'Budi Santoso');
    await other.page.getByTestId('no-drafts').waitFor();
    const pulled = await other.page.evaluate(async () => {
      const response = await fetch('/api/sync/applications/pull?limit=1000');
      return (await response.json()) as PullResponse;
    });
    assert.ok(!pulled.documents.some((doc) => doc.id === draftId), 'the pull of another account does not contain the draft');
  });

  it('signs out and back in with no network, using the verifier kept on this device', async () => {
    await firstDevice.setOffline(true);
    await first.signOut();
    assert.match(await first.failedSignIn(siti.username, 'wrong-password'), /kata sandi tidak cocok/);
    await first.signIn(siti.username, siti.password);
    await first.open('#/');
    assert.ok((await first.draftIdsInList()).includes(draftId), 'the draft is still on the device');
    await firstDevice.setOffline(false);
  });

  it('on a shared booth device, never mixes two accounts through a session left behind offline', async () => {
    const booth = await system.newProfile();
    const page = new AppPage(await booth.newPage(), system.url);
    await page.openAndSignIn(budi.username, budi.password);
    await page.signOut();
    await page.signIn(siti.username, siti.password);
    await eventually(async () => assert.ok((await page.draftIdsInList()).includes(draftId),
      'Siti\'s draft is on the list when she signs in at the booth'));
    // Offline, Siti leaves and Budi signs in: the browser still holds Siti's session cookie.
    await booth.setOffline(true);
    await page.signOut();
    await page.signIn(budi.username, budi.password);
    const budisDraft = await page.startDraft('tdp');
    await page.type('companyName', 'UD Budi Jaya');
    await page.backToList();
    await booth.setOffline(false);
    await eventually(async () => assert.equal((await page.syncStatus()).connectivity, 'session-expired'));
    assert.deepEqual(await page.draftIdsInList(), [budisDraft], 'Siti\'s draft never reaches Budi\'s list');
    // Budi signs in again online: his draft goes out, under his own account.
    await page.signOut();
    await page.signIn(budi.username, budi.password);
    await eventually(async () => {
      const stored = await nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(budisDraft);
      assert.equal(stored.answers.companyName, 'UD Budi Jaya');
    }, 20_000);
    assert.ok(!(await page.draftIdsInList()).includes(draftId), 'Siti\'s draft is not on Budi\'s list');
  });
});
