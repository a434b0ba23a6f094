/**
 * Each role lands on its own area (issue 9, "a house you can find your way in"): applicants and
 * booth staff on their drafts, office accounts on the office area, the administrator on the
 * admin area; addresses are paths that open by themselves, Back works, and a link printed before
 * (`#/find/<number>`) still opens its screen. Real server, real Chromium.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Role } from '../../common/sync-protocol.js';
import { AppPage } from './app-page.js';
import { startSystem, type TestSystem } from './harness.js';

describe('each role has its own area', () => {
  let system: TestSystem;
  before(async () => { system = await startSystem(); });
  after(async () => { await system.close(); });

  async function signedIn(role: Role, at = ''): Promise<{ app: AppPage; page: Page }> {
    const account = await system.account(role);
    const profile = await system.newProfile();
    const page = profile.pages()[0] ?? await profile.newPage();
    const app = new AppPage(page, system.url);
    await app.open(at);
    await app.signIn(account.username, account.password);
    return { app, page };
  }

  it('an applicant lands on the drafts; the picker and a draft have addresses of their own, and Back returns', async () => {
    const { app, page } = await signedIn('applicant');
    await page.getByTestId('new-draft').waitFor();
    assert.equal(new URL(page.url()).pathname, '/', 'the drafts are the landing');
    const id = await app.startDraft('siup');
    assert.equal(new URL(page.url()).pathname, `/permohonan/${id}`, 'a draft is at /permohonan/<id>');
    await page.goBack();
    await page.getByTestId('permit-list').waitFor();
    assert.equal(new URL(page.url()).pathname, '/permohonan/baru', 'Back returns to the picker, at its own address');
    // An address typed or bookmarked opens its screen after a reload too.
    await page.goto(`${system.url}/permohonan/${id}`);
    await page.getByTestId('draft-title').waitFor();
  });

  for (const role of ['front-office', 'agency-reviewer', 'inspector'] as const) {
    it(`a ${role} account lands on the office area, not on the applicant's screen`, async () => {
      const { page } = await signedIn(role);
      await page.getByTestId('office-title').waitFor();
      assert.equal(new URL(page.url()).pathname, '/kantor', 'the address names the office area');
      assert.equal(await page.getByTestId('new-draft').count(), 0, 'no "new application" button for the office');
      // The inspector's screens come later: its area says so rather than showing something made up.
      if (role === 'inspector') assert.match(await page.getByTestId('office-coming-next').textContent() ?? '', /belum ada yang bisa dikerjakan/, 'the page says honestly what it is not yet');
    });
  }

  it('the administrator lands on the admin area; another role sent there is told and shown its own', async () => {
    const admin = await signedIn('admin');
    await admin.page.getByTestId('admin-title').waitFor();
    assert.equal(new URL(admin.page.url()).pathname, '/admin');

    const applicant = await signedIn('applicant', 'admin');
    await applicant.page.getByTestId('not-for-role').waitFor();
    await applicant.page.getByTestId('go-home').click();
    await applicant.page.getByTestId('new-draft').waitFor();
    assert.equal(new URL(applicant.page.url()).pathname, '/', 'the link goes to the account\'s own landing');
  });

  it('an older hash link opens its screen at the new address', async () => {
    const { app, page } = await signedIn('booth-staff');
    const id = await app.startDraft('siup');
    await page.goto(`${system.url}/#/drafts/${id}`);
    await page.getByTestId('draft-title').waitFor();
    assert.equal(new URL(page.url()).pathname, `/permohonan/${id}`, 'the hash address is rewritten to its path');
    assert.equal(new URL(page.url()).hash, '', 'no hash is left');
  });
});
