/**
 * A returned application on a 360×740 phone (issue 8): the office's reasons are at the top of the
 * form and again at each field and document they name (not at the bottom of a 5,800 px form), a
 * reason takes the person to its field, and "Kirim ulang" (resubmit) is offered only once
 * something was changed since the return. Screenshots at 360×740 and 1366×768 go to /tmp/shots-E/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { apiCall, sessionCookieFrom, type TestAccount } from '../server/helpers.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 768 };
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-E';

async function signInCookie(system: TestSystem, account: TestAccount): Promise<string> {
  const login = await apiCall(system.url, '/api/auth/login', { body: { username: account.username, password: account.password } });
  assert.equal(login.status, 200, login.text);
  return sessionCookieFrom(login.headers) ?? '';
}

const ref = (name: string) => ({ fileId: crypto.randomUUID(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 120_000, sha256: 'ab'.repeat(32) });

describe('a returned application on a phone', () => {
  let system: TestSystem;
  let phone: AppPage;
  let applicant: TestAccount;
  let office: TestAccount;
  const id = crypto.randomUUID();

  before(async () => {
    system = await startSystem();
    applicant = await system.account('applicant', 'Siti Rahayu');
    office = await system.account('front-office', 'Loket Uji');
    // Submitted from another device of the applicant: complete, with its documents named.
    const now = Date.now();
    const doc: ApplicationWireDoc = {
      id, ownerId: applicant.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'submitted',
      answers: {
        applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
        businessForm: 'cv', kbli: '47111', establishmentDate: '2018-03-12', employeeCount: '8',
        companyAddress: { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' },
      },
      documents: { ktp: ref('ktp'), npwp: ref('npwp') },
      createdAt: new Date(now - 60_000).toISOString(), updatedAt: now, submittedAt: new Date(now).toISOString(),
      provisionalNumber: newProvisionalNumber(), _deleted: false,
    };
    const pushed = await apiCall(system.url, '/api/sync/applications/push', {
      cookie: await signInCookie(system, applicant), body: { rows: [{ newDocumentState: doc }] },
    });
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual(pushed.body, { conflicts: [] }, `no conflict: ${pushed.text.slice(0, 400)}`);
    const returned = await apiCall(system.url, `/api/applications/${id}/return`, {
      cookie: await signInCookie(system, office),
      body: { reasons: [
        { fieldId: 'kbli', text: 'Kode KBLI 47111 tidak sesuai kegiatan usaha; pakai 47112.' },
        { fieldId: 'npwp', text: 'Foto NPWP buram, unggah ulang.' },
        { text: 'Hubungi loket bila ada pertanyaan.' },
      ] },
    });
    assert.equal(returned.status, 200, returned.text);
    phone = new AppPage(await (await system.newProfile()).newPage(), system.url);
    await phone.page.setViewportSize(PHONE);
  });

  after(async () => {
    await system?.close();
  });

  it('shows the reasons at the top of the form and at each field and document named', async () => {
    await phone.openAndSignIn(applicant.username, applicant.password);
    await eventually(async () => assert.ok((await phone.draftIdsInList()).includes(id), 'the returned application is on the list'), 30_000);
    await phone.openDraftFromList(id);
    const reasons = phone.page.getByTestId('return-reasons');
    await reasons.waitFor();
    assert.equal(await phone.page.evaluate(() => window.scrollY), 0, 'the form opens at its top');
    const box = await reasons.boundingBox();
    assert.ok(box && box.y < PHONE.height / 2, `the reasons start in the top half of the first screen (at ${box?.y} px)`);
    assert.match(await phone.returnReasons(), /KBLI.*47112.*NPWP.*buram.*Hubungi loket/s);

    const atField = phone.page.getByTestId('field-reason-kbli');
    assert.match((await atField.textContent()) ?? '', /pakai 47112/);
    const [reasonBox, inputBox] = [await atField.boundingBox(), await phone.page.getByTestId('input-kbli').boundingBox()];
    assert.ok(reasonBox && inputBox && inputBox.y > reasonBox.y && inputBox.y - reasonBox.y < 150, 'the reason sits right above the KBLI field');
    assert.match((await phone.page.getByTestId('document-reason-npwp').textContent()) ?? '', /buram/);
    assert.equal(await phone.page.getByTestId('field-reason-companyName').count(), 0, 'no reason at a field not named');
    await fs.mkdir(SHOTS, { recursive: true });
    for (const [size, viewport] of [['360', PHONE], ['1366', DESKTOP]] as const) {
      await phone.page.setViewportSize(viewport);
      await phone.page.evaluate(() => window.scrollTo(0, 0));
      await phone.page.waitForTimeout(150);
      await phone.page.screenshot({ path: path.join(SHOTS, `form-returned-${size}.png`) });
    }
    await phone.page.setViewportSize(PHONE);
  });

  it('a reason takes the person to its field; resubmitting is offered only after a change', async () => {
    const button = phone.page.getByTestId('submit-application');
    assert.equal(await button.isDisabled(), true, 'nothing changed since the return: no resubmit yet');
    await phone.page.getByTestId('resubmit-after-change').waitFor();
    await phone.page.getByTestId('go-to-reason-kbli').click();
    await eventually(async () => assert.equal(await phone.page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.getAttribute('data-testid');
    }), 'input-kbli'));
    await phone.fill('kbli', '47112');
    await eventually(async () => assert.equal(await button.isDisabled(), false, 'changed: resubmit is offered'));
    await button.click();
    await eventually(async () => assert.equal(await phone.applicationStatus(), 'submitted'));
  });
});
