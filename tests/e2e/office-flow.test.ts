/**
 * Issue 9's whole office flow end to end, each person in a browser profile of their own: a booth
 * files an advertisement permit (izin-reklame) for a walk-in citizen with photos; the citizen claims
 * it on their phone (360×740) with the receipt's code; the front office (laptop, 1366×768) opens it
 * from /kantor, checks it item by item and returns the site photo with a reason; the citizen replaces
 * the photo on the phone and submits again; the front office accepts; the reviewers of the two
 * agencies the type names (dinas-pupr and bapenda), each on a laptop of their own and offline, write
 * a note and a recommendation; back online both arrive and the application is 'reviewed' in the
 * store. Then anyone (a fresh profile, no sign-in) sees each stage with its date at /lacak/<number>,
 * and the front office reads the history: every step in order, each with its actor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { ApplicationHistoryResponse } from '../../common/sync-protocol.js';
import { DATABASES, type StoredFile } from '../../sync-server/store.js';
import { apiCall, sessionCookieFrom, type TestAccount } from '../server/helpers.js';
import type { AppPage } from './app-page.js';
import { eventually, startSystem, type Device, type TestSystem } from './harness.js';
import { ADDRESS, backOnlineReviewed, reviewerOf, reviewOffline, storedApplication } from './office-setup.js';
import { makePhotos } from './photos.js';

const CITIZEN = { nik: '6471021708900011', name: 'Rudi Hartono', phone: '081234567811', address: ADDRESS };
const SITE_REASON = 'Foto lokasi tidak menunjukkan titik pemasangan, foto ulang.';
/** The requirements a reklame needs (catalog v5): the front office marks each. */
const REQUIRED_ITEMS = ['ktp', 'designImage', 'sitePhoto', 'ownerConsent'] as const;

describe('an advertisement permit from a booth to two agencies\' review, tracked in public and in the history', () => {
  let system: TestSystem;
  let staff: TestAccount;
  let citizen: TestAccount;
  let office: TestAccount;
  const reviewers: TestAccount[] = [];
  let booth: AppPage;
  let phone: AppPage;
  let laptop: AppPage;
  const reviewerLaptops: Device[] = [];
  let photos: string[] = [];
  let applicationId = '';
  let claimCode = '';
  let registrationNumber = '';
  const started = Date.now();
  const stored = () => storedApplication(system, applicationId);
  const fileComplete = async (fileId: string): Promise<boolean> =>
    (await nano(system.storeUrl).use<StoredFile>(DATABASES.files).get(fileId)).complete === true;
  const item = (id: string) => laptop.page.locator(`[data-testid=check-item][data-item="${id}"]`);

  /** The front office's laptop opens the application from its queue, once the sync brought it there, found by its number. */
  async function openFromQueue(): Promise<void> {
    await laptop.openFromQueue((await stored()).provisionalNumber ?? '', applicationId);
    await laptop.page.getByTestId('check-items').waitFor({ timeout: 30_000 });
    assert.equal(new URL(laptop.page.url()).pathname, `/kantor/permohonan/${applicationId}`);
  }

  before(async () => {
    system = await startSystem();
    staff = await system.account('booth-staff', 'Dewi Lestari (gerai)');
    citizen = await system.account('applicant', CITIZEN.name);
    office = await system.account('front-office', 'Agus Prasetyo (loket)');
    reviewers.push(await reviewerOf(system, 'dinas-pupr'), await reviewerOf(system, 'bapenda'));
    const boothDevice = await system.newDevice(1366, 768);
    booth = boothDevice.app;
    phone = (await system.newDevice(360, 740)).app;
    laptop = (await system.newDevice(1366, 768)).app;
    photos = await makePhotos(boothDevice.profile, 5);
  });

  after(async () => {
    console.log(`# the whole office flow took ${Date.now() - started} ms`);
    await system?.close();
  });

  it('the booth files a reklame for the walk-in citizen, with its photos', async () => {
    await booth.openAndSignIn(staff.username, staff.password);
    applicationId = await booth.startDraft('izin-reklame');
    await booth.fill('applicantNik', CITIZEN.nik);
    await booth.fill('applicantName', CITIZEN.name);
    await booth.fill('applicantPhone', CITIZEN.phone);
    await booth.choose('advertisementType', 'billboard');
    await booth.fill('advertisementText', 'Promo Akhir Tahun Toko Elektronik Sinar Jaya');
    await booth.fillAddress('installationAddress', CITIZEN.address);
    await booth.fill('widthM', '4');
    await booth.fill('heightM', '6');
    await booth.fill('displayStart', '2027-01-01');
    await booth.fill('displayEnd', '2027-03-31');
    await booth.fillCitizen(CITIZEN);
    for (const [index, requirement] of REQUIRED_ITEMS.entries()) await booth.attachPhoto(requirement, photos[index]!);
    await booth.submit();
    claimCode = (await booth.receipt()).claimCode ?? '';
    assert.match(claimCode, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/, 'the receipt carries a claim code');
    const filed = await eventually(async () => {
      const doc = await stored();
      assert.equal(doc.status, 'submitted');
      assert.ok(doc.registrationNumber, 'numbered');
      for (const requirement of REQUIRED_ITEMS) {
        const ref = doc.documents?.[requirement];
        assert.ok(ref && await fileComplete(ref.fileId), `the ${requirement} photo is on the server`);
      }
      return doc;
    }, 60_000, 250);
    registrationNumber = filed.registrationNumber ?? '';
    assert.match(registrationNumber, /^\d{4}\/[A-Z]+\/\d{2}\/\d{4}$/);
    assert.equal(filed.ownerId, staff.userId, 'filed under the booth until claimed');
    assert.equal(filed.citizen?.nik, CITIZEN.nik);
  });

  it('the citizen claims it on their phone with the receipt\'s code', async () => {
    await phone.openAndSignIn(citizen.username, citizen.password);
    assert.match(await phone.claim(claimCode), /sekarang ada di akun ini/);
    await eventually(async () => assert.ok((await phone.draftIdsInList()).includes(applicationId), 'on the citizen\'s list'), 30_000);
    await phone.openDraftFromList(applicationId);
    await eventually(async () => assert.equal((await phone.receipt()).registration, registrationNumber), 30_000);
  });

  it('the front office checks it item by item from /kantor and returns the site photo with a reason', async () => {
    await laptop.openAndSignIn(office.username, office.password);
    await laptop.page.getByTestId('queue').waitFor({ timeout: 60_000 });
    assert.equal(new URL(laptop.page.url()).pathname, '/kantor', 'the front office lands on its queue');
    await openFromQueue();
    for (const id of ['ktp', 'designImage', 'ownerConsent']) await item(id).getByTestId('check-ok').check();
    await item('sitePhoto').getByTestId('check-bad').check();
    assert.equal(await laptop.page.getByTestId('check-return').isDisabled(), true, 'a reason first');
    assert.equal(await laptop.page.getByTestId('check-accept').isDisabled(), true, 'not with an item not in order');
    await item('sitePhoto').getByTestId('check-reason').fill(SITE_REASON);
    await laptop.page.getByTestId('check-return').click();
    await laptop.page.locator('[data-testid=check-outcome][data-outcome=applied]').waitFor({ timeout: 60_000 });
    const returned = await stored();
    assert.equal(returned.status, 'returned');
    assert.deepEqual(returned.returnReasons, [{ fieldId: 'sitePhoto', text: SITE_REASON }]);
  });

  it('the citizen replaces the photo on the phone and submits again', async () => {
    await eventually(async () => assert.equal(await phone.applicationStatus(), 'returned'), 60_000);
    assert.match(await phone.returnReasons(), /Foto lokasi tidak menunjukkan/);
    const before = (await stored()).documents?.sitePhoto?.fileId;
    await phone.page.getByTestId('document-remove-sitePhoto').click();
    // attachPhoto hands the phone a file from this machine; makePhotos drew it in the booth's profile.
    await phone.attachPhoto('sitePhoto', photos[4]!);
    await phone.page.getByTestId('submit-application').click();
    await eventually(async () => {
      const doc = await stored();
      assert.equal(doc.status, 'submitted');
      const ref = doc.documents?.sitePhoto;
      assert.ok(ref && ref.fileId !== before, 'the new photo replaced the returned one');
      assert.ok(await fileComplete(ref.fileId), 'the new photo is on the server');
      assert.equal(doc.registrationNumber, registrationNumber, 'the number stays');
    }, 60_000, 250);
    const resubmitted = await stored();
    assert.equal(resubmitted.applicantId, citizen.userId, 'the claim made the citizen its applicant');
    assert.equal(resubmitted.ownerId, staff.userId, 'still the booth\'s too, for follow-up');
  });

  it('the front office accepts it: in review, routed to dinas-pupr and bapenda', async () => {
    await laptop.page.getByTestId('check-back').click();
    await openFromQueue();
    await item('sitePhoto').locator('[data-file=image]').waitFor({ timeout: 60_000 });
    for (const id of REQUIRED_ITEMS) await item(id).getByTestId('check-ok').check();
    await laptop.page.getByTestId('check-accept').click();
    await laptop.page.locator('[data-testid=check-outcome][data-outcome=applied]').waitFor({ timeout: 60_000 });
    const accepted = await stored();
    assert.equal(accepted.status, 'in-review');
    assert.ok(accepted.acceptedAt, 'the acceptance time is the server\'s');
    assert.deepEqual(accepted.routedAgencies, ['dinas-pupr', 'bapenda']);
  });

  it('each agency\'s reviewer, offline on a laptop, writes a note and a recommendation; back online both arrive', async () => {
    for (const reviewer of reviewers) {
      const reviewerLaptop = await system.newDevice(1366, 768);
      reviewerLaptops.push(reviewerLaptop);
      await reviewerLaptop.app.openAndSignIn(reviewer.username, reviewer.password);
    }
    await reviewOffline(system, reviewerLaptops, applicationId, (index) => `Catatan ${reviewers[index]!.displayName}: ukuran papan sesuai gambar.`);
    await backOnlineReviewed(system, reviewerLaptops, applicationId);
  });

  it('anyone sees each stage with its date at /lacak/<number>, without signing in', async () => {
    const { app: visitor } = await system.newDevice(360, 740);
    await visitor.page.goto(`${system.url}/lacak/${encodeURIComponent(registrationNumber)}`);
    await visitor.page.getByTestId('tracking-stages').waitFor({ timeout: 30_000 });
    assert.equal((await visitor.page.getByTestId('tracking-stage').getAttribute('data-status')), 'reviewed');
    const shown = await visitor.page.locator('[data-testid=tracking-stages] li').evaluateAll((items) => items.map((entry) => ({
      stage: entry.getAttribute('data-stage') ?? '', at: entry.querySelector('time')?.getAttribute('datetime') ?? '',
      date: (entry.querySelector('time')?.textContent ?? '').trim(), what: (entry.querySelector('.what')?.textContent ?? '').trim(),
    })));
    console.log(`# /lacak shows: ${shown.map((entry) => `${entry.stage} ${entry.date}`).join('; ')}`);
    assert.deepEqual(shown.map((entry) => entry.stage).filter((stage) => stage !== 'registered'),
      ['submitted', 'returned', 'submitted', 'in-review', 'reviewed'], JSON.stringify(shown));
    for (const entry of shown) {
      assert.ok(!Number.isNaN(Date.parse(entry.at)), `${entry.stage} has its time: ${entry.at}`);
      assert.ok(entry.date !== '' && entry.what !== '', `${entry.stage} is shown with a name and a date: ${JSON.stringify(entry)}`);
    }
    const times = shown.map((entry) => Date.parse(entry.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'oldest first');
    assert.equal(await visitor.page.getByTestId('signed-in-as').count(), 0, 'nobody is signed in');
  });

  it('the history lists every step in order, each with its actor', async () => {
    const login = await apiCall(system.url, '/api/auth/login', { body: { username: office.username, password: office.password } });
    assert.equal(login.status, 200, login.text);
    const history = await apiCall(system.url, `/api/applications/${applicationId}/history`, { method: 'GET', cookie: sessionCookieFrom(login.headers) ?? '' });
    assert.equal(history.status, 200, history.text);
    const view = history.body as ApplicationHistoryResponse;
    const events = view.events ?? [];
    const steps = events.filter((event) => ['submit', 'return', 'resubmit', 'accept', 'note', 'recommend'].includes(event.event));
    const who = (event: (typeof events)[number]) => `${event.event} by ${event.actorRole} ${event.actorId}${event.agencyId ? ` for ${event.agencyId}` : ''}`;
    console.log(`# history: ${events.map((event) => `${event.event}/${event.actorRole}`).join(', ')}`);
    const [pupr, bapenda] = reviewers;
    assert.deepEqual(steps.slice(0, 4).map(who), [
      `submit by booth-staff ${staff.userId}`,
      `return by front-office ${office.userId}`,
      `resubmit by applicant ${citizen.userId}`,
      `accept by front-office ${office.userId}`,
    ], JSON.stringify(events.map(who)));
    // The two reviewers were offline together: which of them the server heard first is not fixed,
    // but each agency's note came before its recommendation.
    const reviews = steps.slice(4).map(who);
    assert.deepEqual([...reviews].sort(), [
      `note by agency-reviewer ${bapenda!.userId} for bapenda`,
      `note by agency-reviewer ${pupr!.userId} for dinas-pupr`,
      `recommend by agency-reviewer ${bapenda!.userId} for bapenda`,
      `recommend by agency-reviewer ${pupr!.userId} for dinas-pupr`,
    ].sort(), JSON.stringify(reviews));
    for (const reviewer of reviewers) {
      const mine = reviews.filter((line) => line.includes(reviewer.userId));
      assert.deepEqual(mine.map((line) => line.split(' ')[0]), ['note', 'recommend'], JSON.stringify(mine));
    }
    assert.deepEqual(steps.map((event) => [event.fromStatus, event.toStatus]).slice(0, 4),
      [['draft', 'submitted'], ['submitted', 'returned'], ['returned', 'submitted'], ['submitted', 'in-review']],
      JSON.stringify(steps.map((event) => [event.fromStatus, event.toStatus])));
    const times = events.map((event) => Date.parse(event.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in time order');
    for (const event of events) assert.ok(event.actorId && event.actorRole, `every record names its actor: ${JSON.stringify(event)}`);
    assert.deepEqual(view.stages.map((stage) => stage.stage).filter((stage) => stage !== 'registered'),
      ['submitted', 'returned', 'submitted', 'in-review', 'reviewed']);
  });
});
