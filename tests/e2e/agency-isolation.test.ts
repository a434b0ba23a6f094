/**
 * Agencies see only their own work (issue 9): a TDP is routed to dinas-perdagangan, an izin-reklame to
 * dinas-pupr and bapenda. Bapenda's reviewer, on a laptop of its own, never receives the TDP: not in
 * any answer of /api/sync/* read on the page, not in the device's IndexedDB. Then the front office
 * re-routes the TDP to bapenda: it leaves dinas-perdagangan's reviewer's device (gone from the queue;
 * in IndexedDB at most a deleted tombstone without answers) and arrives on bapenda's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { TestAccount } from '../server/helpers.js';
import { eventually, startSystem, type Device, type TestSystem } from './harness.js';
import {
  inReview, officeAction, reklameAnswers, REKLAME_DOCUMENTS, reviewerOf, signIn, storedApplication, TDP_ANSWERS, TDP_DOCUMENTS, type Session,
} from './office-setup.js';

/** A reviewer's laptop, with every answer of /api/sync/* it received (the event stream aside: it names collections only). */
interface Laptop extends Device { wire: string[] }

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
  let tdp = { id: '', number: '' };
  let reklame = { id: '', number: '' };

  async function laptopFor(account: TestAccount): Promise<Laptop> {
    const laptop: Laptop = { ...(await system.newDevice(1366, 768)), wire: [] };
    laptop.app.page.on('response', (response) => {
      const url = new URL(response.url());
      if (!url.pathname.startsWith('/api/sync/') || url.pathname === '/api/sync/stream') return;
      void response.text().then((text) => laptop.wire.push(`${url.pathname}${url.search} ${text}`)).catch(() => undefined);
    });
    await laptop.app.openAndSignIn(account.username, account.password);
    await laptop.app.page.goto(`${system.url}/kantor`);
    return laptop;
  }

  before(async () => {
    system = await startSystem();
    const applicant = await signIn(system, await system.account('applicant', 'Siti Rahayu'));
    office = await signIn(system, await system.account('front-office', 'Petugas Loket'));
    tdp = await inReview(system, applicant, office, 'tdp', TDP_ANSWERS, TDP_DOCUMENTS);
    reklame = await inReview(system, applicant, office, 'izin-reklame', reklameAnswers('Siti Rahayu', 'Promo Akhir Tahun CV Maju Jaya'), REKLAME_DOCUMENTS);
    assert.deepEqual((await storedApplication(system, tdp.id)).routedAgencies, ['dinas-perdagangan']);
    assert.deepEqual((await storedApplication(system, reklame.id)).routedAgencies, ['dinas-pupr', 'bapenda']);
    trade = await laptopFor(await reviewerOf(system, 'dinas-perdagangan'));
    revenue = await laptopFor(await reviewerOf(system, 'bapenda'));
  });

  after(async () => {
    await system?.close();
  });

  it('bapenda\'s reviewer gets its own application and never the TDP, on the wire or on the device', async () => {
    await trade.app.findInQueue(tdp.number, tdp.id);
    await revenue.app.findInQueue(reklame.number, reklame.id);
    await trade.app.searchQueue(reklame.number);
    assert.equal(await trade.app.queueRow(reklame.id).count(), 0, 'dinas-perdagangan does not list the izin-reklame');
    await revenue.app.searchQueue(tdp.number);
    assert.equal(await revenue.app.queueRow(tdp.id).count(), 0, 'bapenda does not list the TDP');
    // A change on the TDP (the front office's note) makes the server send it again to whoever reads it; bapenda's laptop reloads and pulls again.
    await officeAction(system, office, { applicationId: tdp.id, kind: 'note', basedOnStatus: 'in-review', text: 'Berkas lengkap, menunggu dinas perdagangan.', internal: true });
    await revenue.app.page.reload();
    await revenue.app.findInQueue(reklame.number, reklame.id);

    assert.ok(revenue.wire.some((answer) => answer.includes(reklame.id)), 'the wire carried bapenda\'s own application');
    assert.ok(trade.wire.some((answer) => answer.includes(tdp.id)), 'the wire carried dinas-perdagangan\'s own application');
    assert.deepEqual(revenue.wire.filter((answer) => answer.includes(tdp.id)), [], 'no answer to bapenda names the TDP');
    assert.deepEqual(trade.wire.filter((answer) => answer.includes(reklame.id)), [], 'no answer to dinas-perdagangan names the izin-reklame');
    assert.ok((await idbRecordsNaming(revenue.app.page, reklame.id)).length > 0, 'bapenda\'s device keeps its application');
    assert.deepEqual(await idbRecordsNaming(revenue.app.page, tdp.id), [], 'bapenda\'s device holds nothing of the TDP');
    assert.deepEqual(await idbRecordsNaming(trade.app.page, reklame.id), [], 'dinas-perdagangan\'s device holds nothing of the izin-reklame');
  });

  it('re-routed to bapenda, the TDP leaves dinas-perdagangan\'s device and arrives on bapenda\'s', async () => {
    const tdpId = tdp.id;
    // Listed at dinas-perdagangan before the re-route, so that its row leaving is the re-route's doing (not the search's).
    await trade.app.findInQueue(tdp.number, tdpId);
    await officeAction(system, office, { applicationId: tdpId, kind: 'reroute', basedOnStatus: 'in-review', agencies: ['bapenda'] });
    assert.deepEqual((await storedApplication(system, tdpId)).routedAgencies, ['bapenda']);

    await revenue.app.findInQueue(tdp.number, tdpId);
    const arrived = (await idbRecordsNaming(revenue.app.page, tdpId)).filter(({ record }) => record.id === tdpId);
    assert.ok(arrived.some(({ record }) => hasAnswers(record) && !deletedIn(record)), `bapenda's device holds the TDP: ${JSON.stringify(arrived)}`);

    await trade.app.queueRow(tdpId).waitFor({ state: 'detached', timeout: 60_000 });
    await trade.app.page.reload();
    await trade.app.page.getByTestId('queue-total').or(trade.app.page.getByTestId('queue-empty')).waitFor({ timeout: 60_000 });
    await trade.app.searchQueue(tdp.number);
    assert.equal(await trade.app.queueRow(tdpId).count(), 0, 'not in dinas-perdagangan\'s queue after a reload either');
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
