import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import type { ApiProblem } from '../../common/sync-protocol.js';
import { draft, expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer } from './helpers.js';

const PUSH = '/api/sync/applications/push';
const PULL = '/api/sync/applications/pull';

/** Expects a 400 invalid-input naming a problem at `path` (exactly, or as a prefix when it ends with '/'). */
function expectInvalid(result: ApiResult, path: string, mentions?: string): ApiProblem {
  const error = expectError(result, 400, 'invalid-input');
  assert.match(error.message.en, /nothing was changed/);
  const problems = error.problems ?? [];
  const found = problems.find((problem) => problem.path === path);
  assert.ok(found, `no problem at ${path}: ${JSON.stringify(problems)}`);
  assert.ok(found.message.id.length > 0 && found.message.en.length > 0, 'the problem has a message in both languages');
  if (mentions) {
    assert.ok(`${found.message.id} ${found.message.en}`.includes(mentions), `problem should mention ${mentions}: ${JSON.stringify(found)}`);
  }
  return found;
}

describe('schema rejection', () => {
  let server: TestServer;
  let me: Session;
  before(async () => {
    server = await startTestServer();
    me = await server.freshSession('applicant');
  });
  after(async () => {
    await server.close();
  });

  const pushRaw = (json: string): Promise<ApiResult> => server.api(PUSH, { cookie: me.cookie, rawBody: json });
  const pushDoc = (doc: unknown): Promise<ApiResult> => server.api(PUSH, { cookie: me.cookie, body: { rows: [{ newDocumentState: doc }] } });
  const assertNotStored = async (...ids: string[]): Promise<void> => {
    for (const id of ids) assert.equal(await server.stored(id), undefined, `${id} must not be stored`);
  };
  const without = (doc: ApplicationWireDoc, key: string): Record<string, unknown> =>
    Object.fromEntries(Object.entries(doc).filter(([name]) => name !== key));

  it('rejects a document without a required field', async () => {
    const doc = draft(me.user.userId);
    expectInvalid(await pushDoc(without(doc, 'permitTypeId')), '/rows/0/newDocumentState', 'permitTypeId');
    expectInvalid(await pushDoc(without(doc, '_deleted')), '/rows/0/newDocumentState', '_deleted');
    await assertNotStored(doc.id);
  });

  it('rejects an unknown top-level document field', async () => {
    const doc = draft(me.user.userId);
    expectInvalid(await pushDoc({ ...doc, approvedBy: 'now' }), '/rows/0/newDocumentState/approvedBy', 'approvedBy');
    expectInvalid(await pushDoc({ ...doc, _rev: '1-abc' }), '/rows/0/newDocumentState/_rev');
    expectInvalid(await pushDoc({ ...doc, serverSeq: 0 }), '/rows/0/newDocumentState/serverSeq');
    await assertNotStored(doc.id);
  });

  it('rejects an answer key the permit type does not have', async () => {
    const doc = draft(me.user.userId, { favouriteColour: 'biru' });
    const problem = expectInvalid(await pushDoc(doc), '/rows/0/newDocumentState/answers/favouriteColour', 'favouriteColour');
    assert.match(problem.message.en, /does not belong to this permit type/);
    await assertNotStored(doc.id);
  });

  it('rejects constructor and prototype answer keys', async () => {
    for (const key of ['constructor', 'prototype', 'toString', 'hasOwnProperty']) {
      const doc = draft(me.user.userId, { [key]: 'x' });
      expectInvalid(await pushDoc(doc), `/rows/0/newDocumentState/answers/${key}`);
      await assertNotStored(doc.id);
    }
  });

  it('rejects __proto__ keys in the answers and in the document, sent as raw JSON text', async () => {
    const doc = draft(me.user.userId);
    const json = JSON.stringify({ rows: [{ newDocumentState: doc }] });
    const inAnswers = json.replace('"answers":{', '"answers":{"__proto__":{"polluted":"yes"},');
    assert.notEqual(inAnswers, json);
    expectInvalid(await pushRaw(inAnswers), '/rows/0/newDocumentState/answers/__proto__', '__proto__');
    const inDocument = json.replace('"id":', '"__proto__":{"ownerId":"x"},"id":');
    expectInvalid(await pushRaw(inDocument), '/rows/0/newDocumentState/__proto__', '__proto__');
    const inRequest = json.replace('{"rows":', '{"__proto__":{"isAdmin":true},"rows":');
    expectInvalid(await pushRaw(inRequest), '/__proto__');
    await assertNotStored(doc.id);
    // The server process is unharmed and still serves this account.
    const ok = draft(me.user.userId);
    await server.pushOk(me.cookie, [{ newDocumentState: ok }]);
    assert.ok(await server.stored(ok.id), 'the server still stores a valid push from this account');
  });

  it('rejects wrong types', async () => {
    const doc = draft(me.user.userId);
    const cases: [Record<string, unknown>, string][] = [
      [{ updatedAt: String(doc.updatedAt) }, 'updatedAt'],
      [{ catalogVersion: '1' }, 'catalogVersion'],
      [{ _deleted: 0 }, '_deleted'],
      [{ answers: ['a'] }, 'answers'],
      [{ answers: { companyName: { text: 'CV' } } }, 'answers/companyName'],
      [{ status: 'approved' }, 'status'],
      [{ id: 'bad id!' }, 'id'],
    ];
    for (const [change, path] of cases) {
      expectInvalid(await pushDoc({ ...doc, ...change }), `/rows/0/newDocumentState/${path}`);
    }
    expectInvalid(await server.api(PUSH, { cookie: me.cookie, body: { rows: {} } }), '/rows');
    expectInvalid(await server.api(PUSH, { cookie: me.cookie, body: [] }), '/');
    expectInvalid(await server.api(PUSH, { cookie: me.cookie, body: { rows: [] } }), '/rows');
    await assertNotStored(doc.id);
  });

  it('rejects an unknown permit type and an unknown catalog version', async () => {
    const unknownType = draft(me.user.userId, {}, { permitTypeId: 'izin-tidak-ada' });
    const problem = expectInvalid(await pushDoc(unknownType), '/rows/0/newDocumentState/permitTypeId', 'izin-tidak-ada');
    assert.match(problem.message.en, new RegExp(`not in catalog version ${unknownType.catalogVersion}`));
    const unknownVersion = draft(me.user.userId, {}, { catalogVersion: 999 });
    expectInvalid(await pushDoc(unknownVersion), '/rows/0/newDocumentState/permitTypeId', '999');
    await assertNotStored(unknownType.id, unknownVersion.id);
  });

  it('rejects an answer longer than its catalog field allows', async () => {
    const doc = draft(me.user.userId, { companyName: 'C'.repeat(121) });
    const problem = expectInvalid(await pushDoc(doc), '/rows/0/newDocumentState/answers/companyName');
    assert.match(problem.message.en, /^Company name: at most 120 characters \(now 121\)/);
    await assertNotStored(doc.id);
  });

  it('stores a half-typed draft: an incomplete NIK and phone are what the person typed', async () => {
    const doc = draft(me.user.userId, { applicantNik: '64710', applicantPhone: '0812', netWorth: 'dua ratus' });
    await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    const stored = await server.stored(doc.id);
    assert.deepEqual(stored?.answers, doc.answers);
  });

  it('rejects a batch in which one row of three is bad, and stores none of the three', async () => {
    const good1 = draft(me.user.userId, { mainGoods: 'baris 1' });
    const bad = draft(me.user.userId, { notAField: 'baris 2' });
    const good3 = draft(me.user.userId, { mainGoods: 'baris 3' });
    const result = await server.push(me.cookie, [good1, bad, good3].map((doc) => ({ newDocumentState: doc })));
    expectInvalid(result, '/rows/1/newDocumentState/answers/notAField');
    await assertNotStored(good1.id, bad.id, good3.id);

    const structural = { ...good3, extra: true };
    const second = await server.api(PUSH, { cookie: me.cookie, body: { rows: [{ newDocumentState: good1 }, { newDocumentState: structural }] } });
    expectInvalid(second, '/rows/1/newDocumentState/extra');
    await assertNotStored(good1.id, good3.id);
  });

  it('rejects the same document twice in one batch', async () => {
    const doc = draft(me.user.userId);
    expectInvalid(await server.push(me.cookie, [{ newDocumentState: doc }, { newDocumentState: { ...doc, updatedAt: doc.updatedAt + 1 } }]),
      '/rows/1/newDocumentState/id');
    await assertNotStored(doc.id);
  });

  it('stores script in a text answer as inert text, unchanged', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> \' OR 1=1; -- ${7*7} {{7*7}}';
    const doc = draft(me.user.userId, { mainGoods: payload, companyName: '"><svg onload=alert(3)>' });
    await server.pushOk(me.cookie, [{ newDocumentState: doc }]);
    const pulled = await server.api(`${PULL}?limit=1000`, { cookie: me.cookie });
    assert.match(pulled.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(pulled.headers.get('x-content-type-options'), 'nosniff');
    const all = await server.pullAll(me.cookie);
    const found = all.documents.find((candidate) => candidate.id === doc.id);
    assert.ok(found, 'the pushed document comes back in the pull');
    assert.equal(found.answers.mainGoods, payload);
    assert.equal(found.answers.companyName, '"><svg onload=alert(3)>');
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    for (const json of ['{"rows": [', '{rows: []}', "{'rows': []}", 'undefined']) {
      expectError(await pushRaw(json), 400, 'malformed-json');
    }
    expectError(await server.api('/api/auth/login', { rawBody: '{"username":' }), 400, 'malformed-json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const doc = draft(me.user.userId);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const result = await server.api(PUSH, { cookie: me.cookie, rawBody: JSON.stringify({ rows: [{ newDocumentState: doc }] }), contentType });
      expectError(result, 415, 'unsupported-media-type');
    }
    expectError(await server.api('/api/auth/login', { rawBody: 'username=pemohon1&password=demo12345', contentType: 'application/x-www-form-urlencoded' }),
      415, 'unsupported-media-type');
    await assertNotStored(doc.id);
  });

  it('answers a body over the limit with 413 body-too-large', async () => {
    const huge = JSON.stringify({ rows: [{ newDocumentState: draft(me.user.userId, { mainGoods: 'x'.repeat(9 * 1024 * 1024) }) }] });
    assert.ok(huge.length > 9 * 1024 * 1024, 'the body is over 9 MiB');
    const error = expectError(await pushRaw(huge), 413, 'body-too-large');
    assert.match(error.message.en, /8 ?MB/i, 'the limit is named');
  });

  it('answers a bad checkpoint and an out-of-range limit with 400', async () => {
    for (const checkpoint of ['garbage!!', 'eyJzIjoiYWJjIn0', 'x'.repeat(300)]) {
      expectError(await server.api(`${PULL}?checkpoint=${encodeURIComponent(checkpoint)}`, { cookie: me.cookie }), 400, 'invalid-checkpoint');
    }
    expectError(await server.api(`${PULL}?checkpoint=a&checkpoint=b`, { cookie: me.cookie }), 400, 'invalid-checkpoint');
    for (const limit of ['0', '-1', '1001', '2.5', 'abc', '']) {
      expectError(await server.api(`${PULL}?limit=${limit}`, { cookie: me.cookie }), 400, 'invalid-limit');
    }
    assert.equal((await server.api(`${PULL}?limit=1000`, { cookie: me.cookie })).status, 200);
    assert.equal((await server.api(`${PULL}?limit=1`, { cookie: me.cookie })).status, 200);
  });

  it('answers an unknown /api path with 404 JSON', async () => {
    const result = await server.api(`/api/applications/${freshId()}`, { cookie: me.cookie });
    expectError(result, 404, 'not-found');
    assert.match(result.headers.get('content-type') ?? '', /application\/json/);
    expectError(await server.api('/api/_all_dbs'), 404, 'not-found');
    expectError(await server.api('/api/ptsp_users/_all_docs', { cookie: me.cookie }), 404, 'not-found');
  });
});
