/**
 * Two real sync-server processes (child processes of this test, SYNC_PROCESSES=shared) on one
 * store: devices push to both while other devices of the same accounts pull from both, page by
 * page, during the writes. Afterwards every reading device has every document at its last version
 * (nothing skipped by a checkpoint), and the applications submitted through both processes have
 * one registration number each, with no duplicate and no gap.
 *
 * The store: the 3-node CouchDB cluster when it runs (`couchdb start-cluster`, or COUCHDB_CLUSTER=
 * url1,url2,...), each process on its own node; otherwise the CouchDB at COUCHDB_URL, or an
 * embedded store this test starts, both processes on it (the cluster part is then skipped, said so;
 * COUCHDB_CLUSTER=none forces that). MULTI_PROCESS_SYNC=one gives each process its own sequencer:
 * on the cluster the test then fails (a reader misses a document or its numbered version), which
 * shows it can. The same office action sent to both processes at once must be applied once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, type PullResponse } from '../../common/sync-protocol.js';
import { registrationPeriod } from '../../common/workflow.js';
import type { Store } from '../../sync-server/store.js';
import { fileTdp, push, signIn, startProcess, stopProcess, twoProcessStores, type ServerProcess, type TwoProcessStores } from './server-processes.js';
import { apiCall, createAccount, freshId, type Session } from './helpers.js';


describe('two sync-server processes on one store', { timeout: 120_000 }, () => {
  let stores: TwoProcessStores;
  let store: Store;
  let servers: [ServerProcess, ServerProcess];
  before(async () => {
    stores = await twoProcessStores(', the cluster part is skipped');
    store = stores.store;
    // MULTI_PROCESS_SYNC=one runs the same with each process's own sequencer: the check that this test can fail.
    const mode = process.env.MULTI_PROCESS_SYNC ?? 'shared';
    servers = await Promise.all([startProcess(stores.urls[0], stores.scratch, mode), startProcess(stores.urls[1], stores.scratch, mode)]);
  });
  after(async () => {
    await Promise.all((servers ?? []).map(stopProcess));
    await stores?.close();
  });

  const pull = async (baseUrl: string, session: Session, device: string, checkpoint: string | null, limit: number): Promise<PullResponse> => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) query.set('checkpoint', checkpoint);
    const result = await apiCall(baseUrl, `/api/sync/applications/pull?${query.toString()}`, { cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
    assert.equal(result.status, 200, `pull from ${baseUrl}: ${result.text.slice(0, 300)}`);
    return result.body as PullResponse;
  };

  /** A device that pulls page after page, from the servers in turn, keeping the newest state of each document. */
  class Reader {
    checkpoint: string | null = null;
    readonly seen = new Map<string, ApplicationWireDoc>();
    private turn = 0;
    constructor(readonly session: Session, readonly device: string, readonly from: string[]) {}

    async page(limit = 7): Promise<number> {
      const url = this.from[this.turn++ % this.from.length]!;
      const page = await pull(url, this.session, this.device, this.checkpoint, limit);
      for (const doc of page.documents) this.seen.set(doc.id, doc);
      this.checkpoint = page.checkpoint;
      return page.documents.length;
    }

    async drain(): Promise<void> {
      for (let pages = 0; pages < 1000; pages++) if ((await this.page(200)) === 0) return;
      throw new Error('the pull never ended');
    }
  }

  it('devices pushing to both and pulling from both lose nothing; numbers are unique and gap-free', async () => {
    const [a, b] = servers.map((server) => server.url) as [string, string];
    const accounts = await Promise.all([0, 1, 2].map(() => createAccount(store, 'applicant')));
    const sessions = await Promise.all(accounts.map((account) => signIn(a, account.username, account.password)));
    const finals = new Map<string, ApplicationWireDoc>(); // what each document's writer last pushed
    const submittedIds: string[] = []; // filed (and numbered) through both processes
    let writing = true;

    const writer = async (session: Session, device: string, target: string, other: string): Promise<void> => {
      let previous: ApplicationWireDoc[] = [];
      for (let round = 0; round < 4; round++) {
        const fresh: ApplicationWireDoc[] = Array.from({ length: 3 }, (_, index) => ({
          id: freshId(), ownerId: session.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft',
          answers: { companyName: `${device} ${round}.${index}` }, createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
        }));
        // Each round also changes last round's documents once more (on the other process).
        const changed = previous.map((doc) => ({ ...doc, answers: { companyName: `${String(doc.answers.companyName)} changed` }, updatedAt: doc.updatedAt + 1 }));
        assert.deepEqual((await push(target, session, device, fresh.map((doc) => ({ newDocumentState: doc })))).conflicts, [], 'new drafts are written');
        if (changed.length > 0) {
          const result = await push(other, session, device, changed.map((doc, index) => ({ assumedMasterState: previous[index], newDocumentState: doc })));
          assert.deepEqual(result.conflicts, [], 'changes on the other process are written');
        }
        for (const doc of [...fresh, ...changed]) finals.set(doc.id, doc);
        previous = fresh;
      }
    };

    // Per account: one reader on one process, one alternating between both (each page from the other).
    const readers = sessions.flatMap((session, index) => [
      new Reader(session, `reader-one-${index}`, [index % 2 ? a : b]),
      new Reader(session, `reader-ab-${index}`, [a, b]),
    ]);
    const reading = Promise.all(readers.map(async (reader) => {
      while (writing) {
        await reader.page();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }));
    try {
      await Promise.all(sessions.flatMap((session, index) => [
        writer(session, `writer-1-${index}`, a, b),
        writer(session, `writer-2-${index}`, b, a),
        (async () => {
          for (let n = 0; n < 2; n++) submittedIds.push(await fileTdp(session, `filer-dev-${index}`, n % 2 ? a : b, n % 2 ? b : a));
        })(),
      ]));
    } finally {
      writing = false;
      await reading;
    }

    // Every number given, unique and without a gap: one number document per submitted application.
    // A number given after the last upload may still be on its way (registerIfReady runs after the answer).
    const numberOf = async (id: string): Promise<string | undefined> => (await store.applications.get(id)).registrationNumber;
    let numbers = await Promise.all(submittedIds.map(numberOf));
    for (let waited = 0; numbers.some((number) => !number) && waited < 60; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      numbers = await Promise.all(submittedIds.map(numberOf));
    }
    assert.ok(numbers.every(Boolean), `every submitted application is numbered: ${JSON.stringify(numbers)}`);
    assert.equal(new Set(numbers).size, numbers.length, 'no number is given twice');
    const registrations = store.registrations;
    const period = registrationPeriod(new Date());
    const prefix = `number:TDP:${period}:`;
    const all = await registrations.list({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
    const sequences = all.rows.map((row) => row.doc?.sequence ?? 0).sort((x, y) => x - y);
    assert.deepEqual(sequences, Array.from({ length: sequences.length }, (_, index) => index + 1), 'the month\'s TDP numbers run 1..N without a gap');
    const owners = new Map(all.rows.map((row) => [row.doc?.applicationId, row.id]));
    for (const id of submittedIds) assert.ok(owners.has(id), `${id} has its number document`);
    assert.equal(new Set(all.rows.map((row) => row.doc?.applicationId)).size, all.rows.length, 'no application holds two numbers');

    // Nothing lost: each reader, pulling on from where it stopped, has every document at its last state.
    for (const reader of readers) {
      await reader.drain();
      const own = [...finals.values()].filter((doc) => doc.ownerId === reader.session.user.userId);
      for (const doc of own) {
        const seen = reader.seen.get(doc.id);
        assert.ok(seen, `${reader.device} received ${doc.id}`);
        assert.equal(seen.updatedAt, doc.updatedAt, `${reader.device} has the last version of ${doc.id}`);
      }
      for (const id of submittedIds) {
        const stored = await store.applications.get(id);
        if (stored.ownerId !== reader.session.user.userId) continue;
        assert.equal(reader.seen.get(id)?.registrationNumber, stored.registrationNumber, `${reader.device} has the number of ${id}`);
      }
    }
    if (!stores.cluster) console.log('# skipped: the same on the CouchDB cluster (not running)');
  });
  it('the same office action sent to both processes at once is applied exactly once', async () => {
    const [a, b] = servers.map((server) => server.url) as [string, string];
    const owner = await createAccount(store, 'applicant');
    const applicant = await signIn(b, owner.username, owner.password);
    // Its own filings, through both processes in both directions (not the first test's).
    const filed: string[] = [];
    for (let n = 0; n < 4; n++) filed.push(await fileTdp(applicant, 'filer-accept', n % 2 ? a : b, n % 2 ? b : a));
    const account = await createAccount(store, 'front-office');
    const office = await signIn(a, account.username, account.password);
    for (const applicationId of filed) {
      const now = Date.now();
      const action = {
        id: freshId(), applicationId, kind: 'accept', actorId: office.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now,
        basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }],
      };
      // A device whose push timed out sends again, and the load balancer picks the other process.
      const answers = await Promise.all([a, b].map((url) => apiCall(url, '/api/office/actions', { body: action, cookie: office.cookie })));
      for (const answer of answers) assert.ok(answer.status === 200 || answer.status === 201, `action answered: ${answer.status} ${answer.text.slice(0, 300)}`);
      const outcomes = answers.map((answer) => (answer.body as { action: { outcome?: string } }).action.outcome);
      const stored = await store.actions.get(action.id);
      const application = await store.applications.get(applicationId);
      assert.deepEqual(outcomes, [stored.outcome, stored.outcome], 'both processes answer the one stored outcome');
      assert.equal(stored.outcome, 'applied', `accepted once: ${JSON.stringify(stored.outcomeReason ?? '')}`);
      assert.equal(application.status, 'in-review', 'the application moved on exactly as the stored action says');
    }
  });
});
