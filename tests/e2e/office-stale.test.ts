/**
 * A decision taken offline on an application that meanwhile moved on (issue 9): dinas-pupr's
 * reviewer, on a laptop with the network off, recommends two advertisement permits A and B (both
 * routed to dinas-pupr and bapenda). Meanwhile bapenda asks the applicant a question on A through the
 * server's API, so A moves from in-review to needs-information. Back online, the recommendation on A
 * is refused as stale and the review screen says why, while the one on B is applied on the server.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
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

describe('a decision taken offline on an application that moved on is refused with its reason; the rest of the queue syncs', () => {
  let system: TestSystem;
  let profile: BrowserContext;
  let laptop: AppPage;
  let pupr: TestAccount;
  let bapenda: Session;
  const ids: string[] = [];
  const stored = (id: string): Promise<StoredApplication> => nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(id);

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

  /** An izin-reklame the applicant submitted and the front office accepted: in review at dinas-pupr and bapenda. */
  async function inReview(applicant: Session, office: Session, text: string): Promise<string> {
    const ref = (name: string): DocumentRef => ({ fileId: freshId(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex') });
    const now = Date.now();
    const doc: ApplicationWireDoc = {
      id: freshId(), ownerId: applicant.user.userId, permitTypeId: 'izin-reklame', catalogVersion: demoCatalog.version, status: 'submitted',
      answers: {
        applicantNik: '6471021708900003', applicantName: 'Rudi Hartono', applicantPhone: '081234567890',
        advertisementType: 'billboard', advertisementText: text,
        installationAddress: { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' },
        widthM: 4, heightM: 6, displayStart: '2027-01-01', displayEnd: '2027-03-31',
      },
      documents: { ktp: ref('ktp'), designImage: ref('desain'), sitePhoto: ref('lokasi'), ownerConsent: ref('izin-pemilik') },
      createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false, provisionalNumber: newProvisionalNumber(), submittedAt: new Date(now).toISOString(),
    };
    const pushed = await apiCall(system.url, '/api/sync/applications/push', { body: { rows: [{ newDocumentState: doc }] }, cookie: applicant.cookie });
    assert.deepEqual(pushed.body, { conflicts: [] }, pushed.text);
    const accept: OfficeActionDoc = {
      id: freshId(), applicationId: doc.id, kind: 'accept', actorId: office.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }],
    };
    const accepted = await apiCall(system.url, '/api/office/actions', { body: accept, cookie: office.cookie });
    assert.equal(accepted.status, 201, accepted.text);
    assert.deepEqual((await stored(doc.id)).routedAgencies, ['dinas-pupr', 'bapenda']);
    return doc.id;
  }

  /** The reviewer's recommendation on the open application, given on the screen. */
  async function recommend(id: string): Promise<void> {
    const page = laptop.page;
    await page.locator(`ptsp-office-application [data-testid=recommend-form]`).waitFor({ timeout: 60_000 });
    assert.equal(new URL(page.url()).pathname, `/kantor/permohonan/${id}`);
    await page.getByTestId('rec-approve').check();
    await page.getByTestId('recommend-send').click();
    await page.getByTestId('recommend-waiting').waitFor();
  }

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(await system.account('applicant', 'Rudi Hartono'));
    const office = await signIn(await system.account('front-office', 'Petugas Loket'));
    pupr = await reviewerOf('dinas-pupr');
    bapenda = await signIn(await reviewerOf('bapenda'));
    ids.push(await inReview(applicant, office, 'Promo Akhir Tahun Toko A'), await inReview(applicant, office, 'Grand Opening Toko B'));
    profile = await system.newProfile();
    laptop = new AppPage(await profile.newPage(), system.url);
    await laptop.page.setViewportSize({ width: 1366, height: 768 });
    await laptop.openAndSignIn(pupr.username, pupr.password);
  });

  after(async () => {
    await system?.close();
  });

  it('offline, the reviewer recommends A and B; meanwhile bapenda asks a question on A; back online A is refused with its reason, B applied', async () => {
    const [a, b] = ids as [string, string];
    const page = laptop.page;
    // Both reach the laptop while it is online (the queue lists them), then the network goes.
    await page.goto(`${system.url}/kantor`);
    for (const id of ids) await page.locator(`[data-testid=queue-row][data-id="${id}"]`).waitFor({ timeout: 60_000 });
    await profile.setOffline(true);
    await page.locator(`[data-testid=queue-row][data-id="${a}"] [data-testid=queue-open]`).click();
    await recommend(a);
    await page.getByTestId('check-back').click();
    await page.locator(`[data-testid=queue-row][data-id="${b}"] [data-testid=queue-open]`).click();
    await recommend(b);
    for (const id of ids) assert.equal((await stored(id)).recommendedAgencies?.length ?? 0, 0, 'nothing reached the server while offline');

    const question: OfficeActionDoc = {
      id: freshId(), applicationId: a, kind: 'recommend', actorId: bapenda.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'in-review', recommendation: 'needs-information', question: 'Mohon lampirkan gambar konstruksi papan.',
    };
    const asked = await apiCall(system.url, '/api/office/actions', { body: question, cookie: bapenda.cookie });
    assert.equal(asked.status, 201, asked.text);
    assert.equal((await stored(a)).status, 'needs-information');

    await profile.setOffline(false);
    // B's recommendation arrives and is applied on the server.
    await eventually(async () => assert.deepEqual((await stored(b)).recommendedAgencies, ['dinas-pupr']), 60_000, 500);
    await page.locator('[data-testid=outcome][data-outcome=applied]').waitFor({ timeout: 60_000 });
    // A's is refused: the server kept bapenda's question and not dinas-pupr's recommendation.
    const stale = await stored(a);
    assert.equal(stale.status, 'needs-information');
    assert.deepEqual(stale.recommendedAgencies ?? [], [], 'the stale recommendation was not applied');

    await page.getByTestId('check-back').click();
    await page.goto(`${system.url}/kantor/permohonan/${a}`);
    const refused = page.locator('[data-testid=outcome][data-outcome=refused]');
    await refused.waitFor({ timeout: 60_000 });
    assert.equal(await refused.getAttribute('data-code'), 'stale-action');
    const reason = ((await refused.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(reason, /berpindah dari "Dalam peninjauan dinas" ke "Menunggu jawaban pemohon"/, `the refusal says why: ${reason}`);
    // The header's list of refused changes names it too (only this one: B's was applied), with the
    // stale reason: the refused state the device took back and pushed once more is not refused again.
    const actions = await nano(system.storeUrl).use<OfficeActionDoc>(DATABASES.actions).list({ include_docs: true });
    const onA = actions.rows.map((row) => row.doc).filter((doc) => doc?.applicationId === a && doc.agencyId === 'dinas-pupr');
    assert.equal(onA.length, 1, 'dinas-pupr\'s recommendation on A is stored once');
    assert.equal(onA[0]!.outcome, 'refused');
    assert.equal(onA[0]!.outcomeCode, 'stale-action');
    await page.getByTestId('refused-toggle').click();
    const items = page.locator('[data-testid=refused-list] [data-testid=refused-item]');
    await items.first().waitFor();
    assert.equal(await items.count(), 1, 'one refused change');
    assert.equal(await items.first().getAttribute('data-id'), onA[0]!.id, 'the refused change is the recommendation on A');
    assert.equal(await items.first().getAttribute('data-code'), 'stale-action', 'the list keeps the stale reason');
    const listed = ((await items.first().getByTestId('refused-reason').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(listed, /berpindah dari/, `the list says the application moved on: ${listed}`);
  });
});
