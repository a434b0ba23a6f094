/**
 * Work queues: who waits for whom, the row, filters, search and paging, first as pure functions,
 * then the RxDB plan run on a real RxDB with the device's local application schema and local fields
 * (client/data/database.ts; memory storage, the device's Dexie runs the same query planner) with
 * 10,000 documents against 100.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import type { Account } from '../../common/access/readers.js';
import { WorkingCalendar } from '../../common/workflow/service-level.js';
import {
  QUEUE_INDEX_PROPERTIES, matchesSearch, queueKeyOf, queueQuery, queueRow, queueSince, searchTextOf, workQueue, type QueueKey, type QueuePageRequest,
} from '../../common/workflow/work-queue.js';
import { localApplicationSchema, toLocal, type LocalApplicationDoc } from '../../client/data/database.js';

const wib = (local: string): number => Date.parse(`${local}+07:00`);
const iso = (local: string): string => new Date(wib(local)).toISOString();
const NOW = wib('2026-12-01T12:00:00');
const calendar = new WorkingCalendar();

const accounts = {
  front: { userId: 'u-front-1', role: 'front-office' },
  admin: { userId: 'u-admin-1', role: 'admin' },
  pupr: { userId: 'u-reviewer-pupr', role: 'agency-reviewer', agencyId: 'dinas-pupr' },
  bapenda: { userId: 'u-reviewer-bapenda', role: 'agency-reviewer', agencyId: 'bapenda' },
  owner: { userId: 'u-owner-1', role: 'applicant' },
  claimant: { userId: 'u-citizen-1', role: 'applicant' },
  booth: { userId: 'u-booth-1', role: 'booth-staff', boothId: 'mps-01' },
  stranger: { userId: 'u-stranger-1', role: 'applicant' },
  inspector: { userId: 'u-inspector-1', role: 'inspector' },
} satisfies Record<string, Account>;

const PERMIT_TYPES: Record<string, { name: { id: string; en: string }; slaWorkingDays: number }> = {
  reklame: { name: { id: 'Izin Reklame', en: 'Billboard permit' }, slaWorkingDays: 5 },
  siup: { name: { id: 'SIUP', en: 'Trading business licence' }, slaWorkingDays: 2 },
};
const permitTypeOf = (application: Pick<ApplicationDoc, 'permitTypeId'>) => PERMIT_TYPES[application.permitTypeId];

let counter = 0;
function application(status: ApplicationStatus, submitted: string, extra: Partial<ApplicationDoc> = {}): ApplicationDoc {
  const id = `app-${(counter++).toString().padStart(6, '0')}`;
  return {
    id, ownerId: accounts.owner.userId, permitTypeId: 'reklame', catalogVersion: 5, status, answers: { companyName: 'CV Maju Jaya' },
    createdAt: iso(submitted), updatedAt: wib(submitted), submittedAt: iso(submitted), provisionalNumber: 'P-7KQ2-M9XD',
    stages: [{ stage: 'submitted', at: iso(submitted) }],
    ...(status === 'in-review' ? { routedAgencies: ['dinas-pupr', 'bapenda'], recommendedAgencies: [], acceptedAt: iso(submitted) } : {}),
    ...extra,
  };
}

describe('who waits for whom', () => {
  const cases: { name: string; doc: ApplicationDoc; waitsFor: Partial<Record<keyof typeof accounts, QueueKey>> }[] = [
    { name: 'a draft', doc: application('draft', '2026-11-20T09:00:00'), waitsFor: {} },
    { name: 'a submission', doc: application('submitted', '2026-11-20T09:00:00'), waitsFor: { front: 'front-office', admin: 'front-office' } },
    { name: 'a returned application (claimed)', doc: application('returned', '2026-11-20T09:00:00', { applicantId: accounts.claimant.userId }), waitsFor: { owner: 'applicant', claimant: 'applicant' } },
    { name: 'a booth filing returned', doc: application('returned', '2026-11-20T09:00:00', { ownerId: accounts.booth.userId }), waitsFor: { booth: 'applicant' } },
    { name: 'one in review by two agencies', doc: application('in-review', '2026-11-20T09:00:00'), waitsFor: { pupr: 'review', bapenda: 'review' } },
    { name: 'one bapenda has recommended', doc: application('in-review', '2026-11-20T09:00:00', { recommendedAgencies: ['bapenda'] }), waitsFor: { pupr: 'review' } },
    { name: 'one routed to pupr only', doc: application('in-review', '2026-11-20T09:00:00', { routedAgencies: ['dinas-pupr'] }), waitsFor: { pupr: 'review' } },
    { name: 'a question to the applicant', doc: application('needs-information', '2026-11-20T09:00:00'), waitsFor: { owner: 'applicant' } },
    { name: 'a reviewed application', doc: application('reviewed', '2026-11-20T09:00:00'), waitsFor: {} },
    { name: 'a deleted submission', doc: { ...application('submitted', '2026-11-20T09:00:00'), _deleted: true } as ApplicationDoc, waitsFor: {} },
  ];
  for (const { name, doc, waitsFor } of cases) {
    for (const who of Object.keys(accounts) as (keyof typeof accounts)[]) {
      const expected = waitsFor[who] ?? '';
      it(`${name}: ${expected ? `waits for ${who} (${expected})` : `does not wait for ${who}`}`, () => {
        assert.equal(queueKeyOf(accounts[who], doc), expected);
      });
    }
  }
});

describe('queue rows, filters and search', () => {
  it('makes a row with the permit type, days left and overdue', () => {
    const late = queueRow(application('submitted', '2026-11-20T09:00:00', { permitTypeId: 'siup' }), PERMIT_TYPES.siup, { calendar, now: NOW });
    assert.equal(late.permitTypeName?.id, 'SIUP');
    assert.equal(late.businessName, 'CV Maju Jaya');
    assert.equal(late.due, iso('2026-11-24T09:00:00'));
    assert.equal(late.overdue, true);
    assert.ok((late.daysLeft ?? 0) < 0, 'negative days left when overdue');
    const fresh = queueRow(application('submitted', '2026-12-01T08:00:00'), PERMIT_TYPES.reklame, { calendar, now: NOW });
    assert.equal(fresh.overdue, false);
    assert.equal(fresh.daysLeft, 5);
    const unknown = queueRow(application('submitted', '2026-12-01T08:00:00', { permitTypeId: 'gone' }), undefined, { calendar, now: NOW });
    assert.equal(unknown.daysLeft, undefined, 'no catalog on the device yet: no days left rather than a wrong number');
    assert.equal(unknown.overdue, false);
  });

  it('puts the reviewer\'s oldest acceptance first: an answered question does not send it to the back', () => {
    const answered = application('in-review', '2026-11-10T09:00:00', {
      acceptedAt: iso('2026-11-11T09:00:00'),
      stages: [{ stage: 'submitted', at: iso('2026-11-10T09:00:00') }, { stage: 'in-review', at: iso('2026-11-11T09:00:00') },
        { stage: 'needs-information', at: iso('2026-11-12T09:00:00') }, { stage: 'in-review', at: iso('2026-11-30T09:00:00') }],
    });
    assert.equal(queueSince(answered), wib('2026-11-11T09:00:00'));
    const resubmitted = application('submitted', '2026-11-10T09:00:00', {
      stages: [{ stage: 'submitted', at: iso('2026-11-10T09:00:00') }, { stage: 'returned', at: iso('2026-11-11T09:00:00') }, { stage: 'submitted', at: iso('2026-11-20T09:00:00') }],
    });
    assert.equal(queueSince(resubmitted), wib('2026-11-20T09:00:00'), 'the front office sees it from its resubmission');
  });

  it('finds by provisional or registration number however it is typed, and by business or applicant name', () => {
    const doc = application('submitted', '2026-11-20T09:00:00', { registrationNumber: '0174/SIUP/11/2026', answers: { companyName: 'CV Maju Jaya', applicantName: 'Siti Aminah' } });
    for (const search of ['P-7KQ2-M9XD', 'p7kq2 m9xd', '0174/SIUP/11/2026', '0174siup', 'maju jaya', 'MAJU', 'siti', '']) {
      assert.ok(matchesSearch(doc, search), `"${search}" finds it`);
    }
    for (const search of ['P-7KQ2-M9XE', 'sejahtera']) assert.ok(!matchesSearch(doc, search), `"${search}" does not`);
    assert.ok(matchesSearch(application('returned', '2026-11-20T09:00:00', { answers: {}, citizen: { name: 'Budi Santoso' } }), 'budi'), 'a booth citizen\'s name');
    assert.ok(searchTextOf(doc).length <= QUEUE_INDEX_PROPERTIES.searchText.maxLength, 'the search text fits its field');
  });

  it('searches the search text the device stored with the document, not one made again', () => {
    const doc = application('submitted', '2026-11-20T09:00:00', { answers: { companyName: 'CV Maju Jaya' } });
    const stored = toLocal(doc);
    assert.equal(stored.searchText, searchTextOf(doc), 'the local field is the same text');
    assert.ok(matchesSearch(stored, 'maju jaya'), 'found by its stored text');
    // A document carrying a (stale) stored text is matched on it: the search reads the field.
    const staleText = { ...stored, searchText: 'pxxxx|cvlama' };
    assert.ok(matchesSearch(staleText, 'lama') && !matchesSearch(staleText, 'maju'), 'matched on the stored field, not on its answers');
    const ids = (search: string) => workQueue(accounts.front, [staleText], permitTypeOf, { limit: 10, filter: { search } }, { calendar, now: NOW }).rows.length;
    assert.deepEqual([ids('lama'), ids('maju'), ids('')], [1, 0, 1]);
  });

  it('filters by permit type and overdue only, oldest (or most overdue) first, and pages without gaps or repeats', () => {
    const docs = [
      application('submitted', '2026-11-02T09:00:00', { permitTypeId: 'siup' }),
      application('submitted', '2026-11-25T09:00:00'),
      application('submitted', '2026-11-03T09:00:00'),
      application('submitted', '2026-12-01T09:00:00', { permitTypeId: 'siup' }),
      application('submitted', '2026-11-03T09:00:00'),
      application('in-review', '2026-11-01T09:00:00'),
    ];
    const ids = (request: QueuePageRequest) => workQueue(accounts.front, docs, permitTypeOf, request, { calendar, now: NOW }).rows.map((row) => row.id);
    const [siupOld, reklameNew, reklameOldA, siupNew, reklameOldB] = docs.map((doc) => doc.id);
    assert.deepEqual(ids({ limit: 10 }), [siupOld, reklameOldA, reklameOldB, reklameNew, siupNew]);
    assert.deepEqual(ids({ limit: 10, filter: { permitTypeIds: ['siup'] } }), [siupOld, siupNew]);
    // Overdue: siupOld (due 4 Nov), the two reklame of 3 Nov (due 10 Nov); not reklameNew (due 2 Dec) nor siupNew.
    assert.deepEqual(ids({ limit: 10, filter: { overdueOnly: true } }), [siupOld, reklameOldA, reklameOldB]);

    const first = workQueue(accounts.front, docs, permitTypeOf, { limit: 2 }, { calendar, now: NOW });
    assert.equal(first.total, 5);
    assert.ok(first.next, 'a next page');
    const second = workQueue(accounts.front, docs, permitTypeOf, { limit: 2, cursor: first.next }, { calendar, now: NOW });
    const third = workQueue(accounts.front, docs, permitTypeOf, { limit: 2, cursor: second.next }, { calendar, now: NOW });
    assert.deepEqual([...first.rows, ...second.rows, ...third.rows].map((row) => row.id), ids({ limit: 10 }), 'same-time rows are split by id, never lost');
    assert.equal(third.next, undefined);
  });

  it('never shows a paused application as overdue, however long it waits', () => {
    const paused = application('returned', '2026-11-02T09:00:00', { clockStops: [{ from: iso('2026-11-03T09:00:00') }] });
    const overdue = (account: Account, doc: ApplicationDoc) =>
      workQueue(account, [doc], permitTypeOf, { limit: 10, filter: { overdueOnly: true } }, { calendar, now: NOW }).rows.map((row) => row.id);
    assert.deepEqual(overdue(accounts.owner, paused), [], 'waits for its owner, but its clock is stopped');
    assert.equal(queueRow(paused, PERMIT_TYPES.reklame, { calendar, now: NOW }).overdue, false);
    const running = application('submitted', '2026-11-02T09:00:00');
    assert.deepEqual(overdue(accounts.front, running), [running.id], 'due 9 November: overdue');
  });
});

describe('the RxDB plan', () => {
  // The device's schema and indexes; version 0, as a fresh database has no older documents to migrate.
  const localSchema = { ...localApplicationSchema, version: 0 };
  type LocalDoc = LocalApplicationDoc;

  async function filled(size: number): Promise<{ collection: RxCollection<LocalDoc>; close: () => Promise<unknown>; docs: LocalDoc[] }> {
    const database = await createRxDatabase({ name: `queue-${size}-${Date.now()}-${counter++}`, storage: getRxStorageMemory() });
    const { applications } = await database.addCollections({ applications: { schema: localSchema as never } });
    const docs: LocalDoc[] = [];
    for (let row = 0; row < size; row++) {
      // Every fifth waits for the reviewers, the rest for the front office; one in seven is a SIUP.
      const at = wib('2026-06-01T08:00:00') + row * 997_000;
      const doc = application(row % 5 === 0 ? 'in-review' : 'submitted', '2026-06-01T08:00:00', {
        permitTypeId: row % 7 === 0 ? 'siup' : 'reklame', updatedAt: at, submittedAt: new Date(at).toISOString(),
        stages: [{ stage: 'submitted', at: new Date(at).toISOString() }],
      });
      docs.push(toLocal(doc));
    }
    await applications.bulkInsert(docs);
    return { collection: applications as unknown as RxCollection<LocalDoc>, close: () => database.close(), docs };
  }

  async function page(collection: RxCollection<LocalDoc>, request: QueuePageRequest) {
    const query = collection.find(queueQuery('front-office', request) as never);
    const found = (await query.exec()).map((doc) => doc.toJSON() as unknown as LocalDoc);
    return { found, plan: query.getPreparedQuery().queryPlan };
  }

  it('pages the queue through its index, the same rows as the pure queue, with no skip', async () => {
    const { collection, close, docs } = await filled(600);
    try {
      const expected = workQueue(accounts.front, docs, permitTypeOf, { limit: 200 }, { calendar, now: NOW }).rows.map((row) => row.id);
      const seen: string[] = [];
      let cursor: QueuePageRequest['cursor'];
      for (let pages = 0; pages < 20; pages++) {
        const { found, plan } = await page(collection, { limit: 50, cursor });
        assert.deepEqual(plan.index.filter((field) => !field.startsWith('_')), ['queueKey', 'queueSince', 'id']);
        assert.equal(plan.sortSatisfiedByIndex, true, 'the index gives the order: the storage stops after limit rows');
        const rows = found.slice(0, 50);
        seen.push(...rows.map((doc) => doc.id));
        if (found.length <= 50) break;
        const last = rows.at(-1) as LocalDoc;
        cursor = { value: last.queueSince, id: last.id };
      }
      assert.equal(seen.length, docs.filter((doc) => doc.queueKey === 'front-office').length);
      assert.deepEqual(seen.slice(0, 200), expected);
      assert.equal(new Set(seen).size, seen.length, 'no row twice');

      const siup = await page(collection, { limit: 20, filter: { permitTypeIds: ['siup'] } });
      assert.deepEqual(siup.plan.index.filter((field) => !field.startsWith('_')), ['queueKey', 'permitTypeId', 'queueSince', 'id']);
      assert.ok(siup.found.every((doc) => doc.permitTypeId === 'siup'), 'only SIUP');
      assert.deepEqual(siup.found.slice(0, 20).map((doc) => doc.id),
        workQueue(accounts.front, docs, permitTypeOf, { limit: 20, filter: { permitTypeIds: ['siup'] } }, { calendar, now: NOW }).rows.map((row) => row.id));
      const count = await collection.count({ selector: { queueKey: 'front-office' } }).exec();
      assert.equal(count, seen.length);
    } finally {
      await close();
    }
  });

  it('opens the first page of 10,000 about as fast as of 100', async (t) => {
    const small = await filled(100);
    const large = await filled(10_000);
    try {
      // A different cursor each time: RxDB would answer a repeated query from its cache.
      const time = async ({ collection, docs }: { collection: RxCollection<LocalDoc>; docs: LocalDoc[] }): Promise<number> => {
        const queued = docs.filter((doc) => doc.queueKey === 'front-office').sort((a, b) => a.queueSince - b.queueSince);
        await page(collection, { limit: 50 });
        const started = performance.now();
        for (let repeat = 0; repeat < 20; repeat++) {
          const at = queued[repeat] as LocalDoc;
          await page(collection, { limit: 50, cursor: { value: at.queueSince, id: at.id }, filter: { permitTypeIds: repeat % 2 === 1 ? ['siup'] : [] } });
        }
        return (performance.now() - started) / 20;
      };
      await time(small); // warms the code paths up, so the first measure is not the slower for it
      const largeMs = await time(large);
      const smallMs = await time(small);
      t.diagnostic(`a page of 50: ${largeMs.toFixed(2)} ms of 10,000, ${smallMs.toFixed(2)} ms of 100`);
      assert.ok(largeMs < Math.max(5 * smallMs, 15), `a page: ${largeMs.toFixed(2)} ms of 10,000 vs ${smallMs.toFixed(2)} ms of 100`);
    } finally {
      await small.close();
      await large.close();
    }
  });
});
