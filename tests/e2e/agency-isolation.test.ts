/**
 * Agencies see only their own work (issue 9): a TDP is routed to dinas-perdagangan, an izin-reklame to
 * dinas-pupr and bapenda. Bapenda's reviewer, on a laptop of its own, never receives the TDP: not in
 * any answer of /api/sync/* read on the page, not in the device's IndexedDB. Then the front office
 * re-routes the TDP to bapenda: it leaves dinas-perdagangan's reviewer's device (gone from the queue;
 * in IndexedDB at most a deleted tombstone without answers) and arrives on bapenda's.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext, Page } from 'playwright-core';
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

/** A reviewer's laptop, with every answer of /api/sync/* it received (the event stream aside: it names collections only). */
interface Laptop { profile: BrowserContext; app: AppPage; wire: string[] }

/** Every record in every IndexedDB database of the page whose JSON names the id (RxDB's Dexie storage keeps one database per collection). */
async function idbRecordsNaming(page: Page, id: string): Promise<{ database: string; store: string; record: Record<string, unknown> }[]> {
  return page.evaluate(async (wanted) => {
    const found: { database: string; store: string; record: Record<string, unknown> }[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(database.objectStoreNames)) {
        const records = await new Promise<unknown[]>((resolve, reject) => {
          const request = database.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        for (const record of records) {
          if (JSON.stringify(record).includes(wanted)) found.push({ database: info.name, store, record: record as Record<string, unknown> });
        }
      }
      database.close();
    }
    return found;
  }, id);
}

/** RxDB's Dexie storage keeps _deleted as '1' / '0' (an index cannot hold booleans). */
const deletedIn = (record: Record<string, unknown>): boolean => record._deleted === true || record._deleted === '1' || record._deleted === 1;
const hasAnswers = (record: Record<string, unknown>): boolean =>
  typeof record.answers === 'object' && record.answers !== null && Object.keys(record.answers).length > 0;

describe('a reviewer of one agency never receives another agency\'s applications; a re-routed one leaves the old reviewer\'s device', () => {
  let system: TestSystem;
  let office: Session;
  let trade: Laptop;
  let revenue: Laptop;
  let tdpId = '';
  let reklameId = '';
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

  const ref = (name: string): DocumentRef => ({ fileId: freshId(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex') });

  /** Submitted by the applicant, accepted by the front office: in review at the type's agencies. */
  async function inReview(applicant: Session, permitTypeId: string, answers: ApplicationWireDoc['answers'], documents: string[]): Promise<string> {
    const now = Date.now();
    const doc: ApplicationWireDoc = {
      id: freshId(), ownerId: applicant.user.userId, permitTypeId, catalogVersion: demoCatalog.version, status: 'submitted', answers,
      documents: Object.fromEntries(documents.map((name) => [name, ref(name)])),
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
    return doc.id;
  }

  async function laptopFor(account: TestAccount): Promise<Laptop> {
    const profile = await system.newProfile();
    const page = await profile.newPage();
    const laptop: Laptop = { profile, app: new AppPage(page, system.url), wire: [] };
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/api/sync/') || url.pathname === '/api/sync/stream') return;
      void response.text().then((text) => laptop.wire.push(`${url.pathname}${url.search} ${text}`)).catch(() => undefined);
    });
    await page.setViewportSize({ width: 1366, height: 768 });
    await laptop.app.openAndSignIn(account.username, account.password);
    await page.goto(`${system.url}/kantor`);
    return laptop;
  }

  const queueRow = (laptop: Laptop, id: string) => laptop.app.page.locator(`[data-testid=queue-row][data-id="${id}"]`);

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(await system.account('applicant', 'Siti Rahayu'));
    office = await signIn(await system.account('front-office', 'Petugas Loket'));
    const address = { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' };
    tdpId = await inReview(applicant, 'tdp', {
      applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
      businessForm: 'cv', companyAddress: address, kbli: '47112', establishmentDate: '2018-03-12', employeeCount: 8,
    }, ['ktp', 'npwp']);
    reklameId = await inReview(applicant, 'izin-reklame', {
      applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890',
      advertisementType: 'billboard', advertisementText: 'Promo Akhir Tahun CV Maju Jaya', installationAddress: address,
      widthM: 4, heightM: 6, displayStart: '2027-01-01', displayEnd: '2027-03-31',
    }, ['ktp', 'designImage', 'sitePhoto', 'ownerConsent']);
    assert.deepEqual((await stored(tdpId)).routedAgencies, ['dinas-perdagangan']);
    assert.deepEqual((await stored(reklameId)).routedAgencies, ['dinas-pupr', 'bapenda']);
    trade = await laptopFor(await reviewerOf('dinas-perdagangan'));
    revenue = await laptopFor(await reviewerOf('bapenda'));
  });

  after(async () => {
    await system?.close();
  });

  it('bapenda\'s reviewer gets its own application and never the TDP, on the wire or on the device', async () => {
    await queueRow(trade, tdpId).waitFor({ timeout: 60_000 });
    await queueRow(revenue, reklameId).waitFor({ timeout: 60_000 });
    assert.equal(await queueRow(trade, reklameId).count(), 0, 'dinas-perdagangan does not list the izin-reklame');
    assert.equal(await queueRow(revenue, tdpId).count(), 0, 'bapenda does not list the TDP');
    // A change on the TDP (the front office's note) makes the server send it again to whoever reads it; bapenda's laptop reloads and pulls again.
    const note: OfficeActionDoc = {
      id: freshId(), applicationId: tdpId, kind: 'note', actorId: office.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'in-review', text: 'Berkas lengkap, menunggu dinas perdagangan.', internal: true,
    };
    const noted = await apiCall(system.url, '/api/office/actions', { body: note, cookie: office.cookie });
    assert.equal(noted.status, 201, noted.text);
    await revenue.app.page.reload();
    await queueRow(revenue, reklameId).waitFor({ timeout: 60_000 });

    assert.ok(revenue.wire.some((answer) => answer.includes(reklameId)), 'the wire carried bapenda\'s own application');
    assert.ok(trade.wire.some((answer) => answer.includes(tdpId)), 'the wire carried dinas-perdagangan\'s own application');
    assert.deepEqual(revenue.wire.filter((answer) => answer.includes(tdpId)), [], 'no answer to bapenda names the TDP');
    assert.deepEqual(trade.wire.filter((answer) => answer.includes(reklameId)), [], 'no answer to dinas-perdagangan names the izin-reklame');
    assert.ok((await idbRecordsNaming(revenue.app.page, reklameId)).length > 0, 'bapenda\'s device keeps its application');
    assert.deepEqual(await idbRecordsNaming(revenue.app.page, tdpId), [], 'bapenda\'s device holds nothing of the TDP');
    assert.deepEqual(await idbRecordsNaming(trade.app.page, reklameId), [], 'dinas-perdagangan\'s device holds nothing of the izin-reklame');
  });

  it('re-routed to bapenda, the TDP leaves dinas-perdagangan\'s device and arrives on bapenda\'s', async () => {
    const reroute: OfficeActionDoc = {
      id: freshId(), applicationId: tdpId, kind: 'reroute', actorId: office.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'in-review', agencies: ['bapenda'],
    };
    const rerouted = await apiCall(system.url, '/api/office/actions', { body: reroute, cookie: office.cookie });
    assert.equal(rerouted.status, 201, rerouted.text);
    assert.deepEqual((await stored(tdpId)).routedAgencies, ['bapenda']);

    await queueRow(revenue, tdpId).waitFor({ timeout: 60_000 });
    const arrived = (await idbRecordsNaming(revenue.app.page, tdpId)).filter(({ record }) => record.id === tdpId);
    assert.ok(arrived.some(({ record }) => hasAnswers(record) && !deletedIn(record)), `bapenda's device holds the TDP: ${JSON.stringify(arrived)}`);

    await queueRow(trade, tdpId).waitFor({ state: 'detached', timeout: 60_000 });
    await trade.app.page.reload();
    await trade.app.page.getByTestId('queue-total').or(trade.app.page.getByTestId('queue-empty')).waitFor({ timeout: 60_000 });
    assert.equal(await queueRow(trade, tdpId).count(), 0, 'not in dinas-perdagangan\'s queue after a reload either');
    const left = await eventually(async () => {
      const records = (await idbRecordsNaming(trade.app.page, tdpId)).filter(({ record }) => record.id === tdpId);
      for (const { record } of records) {
        assert.ok(deletedIn(record), `only a tombstone: ${JSON.stringify(record)}`);
        assert.ok(!hasAnswers(record), `without answers: ${JSON.stringify(record)}`);
      }
      return records;
    }, 30_000, 500);
    console.log(`dinas-perdagangan's device keeps of the TDP: ${JSON.stringify(left)}`);
    // On the wire, the last the server told dinas-perdagangan of the TDP is that it is gone, without its answers.
    const last = trade.wire.filter((answer) => answer.includes(tdpId)).at(-1) ?? '';
    const pulled = (JSON.parse(last.slice(last.indexOf(' ') + 1)) as { documents: Record<string, unknown>[] }).documents.find((doc) => doc.id === tdpId);
    assert.ok(pulled && deletedIn(pulled) && !hasAnswers(pulled), `the last pull naming the TDP sends a tombstone: ${last.slice(0, 1000)}`);
  });
});
