/**
 * A claim code that has not arrived yet (issue 8): a booth files offline and gives the citizen a
 * receipt; the citizen enters its claim code on their own phone before the booth has synced
 * (first with no network, then online). The code is not called wrong: it stays listed on the
 * citizen's phone, across a reload, saying the application appears once the booth is online; and
 * when the booth comes online the application arrives by itself and the pending entry goes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';
import { makePhotos } from './photos.js';

const SHOTS = '/tmp/shots-D';
const CITIZEN = {
  nik: '6471051708900077', name: 'Sari Menunggu Klaim', phone: '081255000077',
  address: { street: 'Jl. Poros Desa No. 7', village: 'Sepaku', district: 'Sepaku', city: 'Kabupaten Penajam Paser Utara', province: 'Kalimantan Timur' },
};

/** A complete booth filing of a TDP for CITIZEN; returns its id and the receipt's claim code. */
async function fileForCitizen(booth: AppPage, photos: string[]): Promise<{ id: string; claimCode: string }> {
  const id = await booth.startDraft('tdp');
  await booth.fillCitizen(CITIZEN);
  // The applicant fields follow the citizen block; where a form still asks for them, they are typed.
  for (const [field, value] of [['applicantNik', CITIZEN.nik], ['applicantName', CITIZEN.name], ['applicantPhone', CITIZEN.phone]] as const) {
    if (await booth.isFieldShown(field) && (await booth.fieldValue(field)) === '') await booth.fill(field, value);
  }
  await booth.fill('companyName', 'UD Klaim Belakangan');
  await booth.choose('businessForm', 'perorangan');
  await booth.fillAddress('companyAddress', CITIZEN.address);
  await booth.fill('kbli', '47112');
  const dateType = await booth.page.getByTestId('input-establishmentDate').getAttribute('type');
  await booth.fill('establishmentDate', dateType === 'date' ? '2019-06-01' : '01-06-2019');
  await booth.fill('employeeCount', '3');
  await booth.attachPhoto('ktp', photos[0]!);
  await booth.attachPhoto('npwp', photos[1]!);
  await booth.submit();
  const { claimCode } = await booth.receipt();
  assert.match(claimCode ?? '', /^[0-9A-Z]{5}-[0-9A-Z]{5}$/, 'the receipt has a claim code');
  return { id, claimCode: claimCode ?? '' };
}

describe('a claim code that has not arrived yet', () => {
  let system: TestSystem;
  let boothDevice: BrowserContext;
  let phoneDevice: BrowserContext;
  let booth: AppPage;
  let phone: AppPage;
  let filed: { id: string; claimCode: string };

  before(async () => {
    await fs.mkdir(SHOTS, { recursive: true });
    system = await startSystem();
    const staff = await system.account('booth-staff', 'Petugas Gerai Klaim');
    const citizen = await system.account('applicant', CITIZEN.name);
    boothDevice = await system.newProfile();
    booth = new AppPage(await boothDevice.newPage(), system.url);
    await booth.page.setViewportSize({ width: 360, height: 740 });
    await booth.openAndSignIn(staff.username, staff.password);
    phoneDevice = await system.newProfile();
    phone = new AppPage(await phoneDevice.newPage(), system.url);
    await phone.page.setViewportSize({ width: 360, height: 740 });
    await phone.openAndSignIn(citizen.username, citizen.password);
  });

  after(async () => {
    await system?.close();
  });

  it('the booth files offline and hands over the receipt', async () => {
    const photos = await makePhotos(boothDevice, 2);
    await boothDevice.setOffline(true);
    filed = await fileForCitizen(booth, photos);
    await booth.backToList();
  });

  it('entered on a phone with no network: kept, and sent once the phone is online', async () => {
    await phoneDevice.setOffline(true);
    await phone.open('#/');
    const message = await phone.claim(filed.claimCode.toLowerCase());
    assert.match(message, /akan muncul otomatis setelah petugas booth tersambung ke internet/);
    assert.deepEqual((await phone.pendingClaims()).map(({ code, state }) => ({ code, state })), [{ code: filed.claimCode, state: 'unsent' }]);
    await phoneDevice.setOffline(false);
    await eventually(async () => assert.equal((await phone.pendingClaims())[0]?.state, 'waiting', 'the server has the claim'), 20_000);
  });

  it('stays listed across a reload, saying what to expect, never "unknown code"', async () => {
    await phone.reload();
    const [pending] = await eventually(async () => {
      const claims = await phone.pendingClaims();
      assert.equal(claims.length, 1);
      return claims;
    });
    assert.equal(pending!.code, filed.claimCode);
    assert.match(pending!.text, /akan muncul otomatis setelah petugas booth tersambung ke internet/);
    assert.doesNotMatch(pending!.text, /tidak dikenal/);
    // Entering it again online gives the same answer, not an error.
    assert.match(await phone.claim(filed.claimCode), /akan muncul otomatis/);
    assert.equal((await phone.pendingClaims()).length, 1, 'listed once');
    await phone.page.getByTestId('pending-claims').scrollIntoViewIfNeeded();
    await phone.page.screenshot({ path: `${SHOTS}/pending-claim-360.png` });
    await phone.page.setViewportSize({ width: 1366, height: 768 });
    await phone.page.screenshot({ path: `${SHOTS}/pending-claim-1366.png` });
    await phone.page.setViewportSize({ width: 360, height: 740 });
  });

  it('completes by itself when the booth comes online: the application arrives, the pending entry goes', async () => {
    const online = Date.now();
    await boothDevice.setOffline(false);
    await eventually(async () => assert.ok((await phone.draftIdsInList()).includes(filed.id), 'the application is on the citizen\'s phone'), 90_000, 500);
    console.log(`# the claimed application reached the citizen's phone ${Date.now() - online} ms after the booth came online`);
    await eventually(async () => assert.deepEqual(await phone.pendingClaims(), []), 10_000);
    await phone.openDraftFromList(filed.id);
    assert.match((await phone.receipt()).provisional, /^P-/);
    await phone.reload();
    await phone.open('#/');
    assert.deepEqual(await phone.pendingClaims(), [], 'gone after a reload too');
  });
});
