import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { draft, expectError, startTestServer, type Session, type TestServer } from './helpers.js';

describe('owner isolation', () => {
  let server: TestServer;
  let alice: Session;
  let bob: Session;
  before(async () => {
    server = await startTestServer();
    // Accounts of this file's own: a demo applicant also pulls what other files filed and claimed for it.
    alice = await server.freshSession('applicant', 'Alice');
    bob = await server.freshSession('applicant', 'Bob');
    assert.notEqual(alice.user.userId, bob.user.userId);
  });
  after(async () => {
    await server.close();
  });

  it('never hands one account\'s draft to another account', async () => {
    const secret = draft(alice.user.userId, { applicantNik: '6471025708900003', mainGoods: 'Rahasia Alice' });
    await server.pushOk(alice.cookie, [{ newDocumentState: secret }]);

    const alicePull = await server.pullAll(alice.cookie);
    assert.equal(alicePull.documents.filter((doc) => doc.id === secret.id).length, 1);
    const bobPull = await server.pullAll(bob.cookie);
    assert.equal(bobPull.documents.filter((doc) => doc.id === secret.id).length, 0);
    assert.ok(bobPull.documents.every((doc) => doc.ownerId === bob.user.userId), 'Bob only ever sees his own documents');
    assert.ok(alicePull.documents.every((doc) => doc.ownerId === alice.user.userId), 'Alice only ever sees her own documents');
  });

  it('refuses with 403 a push of a document owned by another account, and stores nothing', async () => {
    const foreign = draft(alice.user.userId, { mainGoods: 'ditulis oleh Bob' });
    const error = expectError(await server.push(bob.cookie, [{ newDocumentState: foreign }]), 403, 'not-owner');
    assert.equal(error.problems?.[0]?.path, '/rows/0/newDocumentState/ownerId');
    assert.equal(await server.stored(foreign.id), undefined);
    const alicePull = await server.pullAll(alice.cookie);
    assert.equal(alicePull.documents.filter((doc) => doc.id === foreign.id).length, 0);
  });

  it('refuses the whole batch when one row belongs to another account', async () => {
    const own = draft(bob.user.userId);
    const foreign = draft(alice.user.userId);
    expectError(await server.push(bob.cookie, [{ newDocumentState: own }, { newDocumentState: foreign }]), 403, 'not-owner');
    assert.equal(await server.stored(own.id), undefined);
    assert.equal(await server.stored(foreign.id), undefined);
  });

  it('refuses an assumed master state that names another owner', async () => {
    const own = draft(bob.user.userId);
    const assumed = { ...own, ownerId: alice.user.userId };
    expectError(await server.push(bob.cookie, [{ assumedMasterState: assumed, newDocumentState: own }]), 403, 'not-owner');
    assert.equal(await server.stored(own.id), undefined);
  });

  it('refuses with 403 a document that reuses the id of another account\'s document, leaving it unchanged', async () => {
    const original = draft(alice.user.userId, { mainGoods: 'Asli milik Alice' });
    await server.pushOk(alice.cookie, [{ newDocumentState: original }]);
    const before = await server.stored(original.id);
    assert.ok(before, 'Alice\'s original document is stored');

    const hijack = { ...original, ownerId: bob.user.userId, answers: { mainGoods: 'Diambil alih' }, updatedAt: original.updatedAt + 1 };
    const withoutAssumed = await server.push(bob.cookie, [{ newDocumentState: hijack }]);
    const error = expectError(withoutAssumed, 403, 'not-owner');
    assert.ok(!withoutAssumed.text.includes('Asli milik Alice'), 'the other account\'s document is not revealed');
    assert.equal(error.problems?.[0]?.path, '/rows/0/newDocumentState/ownerId', 'the same path as for an id nobody uses (nothing tells the id exists)');
    const withAssumed = await server.push(bob.cookie, [{ assumedMasterState: { ...original, ownerId: bob.user.userId }, newDocumentState: hijack }]);
    expectError(withAssumed, 403, 'not-owner');
    const deletion = await server.push(bob.cookie, [{ newDocumentState: { ...hijack, _deleted: true } }]);
    expectError(deletion, 403, 'not-owner');

    assert.deepEqual(await server.stored(original.id), before, 'Alice\'s document is untouched, same revision');
    const alicePull = await server.pullAll(alice.cookie);
    assert.deepEqual(alicePull.documents.find((doc) => doc.id === original.id), original);
    const bobPull = await server.pullAll(bob.cookie);
    assert.equal(bobPull.documents.filter((doc) => doc.id === original.id).length, 0);
  });

  it('gives the booth staff account its own separate set of drafts', async () => {
    const staff = await server.freshSession('booth-staff');
    const walkIn = draft(staff.user.userId, { applicantName: 'Warga datang langsung' });
    await server.pushOk(staff.cookie, [{ newDocumentState: walkIn }]);
    for (const other of [alice, bob]) {
      const pulled = await server.pullAll(other.cookie);
      assert.equal(pulled.documents.filter((doc) => doc.id === walkIn.id).length, 0);
    }
  });
});
