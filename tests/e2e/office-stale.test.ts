/**
 * A decision taken offline on an application that meanwhile moved on (issue 9): dinas-pupr's
 * reviewer, on a laptop with the network off, recommends two advertisement permits A and B (both
 * routed to dinas-pupr and bapenda). Meanwhile bapenda asks the applicant a question on A through the
 * server's API, so A moves from in-review to needs-information. Back online, the recommendation on A
 * is refused as stale and the review screen says why, while the one on B is applied on the server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { DATABASES } from '../../sync-server/store.js';
import type { TestAccount } from '../server/helpers.js';
import { eventually, shoot, startSystem, type Device, type TestSystem } from './harness.js';
import { inReview, officeAction, reklameAnswers, REKLAME_DOCUMENTS, reviewerOf, signIn, storedApplication, type Session } from './office-setup.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/office-stale-shots';

describe('a decision taken offline on an application that moved on is refused with its reason; the rest of the queue syncs', () => {
  let system: TestSystem;
  let laptop: Device;
  let pupr: TestAccount;
  let bapenda: Session;
  const applications: { id: string; number: string }[] = [];
  const stored = (id: string) => storedApplication(system, id);

  /** An izin-reklame the applicant submitted and the front office accepted: in review at dinas-pupr and bapenda. */
  async function reklameInReview(applicant: Session, office: Session, text: string): Promise<{ id: string; number: string }> {
    const application = await inReview(system, applicant, office, 'izin-reklame', reklameAnswers('Rudi Hartono', text), REKLAME_DOCUMENTS);
    assert.deepEqual((await stored(application.id)).routedAgencies, ['dinas-pupr', 'bapenda']);
    return application;
  }

  /** The reviewer's recommendation on the open application, given on the screen. */
  async function recommend(id: string): Promise<void> {
    const page = laptop.app.page;
    await page.locator(`ptsp-office-application [data-testid=recommend-form]`).waitFor({ timeout: 60_000 });
    assert.equal(new URL(page.url()).pathname, `/kantor/permohonan/${id}`);
    await page.getByTestId('rec-approve').check();
    await page.getByTestId('recommend-send').click();
    await page.getByTestId('recommend-waiting').waitFor();
  }

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(system, await system.account('applicant', 'Rudi Hartono'));
    const office = await signIn(system, await system.account('front-office', 'Petugas Loket'));
    pupr = await reviewerOf(system, 'dinas-pupr');
    bapenda = await signIn(system, await reviewerOf(system, 'bapenda'));
    applications.push(await reklameInReview(applicant, office, 'Promo Akhir Tahun Toko A'), await reklameInReview(applicant, office, 'Grand Opening Toko B'));
    laptop = await system.newDevice(1366, 768);
    await laptop.app.openAndSignIn(pupr.username, pupr.password);
  });

  after(async () => {
    await system?.close();
  });

  it('offline, the reviewer recommends A and B; meanwhile bapenda asks a question on A; back online A is refused with its reason, B applied', async () => {
    const [a, b] = applications.map((application) => application.id) as [string, string];
    const [numberOfA, numberOfB] = applications.map((application) => application.number) as [string, string];
    const { app, profile } = laptop;
    const page = app.page;
    // Both reach the laptop while it is online (the queue lists them, each found by its number: the
    // agency's queue may hold older ones of other tests on a shared CouchDB), then the network goes.
    await page.goto(`${system.url}/kantor`);
    for (const { id, number } of applications) await app.findInQueue(number, id);
    await profile.setOffline(true);
    await app.openFromQueue(numberOfA, a);
    await recommend(a);
    await page.getByTestId('check-back').click();
    await app.openFromQueue(numberOfB, b);
    await recommend(b);
    for (const { id } of applications) assert.equal((await stored(id)).recommendedAgencies?.length ?? 0, 0, 'nothing reached the server while offline');

    await officeAction(system, bapenda, {
      applicationId: a, kind: 'recommend', basedOnStatus: 'in-review', recommendation: 'needs-information', question: 'Mohon lampirkan gambar konstruksi papan.',
    });
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
    // Each listed change with its code and text, so a failure says what else was refused.
    const listedChanges = await items.evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute('data-id') ?? '?'} ${node.getAttribute('data-code') ?? '?'}: ${(node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200)}`));
    assert.equal(listedChanges.length, 1, `one refused change, not:\n${listedChanges.join('\n')}`);
    assert.equal(await items.first().getAttribute('data-id'), onA[0]!.id, 'the refused change is the recommendation on A');
    assert.equal(await items.first().getAttribute('data-code'), 'stale-action', 'the list keeps the stale reason');
    const listed = ((await items.first().getByTestId('refused-reason').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(listed, /berpindah dari/, `the list says the application moved on: ${listed}`);
    await page.getByTestId('refused-toggle').click();

    // The application's history shows the refused recommendation with the reason the server gave.
    const refusedEvent = page.locator(`ptsp-application-history [data-testid=history-event][data-key="${onA[0]!.id}:refused"]`);
    await refusedEvent.waitFor({ timeout: 60_000 });
    const why = ((await refusedEvent.getByTestId('history-refused-reason').textContent()) ?? '').replace(/\s+/g, ' ').trim();
    assert.match(why, /^Alasan: Permohonan sudah berpindah dari "Dalam peninjauan dinas" ke "Menunggu jawaban pemohon"/, why);
    await refusedEvent.scrollIntoViewIfNeeded();
    await shoot(page, SHOTS, 'review-history-refused');
  });
});
