/**
 * Technical review offline on two laptops (issue 9): an advertisement permit (izin-reklame) is routed
 * to two agencies (dinas-pupr and bapenda). The front office accepts it through the server's API;
 * each agency's reviewer opens it on a laptop of their own (own browser profile, 1366×768), goes
 * offline, writes an internal note and gives a recommendation (saved on the device, waiting); back
 * online, both arrive, show as applied, and the application is 'reviewed' on the server. Screenshots
 * of the review screen at 360×740 and 1366×768 go to E2E_SCREENSHOTS (default /tmp/agency-review-shots).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext } from 'playwright-core';
import type { ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { DATABASES, type StoredApplication, type StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import { apiCall, freshId, sessionCookieFrom, type TestAccount } from '../server/helpers.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';

interface Session { cookie: string; user: UserProfile }

const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/agency-review-shots';

describe('two agencies review one application offline, then both recommendations arrive', () => {
  let system: TestSystem;
  const profiles: BrowserContext[] = [];
  const laptops: AppPage[] = [];
  const reviewers: TestAccount[] = [];
  let applicationId = '';
  const stored = (): Promise<StoredApplication> => nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(applicationId);

  async function signIn(account: TestAccount): Promise<Session> {
    const result = await apiCall(system.url, '/api/auth/login', { body: { username: account.username, password: account.password } });
    assert.equal(result.status, 200, result.text);
    const cookie = sessionCookieFrom(result.headers);
    assert.ok(cookie, 'a session cookie');
    return { cookie, user: (result.body as { user: UserProfile }).user };
  }

  async function reviewerOf(agencyId: string): Promise<TestAccount> {
    const account = await system.account('agency-reviewer', `Peninjau ${agencyId}`);
    const users = system.server!.store.users;
    await users.insert({ ...(await users.get(userDocId(account.username))), agencyId } as StoredUser & { agencyId: string });
    return account;
  }

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(await system.account('applicant', 'Rudi Hartono'));
    const office = await signIn(await system.account('front-office', 'Petugas Loket'));
    reviewers.push(await reviewerOf('dinas-pupr'), await reviewerOf('bapenda'));

    const ref = (name: string): DocumentRef => ({ fileId: freshId(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex') });
    const now = Date.now();
    const doc: ApplicationWireDoc = {
      id: freshId(), ownerId: applicant.user.userId, permitTypeId: 'izin-reklame', catalogVersion: demoCatalog.version, status: 'submitted',
      answers: {
        applicantNik: '6471021708900003', applicantName: 'Rudi Hartono', applicantPhone: '081234567890',
        advertisementType: 'billboard', advertisementText: 'Promo Akhir Tahun Toko Elektronik Sinar Jaya',
        installationAddress: { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' },
        widthM: 4, heightM: 6, displayStart: '2027-01-01', displayEnd: '2027-03-31',
      },
      documents: { ktp: ref('ktp'), designImage: ref('desain'), sitePhoto: ref('lokasi'), ownerConsent: ref('izin-pemilik') },
      createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false, provisionalNumber: newProvisionalNumber(), submittedAt: new Date(now).toISOString(),
    };
    const pushed = await apiCall(system.url, '/api/sync/applications/push', { body: { rows: [{ newDocumentState: doc }] }, cookie: applicant.cookie });
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual(pushed.body, { conflicts: [] }, pushed.text);
    applicationId = doc.id;
    const accept: OfficeActionDoc = {
      id: freshId(), applicationId, kind: 'accept', actorId: office.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }],
    };
    const accepted = await apiCall(system.url, '/api/office/actions', { body: accept, cookie: office.cookie });
    assert.equal(accepted.status, 201, accepted.text);
    assert.equal((await stored()).status, 'in-review');
    assert.deepEqual((await stored()).routedAgencies, ['dinas-pupr', 'bapenda']);

    for (const reviewer of reviewers) {
      const profile = await system.newProfile();
      profiles.push(profile);
      const laptop = new AppPage(await profile.newPage(), system.url);
      await laptop.page.setViewportSize({ width: 1366, height: 768 });
      laptops.push(laptop);
      await laptop.openAndSignIn(reviewer.username, reviewer.password);
    }
  });

  after(async () => {
    await system?.close();
  });

  it('each reviewer, offline, writes a note and a recommendation that wait on the laptop', async () => {
    const choices = ['approve', 'approve-with-conditions'] as const;
    for (const [index, laptop] of laptops.entries()) {
      const page = laptop.page;
      await page.goto(`${system.url}/kantor/permohonan/${applicationId}`);
      await page.getByTestId('recommend-form').waitFor({ timeout: 60_000 });
      await profiles[index]!.setOffline(true);
      await page.getByTestId('note-text').fill(`Catatan internal ${index + 1}: ukuran papan sesuai gambar.`);
      await page.getByTestId('note-send').click();
      await page.getByTestId(`rec-${choices[index]}`).check();
      if (choices[index] === 'approve-with-conditions') await page.getByTestId('rec-conditions').fill('Tinggi papan paling banyak 6 meter.');
      await page.getByTestId('recommend-send').click();
      await page.getByTestId('recommend-waiting').waitFor();
      assert.equal(await page.locator('[data-testid=outcome][data-outcome=waiting]').count(), 2, 'both wait on the laptop');
    }
    assert.equal((await stored()).status, 'in-review', 'nothing reached the server while offline');
  });

  it('back online, both arrive, show as applied, and the application is reviewed on the server', async () => {
    for (const profile of profiles) await profile.setOffline(false);
    const application = await eventually(async () => {
      const now = await stored();
      assert.equal(now.status, 'reviewed', `status ${now.status}, recommended ${JSON.stringify(now.recommendedAgencies)}`);
      return now;
    }, 90_000, 500);
    assert.deepEqual([...(application.recommendedAgencies ?? [])].sort(), ['bapenda', 'dinas-pupr']);
    for (const laptop of laptops) {
      await eventually(async () => {
        assert.equal(await laptop.page.locator('[data-testid=outcome][data-outcome=applied]').count(), 2, 'note and recommendation applied');
      }, 60_000, 500);
    }
    await fs.mkdir(SHOTS, { recursive: true });
    for (const [width, height] of [[360, 740], [1366, 768]] as const) {
      await laptops[1]!.page.setViewportSize({ width, height });
      await laptops[1]!.page.waitForTimeout(300);
      await laptops[1]!.page.screenshot({ path: path.join(SHOTS, `review-applied-${width}x${height}.png`), fullPage: true });
    }
  });
});
