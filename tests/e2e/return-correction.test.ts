/**
 * An applicant's draft across two devices and through the office's return (issue 3): started on
 * a laptop, resumed and submitted on a phone, returned by the front office with reasons, which
 * both devices show (offline too, once synced), corrected and resubmitted under the same number.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext } from 'playwright-core';
import { apiCall, sessionCookieFrom, type TestAccount } from '../server/helpers.js';
import { DATABASES, type StoredApplication, type StoredFile } from '../../sync-server/store.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';
import { makePhotos } from './photos.js';

describe('an applicant resumes a draft on a second device, submits, and corrects it after a return', () => {
  let system: TestSystem;
  let applicant: TestAccount;
  let office: TestAccount;
  let laptopProfile: BrowserContext;
  let laptop: AppPage;
  let phoneProfile: BrowserContext;
  let phone: AppPage;
  let photos: string[] = [];
  let draftId = '';
  let registrationNumber = '';
  const stored = (): Promise<StoredApplication> => nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(draftId);

  before(async () => {
    system = await startSystem();
    // Accounts of this file's own (a demo account holds what earlier runs left in it).
    applicant = await system.account('applicant', 'Siti Rahayu');
    office = await system.account('front-office', 'Agus Prasetyo (loket)');
    laptopProfile = await system.newProfile();
    laptop = new AppPage(await laptopProfile.newPage(), system.url);
    phoneProfile = await system.newProfile();
    phone = new AppPage(await phoneProfile.newPage(), system.url);
    photos = await makePhotos(laptopProfile, 2);
  });

  after(async () => {
    await system?.close();
  });

  it('starts the draft on a laptop with part of the answers and one photo', async () => {
    await laptop.openAndSignIn(applicant.username, applicant.password);
    draftId = await laptop.startDraft('tdp');
    await laptop.type('applicantNik', '6471021708900003');
    await laptop.type('applicantName', 'Siti Rahayu');
    await laptop.fill('applicantPhone', '081234567890');
    await laptop.fill('companyName', 'CV Maju Jaya');
    await laptop.choose('businessForm', 'cv');
    await laptop.attachPhoto('ktp', photos[0]!);
    assert.ok((await laptop.submissionProblems()).length > 0, 'not complete yet: the form says what is missing');
    await eventually(async () => assert.equal((await stored()).answers.companyName, 'CV Maju Jaya'), 20_000);
    // The photo follows its application to the server within seconds of the application.
    await eventually(async () => {
      const ref = (await stored()).documents?.ktp;
      assert.ok(ref, 'the application names the photo');
      const file = await nano(system.storeUrl).use<StoredFile>(DATABASES.files).get(ref.fileId);
      assert.equal(file.complete, true);
    }, 20_000);
  });

  it('resumes it on a phone, completes it and submits', async () => {
    await phone.openAndSignIn(applicant.username, applicant.password);
    await eventually(async () => assert.ok((await phone.draftIdsInList()).includes(draftId), 'the laptop\'s draft is on the phone\'s list'), 20_000);
    await phone.openDraftFromList(draftId);
    assert.equal(await phone.fieldValue('companyName'), 'CV Maju Jaya');
    // The laptop's photo is on the server; the phone shows it without having taken it.
    await phone.page.getByTestId('document-thumbnail-ktp').waitFor({ timeout: 30_000 });
    await phone.fillAddress('companyAddress', { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' });
    // A well-formed code for the wrong activity (catalog v4 refuses a 4-digit one at submission).
    await phone.fill('kbli', '47111');
    await phone.fill('establishmentDate', '2018-03-12');
    await phone.fill('employeeCount', '8');
    await phone.attachPhoto('npwp', photos[1]!);
    await phone.submit();
    const registered = await eventually(async () => {
      const doc = await stored();
      assert.ok(doc.registrationNumber, 'the application has its registration number');
      return doc;
    }, 60_000);
    registrationNumber = registered.registrationNumber ?? '';
    assert.equal(registered.status, 'submitted');
    // Not 0001: a CouchDB that is not wiped between runs holds this month's earlier TDP numbers.
    assert.match(registrationNumber, /^\d{4}\/TDP\/\d{2}\/\d{4}$/);
    await eventually(async () => assert.equal((await phone.receipt()).registration, registrationNumber), 30_000);
  });

  it('shows the office\'s reasons on both devices, offline too once synced', async () => {
    const login = await apiCall(system.url, '/api/auth/login', { body: { username: office.username, password: office.password } });
    const cookie = sessionCookieFrom(login.headers) ?? '';
    const returned = await apiCall(system.url, `/api/applications/${draftId}/return`, {
      cookie, body: { reasons: [{ fieldId: 'kbli', text: 'Kode KBLI harus 47112 sesuai OSS.' }, { text: 'Foto NPWP buram, unggah ulang.' }] },
    });
    assert.equal(returned.status, 200, returned.text);

    await eventually(async () => assert.equal(await phone.applicationStatus(), 'returned'), 30_000);
    assert.match(await phone.returnReasons(), /Kode KBLI harus 47112 sesuai OSS/);
    // The laptop is on the drafts list; open it, then cut its network and reload: the reasons stay.
    await laptop.backToList().catch(() => undefined);
    await eventually(async () => {
      await laptop.openDraftFromList(draftId);
      assert.equal(await laptop.applicationStatus(), 'returned');
    }, 30_000);
    await laptopProfile.setOffline(true);
    await laptop.reload();
    await laptop.page.getByTestId('return-reasons').waitFor();
    assert.match(await laptop.returnReasons(), /Foto NPWP buram/);
    await laptopProfile.setOffline(false);
  });

  it('corrects and resubmits under the same registration number', async () => {
    await phone.page.getByTestId('input-kbli').fill('47112');
    await phone.page.getByTestId('document-remove-npwp').click();
    await phone.attachPhoto('npwp', photos[0]!);
    await phone.page.getByTestId('submit-application').click();
    const resubmitted = await eventually(async () => {
      const doc = await stored();
      assert.equal(doc.status, 'submitted');
      assert.equal(doc.answers.kbli, '47112');
      return doc;
    }, 60_000);
    assert.equal(resubmitted.registrationNumber, registrationNumber, 'the number stays');
    assert.equal(resubmitted.returnReasons, undefined, 'the answered reasons are cleared');
    await eventually(async () => assert.equal(await laptop.applicationStatus(), 'submitted'), 30_000);
  });
});
