/**
 * A day at a mobile service booth in a village with no network (issue 3's "booth day"): staff file
 * ten applications for ten walk-in citizens, each with two photographed documents, reloading the
 * tab twice along the way; when the network returns, all ten reach the office with official
 * numbers, and every photo in the store is byte for byte what the device kept. A citizen then
 * claims theirs on their own device with the code from the receipt.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext } from 'playwright-core';
import { DATABASES, type StoredApplication, type StoredFile, type StoredRegistration } from '../../sync-server/store.js';
import type { TestAccount } from '../server/helpers.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';
import { makePhotos } from './photos.js';

const CITIZENS = Array.from({ length: 10 }, (_, index) => ({
  nik: `647105170890${String(index + 1).padStart(4, '0')}`,
  name: `Warga Desa ${index + 1}`,
  phone: `08125500${String(index).padStart(4, '0')}`,
  address: { street: `Jl. Poros Desa No. ${index + 1}`, village: 'Sepaku', district: 'Sepaku', city: 'Kabupaten Penajam Paser Utara', province: 'Kalimantan Timur' },
}));

describe('a booth day with no network', () => {
  let system: TestSystem;
  let staff: TestAccount;
  let boothDevice: BrowserContext;
  let booth: AppPage;
  let photos: string[] = [];
  const filed: { id: string; provisional: string; claimCode: string }[] = [];
  const store = () => nano(system.storeUrl);

  before(async () => {
    system = await startSystem();
    // An account of its own: a demo staff account's list holds what earlier runs filed with it.
    staff = await system.account('booth-staff', 'Dewi Lestari (MPS)');
    boothDevice = await system.newProfile();
    booth = new AppPage(await boothDevice.newPage(), system.url);
    photos = await makePhotos(boothDevice, 20);
  });

  after(async () => {
    await system?.close();
  });

  it('files ten applications for ten citizens offline, two photos each, through two reloads', async () => {
    await booth.openAndSignIn(staff.username, staff.password);
    // The catalog came with the sign-in; from here on the village has no network.
    await boothDevice.setOffline(true);

    let templateId = '';
    for (const [index, citizen] of CITIZENS.entries()) {
      let id: string;
      if (index === 0) {
        id = await booth.startDraft('tdp');
        templateId = id;
        await booth.fill('applicantNik', citizen.nik);
        await booth.fill('applicantName', citizen.name);
        await booth.fill('applicantPhone', citizen.phone);
        await booth.fill('companyName', 'UD Sepaku Makmur 1');
        await booth.choose('businessForm', 'perorangan');
        await booth.fillAddress('companyAddress', citizen.address);
        await booth.fill('kbli', '47112');
        await booth.fill('establishmentDate', '2019-06-01');
        await booth.fill('employeeCount', '3');
      } else {
        // The next citizen's business is much like the last: staff duplicate and change what differs.
        const before = new Set(await booth.draftIdsInList());
        await booth.duplicateDraft(templateId);
        id = await eventually(async () => {
          const added = (await booth.draftIdsInList()).filter((candidate) => !before.has(candidate));
          assert.equal(added.length, 1);
          return added[0]!;
        });
        await booth.openDraftFromList(id);
        await booth.fill('applicantNik', citizen.nik);
        await booth.fill('applicantName', citizen.name);
        await booth.fill('applicantPhone', citizen.phone);
        await booth.fill('companyName', `UD Sepaku Makmur ${index + 1}`);
      }
      await booth.fillCitizen(citizen);
      await booth.attachPhoto('ktp', photos[index * 2]!);
      await booth.attachPhoto('npwp', photos[index * 2 + 1]!);
      const provisional = await booth.submit();
      assert.match(provisional, /^P-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'a receipt number at once, with no network');
      const receipt = await booth.receipt();
      assert.equal(receipt.registration, null, 'the official number waits for the office');
      assert.match(receipt.claimCode ?? '', /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      filed.push({ id, provisional, claimCode: receipt.claimCode ?? '' });
      if (index === 0) {
        // The receipt on a page of its own, to print for the citizen (offline too).
        await booth.page.getByTestId('receipt-page').click();
        await booth.page.getByTestId('print-receipt').waitFor();
        assert.equal((await booth.receipt()).provisional, provisional);
        assert.match((await booth.page.getByTestId('receipt-qr').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
        await booth.page.getByTestId('back').click();
      }
      await booth.backToList();

      if (index === 3 || index === 7) {
        // The tab is reloaded (a phone that ran out of memory, a curious child): still offline.
        await booth.reload();
        assert.equal(await booth.signedInAs(), 'Dewi Lestari (MPS)');
        const listed = await booth.draftIdsInList();
        for (const done of filed) assert.ok(listed.includes(done.id), `application ${done.provisional} survived the reload`);
      }
    }
    assert.equal(new Set(filed.map((entry) => entry.provisional)).size, 10, 'ten different receipt numbers');
    const status = await booth.syncStatus();
    assert.equal(status.connectivity, 'offline');
    assert.ok(status.pending >= 10, `everything waits on the device: ${status.text}`);
  });

  it('sends all ten when the network returns: official numbers, no duplicates, photos byte-identical', async () => {
    const started = Date.now();
    await boothDevice.setOffline(false);
    const applications = store().use<StoredApplication>(DATABASES.applications);
    const stored = await eventually(async () => {
      const docs = await Promise.all(filed.map((entry) => applications.get(entry.id)));
      for (const doc of docs) assert.ok(doc.registrationNumber, `${doc.provisionalNumber} has its registration number`);
      return docs;
    }, 120_000, 500);
    console.log(`# ten applications and twenty photos registered ${Date.now() - started} ms after the network returned`);

    const numbers = stored.map((doc) => doc.registrationNumber ?? '');
    assert.equal(new Set(numbers).size, 10, 'no number given twice');
    for (const number of numbers) assert.match(number, /^\d{4}\/TDP\/\d{2}\/\d{4}$/);
    // Gap-free: ten consecutive numbers of this month (where they start depends on what earlier
    // tests and runs numbered on this store; nothing else submits a TDP while this test runs).
    const sequences = numbers.map((number) => Number(number.slice(0, 4))).sort((a, b) => a - b);
    assert.deepEqual(sequences, Array.from({ length: 10 }, (_, index) => sequences[0]! + index), 'consecutive numbers');
    const ours = new Set(filed.map((entry) => entry.id));
    const registrations = await store().use<StoredRegistration>(DATABASES.registrations)
      .list({ startkey: 'number:', endkey: 'number:\ufff0', include_docs: true });
    assert.equal(registrations.rows.filter((row) => row.doc && ours.has(row.doc.applicationId)).length, 10,
      'one number document per application, none for a repeated send');
    for (const [index, doc] of stored.entries()) {
      assert.equal(doc.status, 'submitted');
      assert.equal(doc.provisionalNumber, filed[index]!.provisional, 'the provisional number still finds it');
      assert.equal(doc.citizen?.nik, CITIZENS[index]!.nik);
      assert.ok(doc.consentAt, 'consent recorded');
    }

    const files = store().use<StoredFile>(DATABASES.files);
    let photosChecked = 0;
    for (const doc of stored) {
      for (const [requirementId, ref] of Object.entries(doc.documents ?? {})) {
        const file = await files.get(ref.fileId);
        assert.equal(file.complete, true);
        assert.equal(file.requirementId, requirementId);
        const bytes = await files.attachment.get(ref.fileId, 'file') as Buffer;
        assert.equal(bytes.length, ref.size);
        // The ref's digest was computed on the device from the bytes it kept (tests/browser/documents.test.ts).
        assert.equal(createHash('sha256').update(bytes).digest('hex'), ref.sha256, `${ref.fileName} is byte-identical`);
        photosChecked++;
      }
    }
    assert.equal(photosChecked, 20);

    // A scanned receipt (its QR code opens #/find/<number>) finds the application by either number.
    await booth.open(`#/find/${encodeURIComponent(stored[3]!.registrationNumber ?? '')}`);
    await eventually(async () => assert.deepEqual(await booth.draftIdsInList(), [filed[3]!.id]));
    await booth.open(`#/find/${encodeURIComponent(filed[5]!.provisional)}`);
    await eventually(async () => assert.deepEqual(await booth.draftIdsInList(), [filed[5]!.id]));
    await booth.search('');

    // The booth sees the official numbers too, offline later as well.
    await booth.openDraftFromList(filed[0]!.id);
    await eventually(async () => assert.equal((await booth.receipt()).registration, stored[0]!.registrationNumber), 30_000);
    await booth.backToList();
    try {
      await eventually(async () => assert.equal((await booth.syncStatus()).pending, 0));
    } catch (error) {
      // Which change stayed counted, the device's copy of it and the server's: CI saw 4 once.
      for (const entry of await booth.waitingChanges()) {
        const server = await applications.get(entry.id).catch(() => undefined);
        console.log(`# still waiting: ${JSON.stringify(entry)}; server has ${JSON.stringify(server && {
          _rev: server._rev, status: server.status, updatedAt: server.updatedAt, registrationNumber: server.registrationNumber, deleted: server.deleted,
        })}`);
      }
      throw error;
    }
  });

  it('lets a citizen claim theirs on their own device with the code from the receipt', async () => {
    const citizenDevice = await system.newProfile();
    const citizen = new AppPage(await citizenDevice.newPage(), system.url);
    await citizen.open();
    const owner = await system.account('applicant', 'Warga Desa 1');
    await citizen.signIn(owner.username, owner.password);
    const message = await citizen.claim(filed[0]!.claimCode.toLowerCase());
    assert.match(message, /sekarang ada di akun ini/);
    await eventually(async () => assert.ok((await citizen.draftIdsInList()).includes(filed[0]!.id),
      'the claimed application is on the citizen\'s list'), 30_000);
    await citizen.openDraftFromList(filed[0]!.id);
    assert.equal((await citizen.receipt()).provisional, filed[0]!.provisional);
    // Still the booth's too, for follow-up.
    assert.ok((await booth.draftIdsInList()).includes(filed[0]!.id), 'the claimed application is still on the booth\'s list');
    // A code works once: another citizen cannot take the same application.
    const other = new AppPage(await (await system.newProfile()).newPage(), system.url);
    await other.open();
    const stranger = await system.account('applicant');
    await other.signIn(stranger.username, stranger.password);
    assert.match(await other.claim(filed[0]!.claimCode), /sudah diklaim/);
  });
});
