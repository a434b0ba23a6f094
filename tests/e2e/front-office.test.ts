/**
 * The front office's completeness check end to end (issue 9): an applicant files a TDP with two
 * photos on a phone; the front office, on a laptop (its own browser profile, 1366×768), opens it
 * from its work queue, returns it with a reason on the NPWP item; the applicant replaces the photo
 * and submits again; the front office opens it from the queue again and accepts it, and the
 * application is in review on the server (read in the store). Screenshots of the queue and the
 * check screen at 360×740 and 1366×768 go to E2E_SCREENSHOTS (default /tmp/front-office-shots).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { TestAccount } from '../server/helpers.js';
import { DATABASES, type StoredFile } from '../../sync-server/store.js';
import type { AppPage } from './app-page.js';
import { eventually, shoot, startSystem, type TestSystem } from './harness.js';
import { ADDRESS, storedApplication } from './office-setup.js';
import { makePhotos } from './photos.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/front-office-shots';

describe('the front office returns an application from its queue, then accepts the corrected one', () => {
  let system: TestSystem;
  let applicant: TestAccount;
  let office: TestAccount;
  let phone: AppPage;
  let laptop: AppPage;
  let photos: string[] = [];
  let applicationId = '';
  const stored = () => storedApplication(system, applicationId);

  /** The laptop opens the application from its queue (once the sync brought it), found by its number. */
  async function openFromQueue(): Promise<void> {
    await laptop.openFromQueue((await stored()).provisionalNumber ?? '', applicationId);
    await laptop.page.getByTestId('check-items').waitFor({ timeout: 30_000 });
    assert.equal(new URL(laptop.page.url()).pathname, `/kantor/permohonan/${applicationId}`);
  }

  const item = (id: string) => laptop.page.locator(`[data-testid=check-item][data-item="${id}"]`);

  before(async () => {
    system = await startSystem();
    applicant = await system.account('applicant', 'Siti Rahayu');
    office = await system.account('front-office', 'Agus Prasetyo (loket)');
    const phoneDevice = await system.newDevice(360, 740);
    phone = phoneDevice.app;
    laptop = (await system.newDevice(1366, 768)).app;
    photos = await makePhotos(phoneDevice.profile, 2);
  });

  after(async () => {
    await system?.close();
  });

  it('the applicant files a TDP with its KTP and NPWP photos', async () => {
    await phone.openAndSignIn(applicant.username, applicant.password);
    applicationId = await phone.startDraft('tdp');
    await phone.type('applicantNik', '6471021708900003');
    await phone.type('applicantName', 'Siti Rahayu');
    await phone.fill('applicantPhone', '081234567890');
    await phone.fill('companyName', 'CV Maju Jaya');
    await phone.choose('businessForm', 'cv');
    await phone.fillAddress('companyAddress', ADDRESS);
    await phone.fill('kbli', '47112');
    await phone.fill('establishmentDate', '2018-03-12');
    await phone.fill('employeeCount', '8');
    await phone.attachPhoto('ktp', photos[0]!);
    await phone.attachPhoto('npwp', photos[1]!);
    await phone.submit();
    await eventually(async () => {
      const doc = await stored();
      assert.equal(doc.status, 'submitted');
      assert.ok(doc.registrationNumber, 'numbered');
      for (const ref of Object.values(doc.documents ?? {})) {
        assert.equal((await nano(system.storeUrl).use<StoredFile>(DATABASES.files).get(ref.fileId)).complete, true, 'the photo is on the server');
      }
    }, 60_000);
  });

  it('the front office opens it from its queue and returns it with a reason on the NPWP', async () => {
    await laptop.openAndSignIn(office.username, office.password);
    await laptop.page.getByTestId('queue').waitFor({ timeout: 60_000 });
    await openFromQueue();
    await laptop.page.goBack();
    await laptop.page.getByTestId('queue').waitFor();
    await shoot(laptop.page, SHOTS, 'queue');
    await openFromQueue();
    assert.match((await laptop.page.getByTestId('check-number').textContent()) ?? '', /\/TDP\//, 'the registration number');
    // The photo is shown when the server lets the office download it; otherwise said so, never faked.
    const ktpFile = item('ktp').locator('[data-file=image], [data-file=missing]');
    await ktpFile.first().waitFor({ timeout: 30_000 });
    const fileState = await ktpFile.first().getAttribute('data-file');
    console.log(`front office sees the KTP photo as: ${fileState ?? '?'}`);
    await item('ktp').getByTestId('check-ok').check();
    await item('npwp').getByTestId('check-bad').check();
    assert.equal(await laptop.page.getByTestId('check-return').isDisabled(), true, 'a reason first');
    await item('npwp').getByTestId('check-reason').fill('Foto NPWP buram, unggah ulang.');
    await shoot(laptop.page, SHOTS, 'check');
    assert.equal(await laptop.page.getByTestId('check-accept').isDisabled(), true, 'not with an item not in order');
    await laptop.page.getByTestId('check-return').click();
    await laptop.page.locator('[data-testid=check-outcome][data-outcome=applied]').waitFor({ timeout: 60_000 });
    const returned = await stored();
    assert.equal(returned.status, 'returned');
    assert.deepEqual(returned.returnReasons, [{ fieldId: 'npwp', text: 'Foto NPWP buram, unggah ulang.' }]);
    // The history panel asks the server again once the return is applied here: the submission and
    // the return, newest first, each with who did it.
    const history = laptop.page.getByTestId('application-history');
    await eventually(async () => {
      const events = await history.getByTestId('history-event').evaluateAll((items) => items.map((item) => ({
        event: (item as HTMLElement).dataset.event, who: item.querySelector('[data-testid=history-who]')?.textContent ?? '',
      })));
      assert.deepEqual(events.map((event) => event.event).filter((event) => event === 'submit' || event === 'return'), ['return', 'submit']);
      assert.match(events.find((event) => event.event === 'return')?.who ?? '', /Agus Prasetyo \(loket\) \(petugas loket\)/);
      assert.match(events.find((event) => event.event === 'submit')?.who ?? '', /Siti Rahayu \(pemohon\)/);
    }, 60_000);
    await history.scrollIntoViewIfNeeded();
    await shoot(laptop.page, SHOTS, 'check-history');
  });

  it('the applicant replaces the photo and submits again; the front office accepts it from the queue', async () => {
    await eventually(async () => assert.equal(await phone.applicationStatus(), 'returned'), 60_000);
    assert.match(await phone.returnReasons(), /Foto NPWP buram/);
    // The applicant's own stages: submitted, number given, returned (the server's record, no staff names).
    const stages = phone.page.getByTestId('application-stages');
    await eventually(async () => assert.deepEqual(await stages.locator('li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.stage)),
      ['submitted', 'registered', 'returned']), 60_000);
    await stages.scrollIntoViewIfNeeded();
    await shoot(phone.page, SHOTS, 'applicant-stages');
    await phone.page.setViewportSize({ width: 360, height: 740 });
    await phone.page.getByTestId('document-remove-npwp').click();
    await phone.attachPhoto('npwp', photos[0]!);
    await phone.page.getByTestId('submit-application').click();
    await eventually(async () => assert.equal((await stored()).status, 'submitted'), 60_000);

    await laptop.page.getByTestId('check-back').click();
    await openFromQueue();
    // The replaced photo is shown (fetched again while its upload ends), not the old one.
    await item('npwp').locator('[data-file=image]').waitFor({ timeout: 60_000 });
    await item('ktp').getByTestId('check-ok').check();
    await item('npwp').getByTestId('check-ok').check();
    await laptop.page.getByTestId('check-accept').click();
    await laptop.page.locator('[data-testid=check-outcome][data-outcome=applied]').waitFor({ timeout: 60_000 });
    const accepted = await stored();
    assert.equal(accepted.status, 'in-review');
    assert.ok(accepted.acceptedAt, 'the acceptance time is the server\'s');
    assert.deepEqual(accepted.routedAgencies, ['dinas-perdagangan']);
    await shoot(laptop.page, SHOTS, 'check-accepted');
  });
});
