/**
 * A sync server restarted with its clock behind (an NTP step, a booth laptop without a working
 * clock battery) must still give new writes sequences after every checkpoint already handed out,
 * or devices holding those checkpoints would never receive the new writes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { COUCHDB_URL, draft, startTestServer } from './helpers.js';

describe('a restart with the clock behind', () => {
  let store: EmbeddedStore | undefined;
  let storeDir = '';
  before(async () => {
    storeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-clock-'));
    if (!COUCHDB_URL) store = await startEmbeddedStore(storeDir);
  });
  after(async () => {
    await store?.stop();
    await fs.rm(storeDir, { recursive: true, force: true });
  });

  it('still sends new writes to a device holding a checkpoint from before the restart', async () => {
    const couchUrl = COUCHDB_URL ?? store!.url;
    const first = await startTestServer({ couchUrl });
    const me = await first.freshSession('applicant');
    await first.pushOk(me.cookie, [{ newDocumentState: draft(me.user.userId, { mainGoods: 'sebelum' }) }]);
    const checkpoint = (await first.pullAll(me.cookie)).checkpoint;
    await first.close();

    const realNow = Date.now;
    Date.now = () => realNow() - 60 * 60 * 1000;
    try {
      const second = await startTestServer({ couchUrl });
      try {
        const later = draft(me.user.userId, { mainGoods: 'sesudah' });
        await second.pushOk(me.cookie, [{ newDocumentState: later }]);
        const page = await second.pull(me.cookie, checkpoint);
        assert.deepEqual(page.documents.map((doc) => doc.id), [later.id]);
      } finally {
        await second.close();
      }
    } finally {
      Date.now = realNow;
    }
  });
});
