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
