/**
 * The sync pill tells the truth (issue 8): it counts photos still uploading, never says "all sent"
 * while anything waits or the server is gone, says "unreachable" within 10 s of the server being
 * stopped (no edit needed to notice), and offline never claims to be syncing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Route } from 'playwright-core';
import nano from 'nano';
import { DATABASES, type StoredApplication } from '../../sync-server/store.js';
import { randomBytes } from 'node:crypto';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { apiCall, freshId } from '../server/helpers.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';
import { signIn, storedApplication, TDP_ANSWERS, TDP_DOCUMENTS } from './office-setup.js';
import { makePhotos } from './photos.js';

const SHOTS = '/tmp/shots-D';

/**
 * A TCP relay to the server whose link can die silently: after freeze() no byte passes either way
 * and nothing is closed, as when a router loses its uplink (the browser hears no error).
 */
async function relay(target: string): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<[net.Socket, net.Socket]>();
  let frozen = false;
  const server = net.createServer((client) => {
    if (frozen) {
      client.pause();
      pairs.add([client, client]);
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const socket of pair) socket.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe();
        upstream.unpipe();
        client.pause();
        upstream.pause();
      }
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
const ALL_SENT = /Semua perubahan terkirim/;

describe('the sync status pill', () => {
  let system: TestSystem;
  let device: BrowserContext;
  let phone: AppPage;

  before(async () => {
    await fs.mkdir(SHOTS, { recursive: true });
    system = await startSystem();
    device = await system.newProfile();
    phone = new AppPage(await device.newPage(), system.url);
    await phone.page.setViewportSize({ width: 360, height: 740 });
    const account = await system.account('applicant', 'Pemilik Warung Foto');
    await phone.openAndSignIn(account.username, account.password);
  });

  after(async () => {
    await system?.close();
  });

  /** The pill at both sizes, as the person sees it. */
  async function shoot(name: string): Promise<void> {
    const pill = phone.page.getByTestId('sync-status');
    await pill.screenshot({ path: `${SHOTS}/pill-${name}-360.png` });
    await phone.page.setViewportSize({ width: 1366, height: 768 });
    await pill.screenshot({ path: `${SHOTS}/pill-${name}-1366.png` });
    await phone.page.setViewportSize({ width: 360, height: 740 });
  }

  it('counts a photo while it uploads, and says all sent only once it is on the server', async () => {
    const [photo] = await makePhotos(device, 1);
    // The upload's pieces are held back, as on a slow link, until the test lets them go.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let held = 0;
    await device.route('**/api/uploads/**', async (route: Route) => {
      if (route.request().method() === 'PUT') {
        held++;
        await released;
      }
      await route.continue();
    });
    await phone.startDraft('tdp');
    await phone.type('companyName', 'UD Foto Lambat');
    await phone.attachPhoto('ktp', photo!);
    await eventually(async () => assert.ok(held > 0, 'the upload has started and is held'), 20_000);
    // The draft itself is on the server; the photo is not: never "all sent".
    const uploading = await eventually(async () => {
      const status = await phone.syncStatus();
      assert.equal(status.pending, 1, `one file waits: ${status.text}`);
      return status;
    }, 15_000);
    assert.match(uploading.text, /1 berkas/);
    for (let check = 0; check < 10; check++) {
      assert.doesNotMatch((await phone.syncStatus()).text, ALL_SENT, 'not all sent while the photo uploads');
      await phone.page.waitForTimeout(200);
    }
    await shoot('uploading');
    release();
    await eventually(async () => {
      const status = await phone.syncStatus();
      assert.equal(status.pending, 0, status.text);
      assert.match(status.text, ALL_SENT);
    }, 30_000);
    await device.unroute('**/api/uploads/**');
    await shoot('all-sent');
  });

  it('says the server is unreachable within 10 s of it stopping, with no edit to notice', async () => {
    const stopped = Date.now();
    await system.stopServer();
    try {
      await eventually(async () => assert.equal((await phone.syncStatus()).connectivity, 'unreachable'), 10_000, 100);
      const noticedMs = Date.now() - stopped;
      console.log(`# the pill said unreachable ${noticedMs} ms after the server stopped`);
      assert.ok(noticedMs <= 10_000, `noticed in ${noticedMs} ms`);
      const status = await phone.syncStatus();
      assert.doesNotMatch(status.text, ALL_SENT, `not "all sent" with no server: ${status.text}`);
      // An edit now waits, and says so.
      await phone.type('companyName', ' Jaya');
      await eventually(async () => assert.match((await phone.syncStatus()).text, /1 draf belum terkirim/), 10_000);
      await shoot('unreachable');
    } finally {
      await system.startServer();
    }
    await eventually(async () => {
      const status = await phone.syncStatus();
      assert.equal(status.connectivity, 'online');
      assert.match(status.text, ALL_SENT);
    }, 30_000);
  });

  it('says unreachable within 10 s when the link dies silently (no error, no closed connection): the heartbeat watchdog', async () => {
    const link = await relay(system.url);
    const quiet = new AppPage(await (await system.newProfile()).newPage(), link.url);
    try {
      await quiet.page.setViewportSize({ width: 360, height: 740 });
      const account = await system.account('applicant');
      await quiet.openAndSignIn(account.username, account.password);
      await eventually(async () => assert.match((await quiet.syncStatus()).text, ALL_SENT), 30_000);
      // Let a heartbeat or two through, so the stream is known to be alive.
      await quiet.page.waitForTimeout(6000);
      const frozen = Date.now();
      link.freeze();
      await eventually(async () => assert.equal((await quiet.syncStatus()).connectivity, 'unreachable'), 12_000, 100);
      const noticedMs = Date.now() - frozen;
      console.log(`# the pill said unreachable ${noticedMs} ms after the link went silent`);
      assert.ok(noticedMs <= 10_000, `noticed in ${noticedMs} ms`);
      assert.doesNotMatch((await quiet.syncStatus()).text, ALL_SENT);
    } finally {
      await quiet.page.close();
      await link.close();
    }
  });

  it('offline: says offline and what waits, never "syncing" or "all sent"', async () => {
    await device.setOffline(true);
    try {
      await eventually(async () => assert.equal((await phone.syncStatus()).connectivity, 'offline'), 10_000);
      const idle = await phone.syncStatus();
      assert.doesNotMatch(idle.text, /Menyinkronkan|terkirim$/, `offline with nothing waiting: ${idle.text}`);
      assert.doesNotMatch(idle.text, ALL_SENT);
      await phone.type('companyName', ' Abadi');
      await eventually(async () => assert.match((await phone.syncStatus()).text, /Luring.*1 draf belum terkirim/), 10_000);
      assert.doesNotMatch((await phone.syncStatus()).text, /Menyinkronkan/);
      await shoot('offline');
    } finally {
      await device.setOffline(false);
    }
    await eventually(async () => assert.match((await phone.syncStatus()).text, ALL_SENT), 30_000);
  });

  it('a change whose push answer was lost after the server stored it is not left counted as waiting', async () => {
    const context = await system.newProfile();
    const laptop = new AppPage(await context.newPage(), system.url);
    const account = await system.account('applicant');
    await laptop.openAndSignIn(account.username, account.password);
    const id = await laptop.startDraft('tdp');
    await eventually(async () => assert.match((await laptop.syncStatus()).text, ALL_SENT), 30_000);
    // The next push reaches the server, which stores it, but its answer never comes back (a
    // dropped link, a proxy's timeout). Whichever comes first, RxDB's retry (whose answer clears
    // the count) or the pull that brings the stored state (PendingChanges.settle clears it), the
    // count must not stay.
    let lost = 0;
    await context.route('**/api/sync/applications/push', async (route: Route) => {
      if (lost === 0 && route.request().method() === 'POST') {
        lost++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    try {
      await laptop.type('companyName', 'UD Jawaban Hilang');
      const applications = nano(system.storeUrl).use<StoredApplication>(DATABASES.applications);
      await eventually(async () => assert.equal((await applications.get(id)).answers.companyName, 'UD Jawaban Hilang'), 30_000);
      assert.equal(lost, 1, 'the answer of the push that stored it was lost');
      await eventually(async () => {
        const status = await laptop.syncStatus();
        assert.equal(status.pending, 0, status.text);
        assert.match(status.text, ALL_SENT);
      }, 30_000);
    } finally {
      await context.unroute('**/api/sync/applications/push');
      await laptop.page.close();
    }
  });

  it('an edit made offline on a draft another device submitted meanwhile is not left counted as waiting', async () => {
    const account = await system.account('applicant');
    const other = await signIn(system, account);
    // The draft, complete, as the applicant's other device made it.
    const now = Date.now();
    const draftState: ApplicationWireDoc = {
      id: freshId(), ownerId: other.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft',
      answers: TDP_ANSWERS, documents: Object.fromEntries(TDP_DOCUMENTS.map((name) => [name, {
        fileId: freshId(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex'),
      }])), createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false,
    };
    const push = (rows: unknown[]) => apiCall(system.url, '/api/sync/applications/push', { body: { rows }, cookie: other.cookie });
    assert.deepEqual((await push([{ newDocumentState: draftState }])).body, { conflicts: [] });

    const context = await system.newProfile();
    const [photo] = await makePhotos(context, 1);
    const laptop = new AppPage(await context.newPage(), system.url);
    await laptop.openAndSignIn(account.username, account.password);
    await eventually(async () => assert.ok((await laptop.draftIdsInList()).includes(draftState.id), 'the draft arrived'), 30_000);
    await laptop.openDraftFromList(draftState.id);
    await context.setOffline(true);
    try {
      await laptop.type('companyName', ' Cabang');
      // A new photo of the KTP taken here too: it must not be lost without a word either.
      await laptop.attachPhoto('ktp', photo!);
      await eventually(async () => assert.equal((await laptop.syncStatus()).pending, 2, 'the edit and the photo wait'));
      // The other device had submitted it before this edit (its clock says so) and sends it now.
      const submitted = { ...draftState, status: 'submitted', submittedAt: new Date(now + 1).toISOString(), provisionalNumber: newProvisionalNumber(), updatedAt: now + 1 };
      assert.deepEqual((await push([{ newDocumentState: submitted, assumedMasterState: draftState }])).body, { conflicts: [] });
    } finally {
      await context.setOffline(false);
    }
    // Back online the edit meets the submission: a submitted application is locked, so the server's
    // state stays, and nothing of this device's is left to send.
    await eventually(async () => {
      const status = await laptop.syncStatus();
      assert.equal(status.pending, 0, status.text);
      assert.match(status.text, ALL_SENT);
    }, 30_000);
    assert.equal((await storedApplication(system, draftState.id)).answers.companyName, TDP_ANSWERS.companyName);
    // What was typed here is not lost without a word: the header's list shows it, under its label, to copy.
    await laptop.page.getByTestId('refused-toggle').click();
    const item = laptop.page.locator(`[data-testid=refused-list] [data-testid=refused-item][data-id="${draftState.id}"]`);
    await item.waitFor();
    assert.equal(await item.getAttribute('data-code'), 'edits-not-applied');
    assert.match(((await item.getByTestId('refused-reason').textContent()) ?? ''), /sudah diajukan/);
    const typed = item.locator('[data-testid=refused-not-applied]');
    await eventually(async () => assert.match(((await typed.textContent()) ?? '').replace(/\s+/g, ' '), /Nama perusahaan.*CV Maju Jaya Cabang/));
    // The photo is listed under its requirement, with a link that saves the copy this device kept.
    const documents = item.locator('[data-testid=refused-not-applied-documents]');
    await eventually(async () => assert.match(((await documents.textContent()) ?? '').replace(/\s+/g, ' '), /KTP.*Simpan photo-0\.jpg/));
    const save = documents.getByTestId('refused-save-document');
    const [download] = await Promise.all([laptop.page.waitForEvent('download'), save.click()]);
    assert.equal(download.suggestedFilename(), 'photo-0.jpg');
    const saved = await fs.stat(await download.path());
    assert.ok(saved.size > 1000, `the photo's bytes, as kept on this device: ${saved.size}`);
    // Nor does the form's page count it as a document waiting to be sent.
    await laptop.page.getByTestId('refused-toggle').click();
    await laptop.page.getByTestId('documents').waitFor();
    assert.equal(await laptop.page.getByTestId('documents-waiting').count(), 0, 'no document waits on the form');
    await laptop.page.getByTestId('refused-toggle').click();
    const server = await storedApplication(system, draftState.id);
    assert.equal(server.documents?.ktp?.fileId, draftState.documents?.ktp?.fileId, 'the submitted form keeps its own KTP');
    await laptop.page.screenshot({ path: `${SHOTS}/not-applied-1366.png` });
    await laptop.page.setViewportSize({ width: 360, height: 740 });
    await laptop.page.screenshot({ path: `${SHOTS}/not-applied-360.png` });
    await laptop.page.close();
  });
});
