/**
 * Technical review offline on two laptops (issue 9): an advertisement permit (izin-reklame) is routed
 * to two agencies (dinas-pupr and bapenda). The front office accepts it through the server's API;
 * each agency's reviewer opens it on a laptop of their own (own browser profile, 1366×768), goes
 * offline, writes an internal note and gives a recommendation (saved on the device, waiting); back
 * online, both arrive, show as applied, and the application is 'reviewed' on the server. Screenshots
 * of the review screen at 360×740 and 1366×768 go to E2E_SCREENSHOTS (default /tmp/agency-review-shots).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestAccount } from '../server/helpers.js';
import { shoot, startSystem, type Device, type TestSystem } from './harness.js';
import {
  backOnlineReviewed, inReview, reklameAnswers, REKLAME_DOCUMENTS, reviewerOf, reviewOffline, signIn, storedApplication,
} from './office-setup.js';

const SHOTS = process.env.E2E_SCREENSHOTS ?? '/tmp/agency-review-shots';

describe('two agencies review one application offline, then both recommendations arrive', () => {
  let system: TestSystem;
  const laptops: Device[] = [];
  const reviewers: TestAccount[] = [];
  let applicationId = '';
  const stored = () => storedApplication(system, applicationId);

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(system, await system.account('applicant', 'Rudi Hartono'));
    const office = await signIn(system, await system.account('front-office', 'Petugas Loket'));
    reviewers.push(await reviewerOf(system, 'dinas-pupr'), await reviewerOf(system, 'bapenda'));
    applicationId = (await inReview(system, applicant, office, 'izin-reklame',
      reklameAnswers('Rudi Hartono', 'Promo Akhir Tahun Toko Elektronik Sinar Jaya'), REKLAME_DOCUMENTS)).id;
    assert.equal((await stored()).status, 'in-review');
    assert.deepEqual((await stored()).routedAgencies, ['dinas-pupr', 'bapenda']);

    for (const reviewer of reviewers) {
      const laptop = await system.newDevice(1366, 768);
      laptops.push(laptop);
      await laptop.app.openAndSignIn(reviewer.username, reviewer.password);
    }
  });

  after(async () => {
    await system?.close();
  });

  it('each reviewer, offline, writes a note and a recommendation that wait on the laptop', async () => {
    await reviewOffline(system, laptops, applicationId, (index) => `Catatan internal ${index + 1}: ukuran papan sesuai gambar.`);
  });

  it('back online, both arrive, show as applied, and the application is reviewed on the server', async () => {
    await backOnlineReviewed(system, laptops, applicationId, 90_000);
    await shoot(laptops[1]!.app.page, SHOTS, 'review-applied');
  });
});
