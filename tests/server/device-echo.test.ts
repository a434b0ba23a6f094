/**
 * A device is not sent back what it wrote itself, and RxDB's pull loop still ends at the right
 * place: pages are short only when nothing is left, and never empty when the checkpoint moved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, type PullResponse, type PushRow } from '../../common/sync-protocol.js';
import { draft, startTestServer, type Session, type TestServer } from './helpers.js';

describe('a device does not pull back its own writes', () => {
  let server: TestServer;
  let me: Session;
  const phone = 'phone0001';
  const laptop = 'laptop0001';

  before(async () => {
    server = await startTestServer();
    me = await server.freshSession('applicant');
  });
  after(async () => {
    await server.close();
  });

  const pushFrom = async (device: string, rows: PushRow[]): Promise<void> => {
    const result = await server.api('/api/sync/applications/push', { body: { rows }, cookie: me.cookie, headers: { [DEVICE_HEADER]: device } });
    assert.equal(result.status, 200, result.text);
  };
  const pullAs = async (device: string | undefined, checkpoint: string | null, limit = 1000): Promise<PullResponse> => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (checkpoint) query.set('checkpoint', checkpoint);
    const result = await server.api(`/api/sync/applications/pull?${query.toString()}`, {
      cookie: me.cookie, headers: device ? { [DEVICE_HEADER]: device } : {},
    });
    assert.equal(result.status, 200, result.text);
    return result.body as PullResponse;
  };
  /** Pulls like RxDB: until a page is shorter than the limit. */
  const pullLikeRxdb = async (device: string, checkpoint: string | null, limit: number): Promise<{ ids: string[]; pages: number; checkpoint: string | null }> => {
    const ids: string[] = [];
    let current = checkpoint;
    for (let pages = 1; pages < 100; pages++) {
      const page = await pullAs(device, current, limit);
      ids.push(...page.documents.map((doc) => doc.id));
      if (page.documents.length > 0) current = page.checkpoint;
      if (page.documents.length < limit) return { ids, pages, checkpoint: current };
    }
    throw new Error('the pull never ended');
  };

  it('sends other devices\' writes only, in order, even across pages of one', async () => {
    const start = (await server.pullAll(me.cookie)).checkpoint;
    const mine = Array.from({ length: 4 }, (_, index) => draft(me.user.userId, { mainGoods: `ponsel ${index}` }));
    const theirs = Array.from({ length: 2 }, (_, index) => draft(me.user.userId, { mainGoods: `laptop ${index}` }));
    await pushFrom(phone, mine.slice(0, 2).map((doc) => ({ newDocumentState: doc })));
    await pushFrom(laptop, [{ newDocumentState: theirs[0]! }]);
    await pushFrom(phone, mine.slice(2).map((doc) => ({ newDocumentState: doc })));
    await pushFrom(laptop, [{ newDocumentState: theirs[1]! }]);

    for (const limit of [1, 2, 1000]) {
      const result = await pullLikeRxdb(phone, start, limit);
      assert.deepEqual(result.ids, theirs.map((doc) => doc.id), `limit ${limit}`);
    }
    const everything = await pullLikeRxdb('other-device-1', start, 2);
    assert.deepEqual(new Set(everything.ids), new Set([...mine, ...theirs].map((doc) => doc.id)));
    const noHeader = await pullAs(undefined, start);
    assert.equal(noHeader.documents.length, 6, 'without a device name, everything is sent');
  });

  it('moves the checkpoint past a device\'s own batch with one document, not the whole batch', async () => {
    const start = (await server.pullAll(me.cookie)).checkpoint;
    const batch = Array.from({ length: 5 }, (_, index) => draft(me.user.userId, { mainGoods: `booth ${index}` }));
    await pushFrom(phone, batch.map((doc) => ({ newDocumentState: doc })));
    const first = await pullAs(phone, start, 1000);
    assert.equal(first.documents.length, 1, 'one of its own, so that RxDB stores the new checkpoint');
    assert.equal(first.documents[0]?.id, batch[4]!.id);
    assert.notEqual(first.checkpoint, start);
    assert.deepEqual((await pullAs(phone, first.checkpoint)).documents, [], 'nothing after it');
  });

  it('sends a device its own document again once another device changed it', async () => {
    const start = (await server.pullAll(me.cookie)).checkpoint;
    const doc = draft(me.user.userId, { mainGoods: 'awal' });
    await pushFrom(phone, [{ newDocumentState: doc }]);
    const edited: ApplicationWireDoc = { ...doc, answers: { ...doc.answers, mainGoods: 'diubah di laptop' }, updatedAt: doc.updatedAt + 1 };
    await pushFrom(laptop, [{ assumedMasterState: doc, newDocumentState: edited }]);
    const result = await pullLikeRxdb(phone, start, 1000);
    assert.deepEqual(result.ids, [doc.id]);
    const page = await pullAs(phone, start);
    assert.equal(page.documents[0]?.answers.mainGoods, 'diubah di laptop');
  });

  it('refuses a malformed device name', async () => {
    const result = await server.api('/api/sync/applications/pull', { cookie: me.cookie, headers: { [DEVICE_HEADER]: 'bad name!' } });
    assert.equal(result.status, 400);
    assert.equal((result.body as { error: { code: string } }).error.code, 'invalid-device');
  });
});
