import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { draft, openEventStream, startTestServer, type EventStream, type Session, type TestServer } from './helpers.js';

describe('sync semantics', () => {
  let server: TestServer;
  let me: Session;
  let other: Session;
  before(async () => {
    server = await startTestServer();
    me = await server.freshSession('applicant');
    other = await server.freshSession('applicant');
  });
  after(async () => {
    await server.close();
  });

  /** The checkpoint after everything this account has now. */
  const tail = async (session: Session): Promise<string | null> => (await server.pullAll(session.cookie)).checkpoint;

  it('pulls a pushed document with an opaque string checkpoint, then nothing new from that checkpoint', async () => {
    const start = await tail(me);
    const doc = draft(me.user.userId, { applicantNik: '6471021708900003', netWorth: 250000000 });
    assert.deepEqual(await server.pushOk(me.cookie, [{ newDocumentState: doc }]), { conflicts: [] });

    const page = await server.pull(me.cookie, start);
    assert.deepEqual(page.documents, [doc]);
    assert.equal(typeof page.checkpoint, 'string');
    assert.ok(page.checkpoint && page.checkpoint.length > 0, 'the pull returns a non-empty checkpoint');
    assert.notEqual(page.checkpoint, start);

    const again = await server.pull(me.cookie, page.checkpoint);
    assert.deepEqual(again.documents, []);
    assert.equal(again.checkpoint, page.checkpoint, 'an empty page hands the checkpoint back unchanged');

    const full = await server.pullAll(me.cookie);
    assert.equal(full.documents.filter((candidate) => candidate.id === doc.id).length, 1);
  });

  it('answers a first pull of a fresh account position with a null or string checkpoint', async () => {
    const page = await server.pull(me.cookie, null, 1);
    assert.ok(page.checkpoint === null || typeof page.checkpoint === 'string', 'the checkpoint is null or a string');
    assert.ok(page.documents.length <= 1, 'a pull with limit 1 returns at most one document');
  });

  it('writes the same state only once', async () => {
    const doc = draft(me.user.userId, { mainGoods: 'Sekali saja' });
    await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    const firstRev = (await server.stored(doc.id))?._rev;
    const afterFirst = await tail(me);

    // The device retries after a lost answer: same state, with or without an assumed master state.
    assert.deepEqual(await server.pushOk(me.cookie, [{ newDocumentState: doc }]), { conflicts: [] });
    assert.deepEqual(await server.pushOk(me.cookie, [{ assumedMasterState: doc, newDocumentState: doc }]), { conflicts: [] });

    assert.equal((await server.stored(doc.id))?._rev, firstRev, 'no new revision');
    assert.deepEqual((await server.pull(me.cookie, afterFirst)).documents, [], 'the checkpoint does not advance');
    const saves = await server.audit({ action: 'application.save', targets: { $elemMatch: { $eq: doc.id } } });
    assert.equal(saves.length, 1);
  });

  it('answers a stale assumed master state with the server state as a conflict, and does not overwrite', async () => {
    const v1 = draft(me.user.userId, { mainGoods: 'versi 1' });
    await server.pushOk(me.cookie, [{ newDocumentState: v1 }]);
    const v2: ApplicationWireDoc = { ...v1, answers: { ...v1.answers, mainGoods: 'versi 2 (perangkat A)' }, updatedAt: v1.updatedAt + 10 };
    assert.deepEqual(await server.pushOk(me.cookie, [{ assumedMasterState: v1, newDocumentState: v2 }]), { conflicts: [] });

    // Device B still assumes v1.
    const fromB: ApplicationWireDoc = { ...v1, answers: { ...v1.answers, mainGoods: 'versi 2 (perangkat B)' }, updatedAt: v1.updatedAt + 20 };
    const response = await server.pushOk(me.cookie, [{ assumedMasterState: v1, newDocumentState: fromB }]);
    assert.deepEqual(response.conflicts, [v2]);
    // A device that never saw the document also gets the conflict.
    const blind = await server.pushOk(me.cookie, [{ newDocumentState: fromB }]);
    assert.deepEqual(blind.conflicts, [v2]);

    const stored = await server.stored(v1.id);
    assert.deepEqual(stored?.answers, v2.answers);

    // After merging, B pushes with the right assumed master state and wins.
    const merged: ApplicationWireDoc = { ...v2, answers: { ...v2.answers, kbli: '47112' }, updatedAt: v2.updatedAt + 30 };
    assert.deepEqual(await server.pushOk(me.cookie, [{ assumedMasterState: v2, newDocumentState: merged }]), { conflicts: [] });
    const pulled = (await server.pullAll(me.cookie)).documents.filter((candidate) => candidate.id === v1.id);
    assert.deepEqual(pulled, [merged]);
  });

  it('reports conflicts per row and still writes the other rows of the batch', async () => {
    const kept = draft(me.user.userId, { mainGoods: 'sudah ada' });
    await server.pushOk(me.cookie, [{ newDocumentState: kept }]);
    const fresh = draft(me.user.userId, { mainGoods: 'baru' });
    const stale = { ...kept, answers: { mainGoods: 'tanpa dasar' }, updatedAt: kept.updatedAt + 1 };
    const response = await server.pushOk(me.cookie, [{ newDocumentState: stale }, { newDocumentState: fresh }]);
    assert.deepEqual(response.conflicts, [kept]);
    assert.ok(await server.stored(fresh.id), 'the fresh document of the batch is stored despite the conflict');
    assert.deepEqual((await server.stored(kept.id))?.answers, kept.answers);
  });

  it('pulls a deletion as _deleted: true', async () => {
    const doc = draft(me.user.userId, { mainGoods: 'akan dihapus' });
    await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    const checkpoint = await tail(me);
    const deleted: ApplicationWireDoc = { ...doc, _deleted: true, updatedAt: doc.updatedAt + 1 };
    assert.deepEqual(await server.pushOk(me.cookie, [{ assumedMasterState: doc, newDocumentState: deleted }]), { conflicts: [] });

    const page = await server.pull(me.cookie, checkpoint);
    assert.deepEqual(page.documents, [deleted]);
    assert.equal(page.documents[0]?._deleted, true);
    const events = await server.audit({ action: 'application.delete', targets: { $elemMatch: { $eq: doc.id } } });
    assert.equal(events.length, 1);
  });

  it('walks all documents in write order with a small limit', async () => {
    const start = await tail(me);
    const docs = Array.from({ length: 7 }, (_, index) => draft(me.user.userId, { mainGoods: `halaman ${index}` }));
    for (const doc of docs) await server.pushOk(me.cookie, [{ newDocumentState: doc }]);

    const pages: string[][] = [];
    let checkpoint = start;
    for (let guard = 0; guard < 20; guard++) {
      const page = await server.pull(me.cookie, checkpoint, 3);
      assert.ok(page.documents.length <= 3, 'a page holds at most the limit of 3 documents');
      if (page.documents.length === 0) break;
      pages.push(page.documents.map((doc) => doc.id));
      checkpoint = page.checkpoint;
    }
    assert.ok(pages.length >= 3, 'seven documents do not fit in fewer than three pages of three');
    assert.deepEqual(pages.flat(), docs.map((doc) => doc.id), 'every document once, in write order');

    // An update moves the document to the end of the order.
    const [firstDoc] = docs;
    assert.ok(firstDoc, 'the test made documents to push');
    const updated: ApplicationWireDoc = { ...firstDoc, answers: { mainGoods: 'diubah' }, updatedAt: firstDoc.updatedAt + 5 };
    await server.pushOk(me.cookie, [{ assumedMasterState: firstDoc, newDocumentState: updated }]);
    assert.deepEqual((await server.pull(me.cookie, checkpoint, 3)).documents, [updated]);
  });

  it('fills every page up to its limit, even a limit of one', async () => {
    const start = await tail(me);
    const docs = Array.from({ length: 3 }, (_, index) => draft(me.user.userId, { mainGoods: `satu per satu ${index}` }));
    for (const doc of docs) await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    let checkpoint = start;
    const seen: string[] = [];
    for (const doc of docs) {
      const page = await server.pull(me.cookie, checkpoint, 1);
      assert.deepEqual(page.documents.map((found) => found.id), [doc.id], 'one document per page of one, none skipped');
      seen.push(doc.id);
      checkpoint = page.checkpoint;
    }
    assert.deepEqual((await server.pull(me.cookie, checkpoint, 1)).documents, []);
    const sizes: number[] = [];
    checkpoint = start;
    for (;;) {
      const page = await server.pull(me.cookie, checkpoint, 2);
      if (page.documents.length === 0) break;
      sizes.push(page.documents.length);
      checkpoint = page.checkpoint;
    }
    assert.deepEqual(sizes, [2, 1]);
    assert.equal(seen.length, 3);
  });

  it('records application.save in the audit trail with actor, targets and time, and login events', async () => {
    const doc = draft(me.user.userId);
    const before = new Date().toISOString();
    await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    const events = await server.audit({ targets: { $elemMatch: { $eq: doc.id } } });
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event?.action, 'application.save');
    assert.equal(event?.actor, me.user.userId);
    assert.deepEqual(event?.targets, [doc.id]);
    assert.deepEqual(event?.details, { device: null, permitTypeIds: ['siup'] });
    assert.ok(event && event.at >= before.slice(0, 19), 'the audit event is timed at or after the push');
    assert.ok(!JSON.stringify(event).includes('CV Uji Coba'), 'answers are not copied into the audit trail');
    const logins = await server.audit({ action: 'auth.login', actor: me.user.userId });
    assert.ok(logins.length >= 1, 'the sign-in is in the audit trail');
  });

  describe('live stream', () => {
    let mine: EventStream;
    let theirs: EventStream;
    before(async () => {
      mine = await openEventStream(server.url, me.cookie);
      theirs = await openEventStream(server.url, other.cookie);
    });
    after(() => {
      mine.close();
      theirs.close();
    });

    it('sends event: resync after a push by the same account', async () => {
      const count = mine.events.length;
      await server.pushOk(me.cookie, [{ newDocumentState: draft(me.user.userId) }]);
      await mine.waitFor('resync', 10_000, count);
    });

    it('does not send resync after another account\'s push', async () => {
      // Let what my own earlier pushes set off arrive first (on a loaded machine it can come late).
      await new Promise((resolve) => setTimeout(resolve, 500));
      const mineBefore = mine.events.length;
      const theirsBefore = theirs.events.length;
      await server.pushOk(other.cookie, [{ newDocumentState: draft(other.user.userId) }]);
      // The other account's own stream proves the change has gone through the feed...
      await theirs.waitFor('resync', 10_000, theirsBefore);
      // ...give mine a moment more to (wrongly) receive it too.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(mine.events.slice(mineBefore), [], 'I hear nothing of the other account\'s writes');
    });

    it('does not send resync for a push that changed nothing', async () => {
      const doc = draft(me.user.userId);
      const beforeFirst = mine.events.length;
      await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
      await mine.waitFor('resync', 10_000, beforeFirst);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const settled = mine.events.length;

      await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
      const theirsBefore = theirs.events.length;
      await server.pushOk(other.cookie, [{ newDocumentState: draft(other.user.userId) }]);
      await theirs.waitFor('resync', 10_000, theirsBefore);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(mine.events.length, settled, 'repeating a state is not a change');
    });
  });
});
