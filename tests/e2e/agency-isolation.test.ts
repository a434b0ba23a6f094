/**
 * Agencies see only their own work (issue 9): a TDP is routed to dinas-perdagangan, an izin-reklame to
 * dinas-pupr and bapenda. Bapenda's reviewer, on a laptop of its own, never receives the TDP: not in
 * any answer of /api/sync/* read on the page, not in the device's IndexedDB. Then the front office
 * re-routes the TDP to bapenda: it leaves dinas-perdagangan's reviewer's device (gone from the queue;
 * in IndexedDB at most a deleted tombstone without answers) and arrives on bapenda's. The office's
 * actions on it leave with it (at most tombstones without their text or checks), while the old
 * reviewer's own note stays on their device.
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

/** The front office's note on the TDP (test 1), and the text of dinas-perdagangan's reviewer's own note on it. */
const OFFICE_NOTE = 'Berkas lengkap, menunggu dinas perdagangan.';
const OWN_NOTE = 'Catatan peninjau perdagangan: cek gudang.';

describe('a reviewer of one agency never receives another agency\'s applications; a re-routed one leaves the old reviewer\'s device', () => {
  let system: TestSystem;
  let office: Session;
  let trade: Laptop;
  let tradeReviewer: TestAccount;
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
    tradeReviewer = await reviewerOf(system, 'dinas-perdagangan');
    trade = await laptopFor(tradeReviewer);
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
    await officeAction(system, office, { applicationId: tdp.id, kind: 'note', basedOnStatus: 'in-review', text: OFFICE_NOTE, internal: true });
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
    // The reviewer's own note, and the office's note and accept on the device before the re-route
    // (so that their leaving is the re-route's doing).
    await officeAction(system, await signIn(system, tradeReviewer), { applicationId: tdpId, kind: 'note', basedOnStatus: 'in-review', text: OWN_NOTE, internal: true });
    await eventually(async () => {
      for (const text of [OFFICE_NOTE, OWN_NOTE]) assert.ok((await idbRecordsNaming(trade.app.page, text)).length > 0, `"${text}" on dinas-perdagangan's device`);
      assert.ok((await idbRecordsNaming(trade.app.page, tdpId)).some(({ record }) => record.kind === 'accept' && Array.isArray(record.checks)), 'the accept on it');
    }, 60_000, 500);
    await officeAction(system, office, { applicationId: tdpId, kind: 'reroute', basedOnStatus: 'in-review', agencies: ['bapenda'] });
    assert.deepEqual((await storedApplication(system, tdpId)).routedAgencies, ['bapenda']);

    await revenue.app.findInQueue(tdp.number, tdpId);
    const arrived = (await idbRecordsNaming(revenue.app.page, tdpId)).filter(({ record }) => record.id === tdpId);
    assert.ok(arrived.some(({ record }) => hasAnswers(record) && !deletedIn(record)), `bapenda's device holds the TDP: ${JSON.stringify(arrived)}`);

    try {
      await trade.app.queueRow(tdpId).waitFor({ state: 'detached', timeout: 60_000 });
    } catch (error) {
      // What the old reviewer's device holds of it, and what the server says: a tombstone that never
      // came, or one the queue did not follow.
      const held = (await idbRecordsNaming(trade.app.page, tdpId)).filter(({ record }) => record.id === tdpId);
      const stored = await storedApplication(system, tdpId);
      console.log(`dinas-perdagangan's device still lists the TDP. It holds: ${JSON.stringify(held).slice(0, 1500)}`);
      console.log(`the server: readers ${JSON.stringify(stored.readers)}, formerReaders ${JSON.stringify(stored.formerReaders)}, serverSeq ${String(stored.serverSeq)}`);
      throw error;
    }
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
    // The others' actions on the TDP leave too: at most tombstones, nothing of what they said.
    const actionsLeft = await eventually(async () => {
      const records = (await idbRecordsNaming(trade.app.page, tdpId)).filter(({ record }) => record.applicationId === tdpId && record.actorId !== tradeReviewer.userId);
      for (const { record } of records) {
        assert.ok(deletedIn(record), `only a tombstone of the ${String(record.kind)}: ${JSON.stringify(record)}`);
        for (const field of ['text', 'checks', 'agencies', 'outcome']) assert.equal(record[field], undefined, `no ${field}: ${JSON.stringify(record)}`);
      }
      assert.deepEqual(await idbRecordsNaming(trade.app.page, OFFICE_NOTE), [], 'the office\'s note is nowhere on the device');
      return records;
    }, 30_000, 500);
    assert.ok(actionsLeft.length > 0, 'the office\'s actions were on the device and are tombstones now');
    const own = (await idbRecordsNaming(trade.app.page, OWN_NOTE)).filter(({ record }) => record.applicationId === tdpId);
    assert.ok(own.some(({ record }) => !deletedIn(record)), `the reviewer's own note stays on their device: ${JSON.stringify(own)}`);
    // On the wire, the last the server told dinas-perdagangan of the TDP is that it is gone, without its answers.
    // (The applications pulls only: an actions pull names the TDP too, as the applicationId of its actions' tombstones.)
    const last = trade.wire.filter((answer) => answer.startsWith('/api/sync/applications/') && answer.includes(tdpId)).at(-1) ?? '';
    const pulled = (JSON.parse(last.slice(last.indexOf(' ') + 1)) as { documents: Record<string, unknown>[] }).documents.find((doc) => doc.id === tdpId);
    assert.ok(pulled && deletedIn(pulled) && !hasAnswers(pulled), `the last pull naming the TDP sends a tombstone: ${last.slice(0, 1000)}`);
  });
});
