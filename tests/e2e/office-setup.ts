/**
 * What the office e2e tests set up alike: sessions through the API, reviewer accounts of an agency,
 * applications put in review through the API (submitted by the applicant, accepted by the front
 * office), the store's copy of an application, and the technical review the agencies' reviewers
 * give offline on laptops of their own. Each call makes its own accounts and applications: nothing
 * here assumes what another test left, or an empty store.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import nano from 'nano';
import type { AnswerValue, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { DATABASES, type StoredApplication, type StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import { apiCall, freshId, sessionCookieFrom, type TestAccount } from '../server/helpers.js';
import { eventually, type Device, type TestSystem } from './harness.js';

export interface Session { cookie: string; user: UserProfile }

export const ADDRESS = {
  street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur',
};

/** A TDP's answers (routed to dinas-perdagangan). */
export const TDP_ANSWERS: Record<string, AnswerValue> = {
  applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
  businessForm: 'cv', companyAddress: ADDRESS, kbli: '47112', establishmentDate: '2018-03-12', employeeCount: 8,
};

/** An izin-reklame's answers (routed to dinas-pupr and bapenda), with its advertisement's text. */
export function reklameAnswers(applicantName: string, advertisementText: string): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003', applicantName, applicantPhone: '081234567890',
    advertisementType: 'billboard', advertisementText, installationAddress: ADDRESS,
    widthM: 4, heightM: 6, displayStart: '2027-01-01', displayEnd: '2027-03-31',
  };
}

/** The documents each type's application carries (their files are never uploaded: the API accepts it on the checks alone). */
export const TDP_DOCUMENTS = ['ktp', 'npwp'];
export const REKLAME_DOCUMENTS = ['ktp', 'designImage', 'sitePhoto', 'ownerConsent'];

/** The application as the store holds it now. */
export function storedApplication(system: TestSystem, id: string): Promise<StoredApplication> {
  return nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(id);
}

/** Signs the account in through the API (no browser). */
export async function signIn(system: TestSystem, account: TestAccount): Promise<Session> {
  const result = await apiCall(system.url, '/api/auth/login', { body: { username: account.username, password: account.password } });
  assert.equal(result.status, 200, result.text);
  const cookie = sessionCookieFrom(result.headers);
  assert.ok(cookie, 'a session cookie');
  return { cookie, user: (result.body as { user: UserProfile }).user };
}

/** A new agency reviewer of this agency (the account is made, then given its agency in the store). */
export async function reviewerOf(system: TestSystem, agencyId: string): Promise<TestAccount> {
  const account = await system.account('agency-reviewer', `Peninjau ${agencyId}`);
  const users = system.server!.store.users;
  await users.insert({ ...(await users.get(userDocId(account.username))), agencyId } as StoredUser & { agencyId: string });
  return account;
}

/** An office action by this session through the API; asserts it was taken (201). */
export async function officeAction(system: TestSystem, session: Session, action: Omit<OfficeActionDoc, 'id' | 'actorId' | 'createdAt' | 'updatedAt'>): Promise<void> {
  const doc: OfficeActionDoc = { id: freshId(), actorId: session.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(), ...action };
  const answer = await apiCall(system.url, '/api/office/actions', { body: doc, cookie: session.cookie });
  assert.equal(answer.status, 201, answer.text);
}

/**
 * An application the applicant submitted (pushed as a device would) and the front office accepted:
 * in review at the type's agencies. Returns its id and its provisional number (the queue finds it by that).
 */
export async function inReview(system: TestSystem, applicant: Session, office: Session, permitTypeId: string,
  answers: Record<string, AnswerValue>, documents: string[]): Promise<{ id: string; number: string }> {
  const ref = (name: string): DocumentRef => ({ fileId: freshId(), fileName: `${name}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex') });
  const now = Date.now();
  const doc: ApplicationWireDoc = {
    id: freshId(), ownerId: applicant.user.userId, permitTypeId, catalogVersion: demoCatalog.version, status: 'submitted', answers,
    documents: Object.fromEntries(documents.map((name) => [name, ref(name)])),
    createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false, provisionalNumber: newProvisionalNumber(), submittedAt: new Date(now).toISOString(),
  };
  const pushed = await apiCall(system.url, '/api/sync/applications/push', { body: { rows: [{ newDocumentState: doc }] }, cookie: applicant.cookie });
  assert.equal(pushed.status, 200, pushed.text);
  assert.deepEqual(pushed.body, { conflicts: [] }, pushed.text);
  await officeAction(system, office, { applicationId: doc.id, kind: 'accept', basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }] });
  return { id: doc.id, number: doc.provisionalNumber ?? '' };
}

const RECOMMENDATIONS = ['approve', 'approve-with-conditions'] as const;

/**
 * Each reviewer's laptop opens the application, goes offline, writes an internal note (`noteOf` its
 * index) and a recommendation (the first approves, the second with a condition); both wait on the
 * laptop, and nothing reaches the server while offline.
 */
export async function reviewOffline(system: TestSystem, laptops: Device[], applicationId: string, noteOf: (index: number) => string): Promise<void> {
  for (const [index, { profile, app }] of laptops.entries()) {
    const page = app.page;
    const choice = RECOMMENDATIONS[index % RECOMMENDATIONS.length]!;
    await page.goto(`${system.url}/kantor/permohonan/${applicationId}`);
    await page.getByTestId('recommend-form').waitFor({ timeout: 60_000 });
    await profile.setOffline(true);
    await page.getByTestId('note-text').fill(noteOf(index));
    await page.getByTestId('note-send').click();
    await page.getByTestId(`rec-${choice}`).check();
    if (choice === 'approve-with-conditions') await page.getByTestId('rec-conditions').fill('Tinggi papan paling banyak 6 meter.');
    await page.getByTestId('recommend-send').click();
    await page.getByTestId('recommend-waiting').waitFor();
    assert.equal(await page.locator('[data-testid=outcome][data-outcome=waiting]').count(), 2, 'both wait on the laptop');
  }
  assert.equal((await storedApplication(system, applicationId)).status, 'in-review', 'nothing reached the server while offline');
}

/**
 * The laptops come back online: both recommendations arrive, the application is 'reviewed' on the
 * server (recommended by both agencies), and each laptop shows its note and recommendation applied.
 */
export async function backOnlineReviewed(system: TestSystem, laptops: Device[], applicationId: string, timeoutMs = 60_000): Promise<StoredApplication> {
  for (const { profile } of laptops) await profile.setOffline(false);
  const reviewed = await eventually(async () => {
    const doc = await storedApplication(system, applicationId);
    assert.equal(doc.status, 'reviewed', `status ${doc.status}, recommended ${JSON.stringify(doc.recommendedAgencies)}`);
    return doc;
  }, timeoutMs, 250);
  assert.deepEqual([...(reviewed.recommendedAgencies ?? [])].sort(), ['bapenda', 'dinas-pupr']);
  for (const { app } of laptops) {
    await eventually(async () => assert.equal(
      await app.page.locator('[data-testid=outcome][data-outcome=applied]').count(), 2, 'note and recommendation applied'), timeoutMs, 250);
  }
  return reviewed;
}
