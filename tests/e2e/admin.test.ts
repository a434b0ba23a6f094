/**
 * The administrator's screens against the real server (issue 9): agencies made, renamed and
 * deactivated; accounts made with a role and agency, the new account working at once, disabled,
 * given a new password and signed out everywhere; a catalog version refused with its problems at
 * their paths, then published. Every change is checked where it matters: the other account's
 * sign-in and session, and the server's answer.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { accountsDb, type StoredAccount } from '../../sync-server/users.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';

describe('administration', () => {
  let system: TestSystem;
  let admin: Page;
  const suffix = randomBytes(3).toString('hex');
  const agencyId = `dinas-uji-${suffix}`;
  const reviewerName = `pengkaji.${suffix}`;
  const firstPassword = `Awal-${suffix}-kuat-sekali`;

  before(async () => {
    system = await startSystem();
    const account = await system.account('admin', 'Admin Uji');
    const profile = await system.newProfile();
    admin = profile.pages()[0] ?? await profile.newPage();
    // The confirmations (disable, sign out everywhere) are accepted, as the administrator would.
    const app = new AppPage(admin, system.url);
    await app.open('admin/instansi');
    await app.signIn(account.username, account.password);
    await admin.getByTestId('agency-create-section').waitFor();
  });
  after(async () => { await system.close(); });

  async function newPage(): Promise<{ app: AppPage; page: Page }> {
    const profile = await system.newProfile();
    const page = profile.pages()[0] ?? await profile.newPage();
    return { app: new AppPage(page, system.url), page };
  }

  it('makes an agency, says what is wrong with a bad code, and renames it', async () => {
    await admin.locator('[data-testid=agency-create-section] summary').click();
    const form = admin.getByTestId('agency-create');
    await form.getByTestId('new-agency-id').fill('Bukan Kode');
    await form.getByTestId('agency-name-id').fill('Dinas Uji');
    await form.getByTestId('agency-name-en').fill('Test Agency');
    await form.getByTestId('agency-create-submit').click();
    assert.match(await form.getByTestId('problem-id').textContent() ?? '', /huruf kecil/, 'the refusal is shown at the code field');

    await form.getByTestId('new-agency-id').fill(agencyId);
    await form.getByTestId('agency-create-submit').click();
    await form.getByTestId('agency-created').waitFor();
    const row = admin.getByTestId(`agency-${agencyId}`);
    assert.equal(await row.getByTestId('agency-name').textContent(), 'Dinas Uji');

    await row.getByTestId('agency-rename').click();
    await row.getByTestId('agency-name-id').fill('Dinas Uji Baru');
    await row.getByTestId('agency-rename-submit').click();
    await eventually(async () => assert.equal(await row.getByTestId('agency-name').textContent(), 'Dinas Uji Baru', 'the new name is listed'));
    // The server has it (a reload reads it back from there).
    await admin.reload();
    assert.equal(await admin.getByTestId(`agency-${agencyId}`).getByTestId('agency-name').textContent(), 'Dinas Uji Baru');
  });

  it('makes an agency reviewer who can sign in at once and lands on the office area of that agency', async () => {
    await admin.getByTestId('admin-nav-accounts').click();
    await admin.locator('[data-testid=account-create-section] summary').click();
    const form = admin.getByTestId('account-create');
    await form.getByTestId('new-username').fill(reviewerName);
    await form.getByTestId('new-display-name').fill('Pengkaji Uji');
    await form.getByTestId('new-role').selectOption('agency-reviewer');
    await form.getByTestId('new-agency').selectOption(agencyId);
    await form.getByTestId('new-password').fill('pendek');
    await form.getByTestId('account-create-submit').click();
    await form.getByTestId('problem-password').waitFor();

    await form.getByTestId('new-password').fill(firstPassword);
    await form.getByTestId('account-create-submit').click();
    await form.getByTestId('account-created').waitFor();
    const row = admin.getByTestId(`account-${reviewerName}`);
    assert.match(await row.textContent() ?? '', /Dinas Uji Baru/, 'the list names the account\'s agency');

    const { app, page } = await newPage();
    await app.open();
    await app.signIn(reviewerName, firstPassword);
    await page.getByTestId('office-title').waitFor();
    assert.equal(new URL(page.url()).pathname, '/kantor');
    assert.match(await page.getByTestId('office-agency').textContent() ?? '', new RegExp(agencyId), 'the office area names the agency');
  });

  it('signs an account out everywhere, resets its password, disables it and enables it again', async () => {
    const { app, page } = await newPage();
    await app.open();
    await app.signIn(reviewerName, firstPassword);
    const status = (): Promise<number> => page.evaluate(() => fetch('/api/auth/me').then((response) => response.status));
    assert.equal(await status(), 200, 'signed in on the server');

    const row = admin.getByTestId(`account-${reviewerName}`);
    await row.getByTestId('account-sign-out').click();
    await row.getByTestId('account-note').waitFor();
    assert.equal(await status(), 401, 'the running session has ended');

    const newPassword = `Baru-${suffix}-juga-kuat`;
    await row.getByTestId('account-reset').click();
    await row.getByTestId('account-new-password').fill(newPassword);
    await row.getByTestId('account-reset-submit').click();
    await eventually(async () => assert.match(await row.getByTestId('account-note').textContent() ?? '', /diganti/));

    await row.getByTestId('account-toggle').click();
    await eventually(async () => assert.equal(await row.getAttribute('data-disabled'), 'true', 'listed as disabled'));
    const other = await newPage();
    await other.app.open();
    await other.app.failedSignIn(reviewerName, newPassword);

    await row.getByTestId('account-toggle').click();
    await eventually(async () => assert.equal(await row.getAttribute('data-disabled'), 'false', 'listed as active'));
    const again = await newPage();
    await again.app.open();
    await again.app.signIn(reviewerName, newPassword);
    await again.page.getByTestId('office-title').waitFor();
  });

  it('moves an account to another agency, and says what is missing when a reviewer is left without one', async () => {
    const row = admin.getByTestId(`account-${reviewerName}`);
    await row.getByTestId('account-edit').click();
    await row.getByTestId('edit-agency').selectOption('');
    await row.getByTestId('account-edit-submit').click();
    await row.getByTestId('edit-problem-agencyId').waitFor();

    await row.getByTestId('edit-agency').selectOption('dinas-pupr');
    await row.getByTestId('edit-display-name').fill('Pengkaji Uji (PUPR)');
    await row.getByTestId('account-edit-submit').click();
    await eventually(async () => assert.match(await row.textContent() ?? '', /Pengkaji Uji \(PUPR\).*Pekerjaan Umum/s, 'the list shows the new name and agency'));
    await admin.reload();
    // The list comes a page at a time: on a store of many accounts this one is found by its username.
    await admin.getByTestId('accounts-filter').fill(reviewerName);
    await eventually(async () => assert.match(await admin.getByTestId(`account-${reviewerName}`).textContent() ?? '', /Pekerjaan Umum/, 'the server keeps the new agency'));
  });

  it('lists the accounts a page at a time, and finds one beyond the first page by the start of its username', async () => {
    // More accounts than a page (50) whose usernames only this run has, written in one request
    // (they never sign in: no password opens them).
    const stem = `t-pg-${suffix}`;
    const names = Array.from({ length: 52 }, (_, index) => `${stem}-${String(index).padStart(2, '0')}`);
    const now = new Date().toISOString();
    assert.ok(system.server, 'the sync server runs');
    await accountsDb(system.server.store).bulk({
      docs: names.map((username): StoredAccount => ({
        _id: `user:${username}`, type: 'user', userId: randomUUID(), username, displayName: `Halaman ${username}`, role: 'applicant',
        passwordHash: 'none', createdAt: now, updatedAt: now,
      })),
    });
    await admin.reload();
    const listed = (): Promise<string[]> => admin.getByTestId('accounts').locator(':scope > li')
      .evaluateAll((items) => items.map((item) => (item.getAttribute('data-testid') ?? '').replace(/^account-/, '')));
    await admin.getByTestId('accounts-more').waitFor();
    const first = await listed();
    assert.equal(first.length, 50, 'one page at first');

    // Typed while most accounts are still on the server: the server's first page of that username start, then the rest.
    await admin.getByTestId('accounts-filter').fill(stem);
    await admin.getByTestId('accounts-search-scope').waitFor();
    await eventually(async () => assert.equal((await listed()).length, 50, 'the first page of the search'));
    assert.ok((await listed()).every((name) => name.startsWith(stem)), 'only the usernames that begin with it');
    await admin.getByTestId('accounts-more').click();
    await eventually(async () => assert.deepEqual(await listed(), names, 'every one of them, in username order'));
    assert.equal(await admin.getByTestId('accounts-more').count(), 0, 'nothing more to show for it');

    // Back to the whole list: the next page follows the first, each account once, in username order.
    await admin.getByTestId('accounts-filter').fill('');
    await admin.getByTestId('accounts-more').click();
    await eventually(async () => assert.ok((await listed()).length > 50, 'the next page is added'));
    const both = await listed();
    assert.deepEqual(both.slice(0, 50), first, 'the first page stays as it was');
    assert.deepEqual(both, [...new Set(both)].sort(), 'each once, in username order');
  });

  it('deactivates an agency', async () => {
    await admin.getByTestId('admin-nav-agencies').click();
    const row = admin.getByTestId(`agency-${agencyId}`);
    await row.getByTestId('agency-toggle').click();
    await row.getByTestId('agency-inactive').waitFor();
    assert.equal(await row.getAttribute('data-active'), 'false');
  });

  it('shows a refused catalog\'s problems at their paths, then publishes the next version', async () => {
    await admin.getByTestId('admin-nav-catalog').click();
    const current = await admin.getByTestId('catalog-current').textContent() ?? '';
    const version = Number(/(\d+)/.exec(current)?.[1]);
    assert.ok(version > 0, `a catalog is in force (${current})`);

    await admin.getByTestId('catalog-json').fill('{"version": 1,');
    await admin.getByTestId('catalog-publish').click();
    assert.match(await admin.getByTestId('catalog-error').textContent() ?? '', /bukan JSON/, 'a broken JSON is caught on the device');

    // A file chosen is read into the text, and the server's refusal of it lists its problems.
    await admin.getByTestId('catalog-file').setInputFiles({ name: 'katalog.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1}') });
    await eventually(async () => assert.equal(await admin.getByTestId('catalog-json').inputValue(), '{"version": 1}', 'the file is read'));
    await admin.getByTestId('catalog-publish').click();
    await admin.getByTestId('catalog-problems').waitFor();

    await admin.getByTestId('catalog-start-from-latest').click();
    const copy = JSON.parse(await admin.getByTestId('catalog-json').inputValue()) as { version: number; permitTypes: { id: string; name: unknown }[] };
    assert.equal(copy.version, version + 1, 'the copy is the next version');
    const broken = { ...copy, permitTypes: copy.permitTypes.map((type, index) => (index === 0 ? { ...type, name: 'tanpa terjemahan' } : type)) };
    await admin.getByTestId('catalog-json').fill(JSON.stringify(broken));
    await admin.getByTestId('catalog-publish').click();
    const problems = admin.getByTestId('catalog-problems');
    await problems.waitFor();
    const paths = await problems.locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-path') ?? ''));
    assert.ok(paths.some((path) => path.startsWith('/permitTypes/0/name')), `the problem is at the first type's name: ${paths.join(', ')}`);

    await admin.getByTestId('catalog-start-from-latest').click();
    await admin.getByTestId('catalog-publish').click();
    await admin.getByTestId('catalog-published').waitFor();
    assert.match(await admin.getByTestId('catalog-current').textContent() ?? '', new RegExp(`\\b${version + 1}\\b`), 'the new version is in force');
    const served = await admin.evaluate(() => fetch('/api/catalog').then((response) => response.json() as Promise<{ version: number }>));
    assert.equal(served.version, version + 1, 'the server serves it');
  });
});
