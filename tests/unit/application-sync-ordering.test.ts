/**
 * Why pushes of one account are written one batch at a time: if batch A took sequence 100 and
 * batch B took 101 but B reached the store first, a pull in between would hand out 101 as the
 * checkpoint and A would never be sent. Here the store holds A's write back on purpose and the
 * test checks that B is not written until A is, and that B's sequences come after A's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { CatalogService } from '../../sync-server/catalog-service.js';
import type { Store, StoredApplication } from '../../sync-server/store.js';
import { ApplicationSync } from '../../sync-server/sync/application-sync.js';

const user: UserProfile = { userId: 'u1', username: 'siti', displayName: 'Siti', role: 'applicant' };

function draft(id: string): ApplicationWireDoc {
  return {
    id, ownerId: user.userId, permitTypeId: 'siup', catalogVersion: demoCatalog.version, status: 'draft',
    answers: {}, createdAt: '2026-11-22T10:00:00.000Z', updatedAt: 1, _deleted: false,
  };
}

describe('ApplicationSync writes one account\'s batches in sequence order', () => {
  it('does not write a second batch before the first is stored', async () => {
    const written: { id: string; seq: number }[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let bulkCalls = 0;
    const store = {
      applications: {
        fetch: async ({ keys }: { keys: string[] }) => ({ rows: keys.map((key) => ({ key, error: 'not_found' })) }),
        bulk: async ({ docs }: { docs: StoredApplication[] }) => {
          bulkCalls++;
          if (bulkCalls === 1) await firstHeld;
          for (const doc of docs) written.push({ id: doc._id, seq: doc.serverSeq });
          return docs.map((doc) => ({ id: doc._id, ok: true, rev: '1-x' }));
        },
      },
      audit: { bulk: async () => [] },
      // Registration numbers open their own scope; none is taken for drafts.
      server: { use: () => ({}) },
      url: 'http://admin:admin@127.0.0.1:9/',
    } as unknown as Store;
    const catalogs = { version: async () => demoCatalog } as unknown as CatalogService;
    const sync = new ApplicationSync(store, catalogs);

    const first = sync.push(user, { rows: [{ newDocumentState: draft('draft-aaaa-0001') }] });
    const second = sync.push(user, { rows: [{ newDocumentState: draft('draft-bbbb-0002') }] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(bulkCalls, 1, 'the second batch waits while the first is being stored');
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(written.map((entry) => entry.id), ['draft-aaaa-0001', 'draft-bbbb-0002']);
    assert.ok(written[1]!.seq > written[0]!.seq, 'store order is sequence order');
  });
});

describe('ApplicationSync pulls only what finished writes stored', () => {
  it('leaves out a batch that is still being stored, though the store already shows part of it', async () => {
    // The store as CouchDB can show it mid-`_bulk_docs` (shards commit on their own): the batch's
    // second document is visible, its first not yet.
    const visible: StoredApplication[] = [];
    let releaseBulk: () => void = () => undefined;
    const bulkHeld = new Promise<void>((resolve) => {
      releaseBulk = resolve;
    });
    let bulkStarted: () => void = () => undefined;
    const bulkRunning = new Promise<void>((resolve) => {
      bulkStarted = resolve;
    });
    const store = {
      applications: {
        bulk: async ({ docs }: { docs: StoredApplication[] }) => {
          visible.push(docs[1]!);
          bulkStarted();
          await bulkHeld;
          visible.unshift(docs[0]!);
          return docs.map((doc) => ({ id: doc._id, ok: true, rev: '1-x' }));
        },
        // The reach view as the store answers it: one row per reader key of each visible document.
        view: async (_ddoc: string, _view: string, { startkey }: { startkey: [string, number] }) => ({
          rows: [...visible].filter((doc) => doc.readers.includes(startkey[0]) && doc.serverSeq >= startkey[1])
            .sort((a, b) => a.serverSeq - b.serverSeq)
            .map((doc) => ({ id: doc._id, key: [startkey[0], doc.serverSeq], value: doc.writerDevice ?? null })),
        }),
        fetch: async ({ keys }: { keys: string[] }) => ({
          rows: keys.map((key) => {
            const doc = visible.find((found) => found._id === key);
            return doc ? { key, id: key, doc } : { key, error: 'not_found' };
          }),
        }),
      },
      audit: { bulk: async () => [] },
      // Registration numbers open their own scope; none is taken for drafts.
      server: { use: () => ({}) },
      url: 'http://admin:admin@127.0.0.1:9/',
    } as unknown as Store;
    const catalogs = { version: async () => demoCatalog } as unknown as CatalogService;
    const sync = new ApplicationSync(store, catalogs);

    const pushed = sync.push(user, { rows: [{ newDocumentState: draft('draft-cccc-0003') }, { newDocumentState: draft('draft-dddd-0004') }] });
    await bulkRunning;
    const during = await sync.pull(user, undefined, '10');
    assert.deepEqual(during.documents.map((doc) => doc.id), [], 'nothing of the unfinished batch');
    assert.equal(during.checkpoint, null, 'the checkpoint does not move past the first document');
    releaseBulk();
    await pushed;
    const after = await sync.pull(user, during.checkpoint, '10');
    assert.deepEqual(after.documents.map((doc) => doc.id), ['draft-cccc-0003', 'draft-dddd-0004'], 'the whole batch once it is stored');
  });
});
