import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { draft, startTestServer, type Session, type TestServer } from './helpers.js';

describe('concurrency', () => {
  let server: TestServer;
  let me: Session;
  before(async () => {
    server = await startTestServer();
    me = await server.freshSession('applicant');
  });
  after(async () => {
    await server.close();
  });

  it('lands 20 parallel pushes of different documents by one account, each pulled exactly once', async () => {
    const start = (await server.pullAll(me.cookie)).checkpoint;
    const docs = Array.from({ length: 20 }, (_, index) => draft(me.user.userId, { mainGoods: `paralel ${index}` }));
    const responses = await Promise.all(docs.map((doc) => server.pushOk(me.cookie, [{ newDocumentState: doc }])));
    assert.ok(responses.every((response) => response.conflicts.length === 0), 'no parallel push of a new document conflicts');

    const wanted = new Set(docs.map((doc) => doc.id));
    const full = await server.pullAll(me.cookie);
    const fromFull = full.documents.filter((doc) => wanted.has(doc.id));
    assert.equal(fromFull.length, 20);
    assert.equal(new Set(fromFull.map((doc) => doc.id)).size, 20, 'no document twice');
    for (const doc of docs) assert.deepEqual(fromFull.find((candidate) => candidate.id === doc.id), doc);

    // Walking in small pages from the checkpoint before the pushes also sees each exactly once.
    // (That sequence order equals commit order is tested deterministically in
    // tests/unit/application-sync-ordering.test.ts, where a write can be held back.)
    const walked: string[] = [];
    let checkpoint = start;
    for (let guard = 0; guard < 100; guard++) {
      const page = await server.pull(me.cookie, checkpoint, 5);
      if (page.documents.length === 0) break;
      walked.push(...page.documents.map((doc) => doc.id));
      checkpoint = page.checkpoint;
    }
    assert.equal(walked.length, 20);
    assert.deepEqual(new Set(walked), wanted);
  });

  it('lands parallel batches, updates and pulls interleaved without losing any document', async () => {
    const start = (await server.pullAll(me.cookie)).checkpoint;
    const batches = Array.from({ length: 5 }, (_, batch) =>
      Array.from({ length: 4 }, (_, index) => draft(me.user.userId, { mainGoods: `batch ${batch} doc ${index}` })));
    // A device pulling continuously while others write must end up with everything.
    const seen = new Map<string, number>();
    let checkpoint = start;
    const drain = async (): Promise<void> => {
      for (;;) {
        const page = await server.pull(me.cookie, checkpoint, 3);
        if (page.documents.length === 0) return;
        for (const doc of page.documents) seen.set(doc.id, doc.updatedAt);
        checkpoint = page.checkpoint;
      }
    };
    await Promise.all([
      ...batches.map((rows) => server.pushOk(me.cookie, rows.map((doc) => ({ newDocumentState: doc })))),
      drain(),
      drain(),
    ]);
    await drain();
    for (const doc of batches.flat()) assert.equal(seen.get(doc.id), doc.updatedAt, doc.id);
  });
});
