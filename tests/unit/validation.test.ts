import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { MAX_BATCH_SIZE, type ApiProblem } from '../../common/sync-protocol.js';
import { loginRequestProblems, pushRequestProblems } from '../../sync-server/validation.js';

function wireDoc(extra: Partial<ApplicationWireDoc> = {}): ApplicationWireDoc {
  return {
    id: 'draft-0001-abcd',
    ownerId: 'user-1',
    permitTypeId: 'siup',
    catalogVersion: 1,
    status: 'draft',
    answers: { companyName: 'CV Jaya', netWorth: 5, agreed: true, note: null },
    createdAt: '2024-03-17T08:00:00.000Z',
    updatedAt: 1_710_662_400_000,
    _deleted: false,
    ...extra,
  };
}

const pushBody = (doc: unknown, assumed?: unknown): unknown => ({
  rows: [assumed === undefined ? { newDocumentState: doc } : { assumedMasterState: assumed, newDocumentState: doc }],
});

/** The body exactly as a device might send it, parsed the way express.json parses it. */
const parsed = (json: string): unknown => JSON.parse(json);

function withoutKey(doc: ApplicationWireDoc, key: keyof ApplicationWireDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([name]) => name !== key));
}

/** Asserts that some problem sits at `path` and that every problem has both message texts. */
function expectProblemAt(problems: ApiProblem[], path: string, mentions?: string): ApiProblem {
  assert.ok(problems.length > 0, 'expected problems, got none');
  for (const problem of problems) {
    assert.equal(typeof problem.path, 'string');
    assert.ok(problem.message.id.length > 0, 'Indonesian message');
    assert.ok(problem.message.en.length > 0, 'English message');
  }
  const found = problems.find((problem) => problem.path === path);
  assert.ok(found, `no problem at ${path}; got ${JSON.stringify(problems.map((problem) => problem.path))}`);
  if (mentions) {
    assert.ok(found.message.id.includes(mentions) || found.message.en.includes(mentions),
      `the message should mention ${mentions}: ${JSON.stringify(found.message)}`);
  }
  return found;
}

describe('pushRequestProblems: valid requests', () => {
  it('accepts a new document, an update with its assumed master state and a deletion', () => {
    assert.deepEqual(pushRequestProblems(pushBody(wireDoc())), []);
    assert.deepEqual(pushRequestProblems(pushBody(wireDoc({ updatedAt: 2 }), wireDoc())), []);
    assert.deepEqual(pushRequestProblems(pushBody(wireDoc({ _deleted: true, answers: {} }))), []);
  });

  it('accepts exactly MAX_BATCH_SIZE rows', () => {
    const rows = Array.from({ length: MAX_BATCH_SIZE }, (_, index) => ({ newDocumentState: wireDoc({ id: `draft-${String(index).padStart(6, '0')}` }) }));
    assert.deepEqual(pushRequestProblems({ rows }), []);
  });

  it('accepts markup in an answer as plain text', () => {
    assert.deepEqual(pushRequestProblems(pushBody(wireDoc({ answers: { mainGoods: '<script>alert(1)</script>' } }))), []);
  });
});

describe('pushRequestProblems: prototype pollution keys', () => {
  it('rejects __proto__ as a document key', () => {
    const json = JSON.stringify(pushBody(wireDoc())).replace('"id":', '"__proto__":{"polluted":true},"id":');
    const body = parsed(json);
    const problems = pushRequestProblems(body);
    expectProblemAt(problems, '/rows/0/newDocumentState/__proto__', '__proto__');
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  });

  it('rejects __proto__ as an answer key', () => {
    const json = JSON.stringify(pushBody(wireDoc({ answers: {} }))).replace('"answers":{}', '"answers":{"__proto__":"x"}');
    expectProblemAt(pushRequestProblems(parsed(json)), '/rows/0/newDocumentState/answers/__proto__', '__proto__');
  });

  it('rejects __proto__ in the assumed master state and at the row and request level', () => {
    const doc = JSON.stringify(wireDoc());
    const inAssumed = doc.replace('"id":', '"__proto__":{},"id":');
    expectProblemAt(pushRequestProblems(parsed(`{"rows":[{"assumedMasterState":${inAssumed},"newDocumentState":${doc}}]}`)),
      '/rows/0/assumedMasterState/__proto__');
    expectProblemAt(pushRequestProblems(parsed(`{"rows":[{"__proto__":{},"newDocumentState":${doc}}]}`)), '/rows/0/__proto__');
    expectProblemAt(pushRequestProblems(parsed(`{"__proto__":{},"rows":[{"newDocumentState":${doc}}]}`)), '/__proto__');
  });
});

describe('pushRequestProblems: shape', () => {
  it('rejects bodies that are not a push request', () => {
    for (const body of [undefined, null, 'rows', 42, [], {}]) {
      assert.ok(pushRequestProblems(body).length > 0, JSON.stringify(body));
    }
    expectProblemAt(pushRequestProblems({}), '/', 'rows');
  });

  it('rejects an empty batch and more than MAX_BATCH_SIZE rows', () => {
    expectProblemAt(pushRequestProblems({ rows: [] }), '/rows');
    const rows = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => ({ newDocumentState: wireDoc() }));
    const problem = expectProblemAt(pushRequestProblems({ rows }), '/rows', String(MAX_BATCH_SIZE));
    assert.match(problem.message.id, /terlalu banyak/);
  });

  it('names every missing required field', () => {
    for (const key of ['id', 'ownerId', 'permitTypeId', 'catalogVersion', 'status', 'answers', 'createdAt', 'updatedAt', '_deleted'] as const) {
      const problem = expectProblemAt(pushRequestProblems(pushBody(withoutKey(wireDoc(), key))), '/rows/0/newDocumentState', key);
      assert.equal(problem.message.id, `wajib ada: ${key}`);
    }
    expectProblemAt(pushRequestProblems({ rows: [{}] }), '/rows/0', 'newDocumentState');
  });

  it('rejects unknown fields in the document, the row and the request', () => {
    expectProblemAt(pushRequestProblems(pushBody({ ...wireDoc(), submittedBy: 'x' })), '/rows/0/newDocumentState/submittedBy', 'submittedBy');
    expectProblemAt(pushRequestProblems({ rows: [{ newDocumentState: wireDoc(), extra: 1 }] }), '/rows/0/extra');
    expectProblemAt(pushRequestProblems({ rows: [{ newDocumentState: wireDoc() }], extra: 1 }), '/extra');
  });

  it('rejects wrong types', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ id: 12345678 }, 'id'],
      [{ ownerId: null }, 'ownerId'],
      [{ catalogVersion: '1' }, 'catalogVersion'],
      [{ catalogVersion: 1.5 }, 'catalogVersion'],
      [{ updatedAt: '1710662400000' }, 'updatedAt'],
      [{ updatedAt: -1 }, 'updatedAt'],
      [{ _deleted: 'false' }, '_deleted'],
      [{ answers: [] }, 'answers'],
      [{ answers: 'x' }, 'answers'],
      // Structured answers: an address holds only short texts, a group only objects of scalars.
      [{ answers: { companyName: { nested: true } } }, 'answers/companyName/nested'],
      [{ answers: { companyName: ['a'] } }, 'answers/companyName/0'],
      [{ answers: { partners: [{ name: { deeper: 'x' } }] } }, 'answers/partners/0/name'],
      [{ status: 'approved' }, 'status'],
      [{ createdAt: 'yesterday' }, 'createdAt'],
    ];
    for (const [change, path] of cases) {
      expectProblemAt(pushRequestProblems(pushBody({ ...wireDoc(), ...change })), `/rows/0/newDocumentState/${path}`);
    }
    expectProblemAt(pushRequestProblems({ rows: 'all' }), '/rows');
    expectProblemAt(pushRequestProblems({ rows: [{ newDocumentState: 'doc' }] }), '/rows/0/newDocumentState');
  });

  it('rejects bad ids and answer keys', () => {
    for (const id of ['short', 'has space-in-it', '-starts-with-dash', `a${'b'.repeat(64)}`, '../../_users']) {
      expectProblemAt(pushRequestProblems(pushBody(wireDoc({ id }))), '/rows/0/newDocumentState/id');
    }
    for (const key of ['CompanyName', '1field', 'with-dash', '_private', '$where', 'a'.repeat(65)]) {
      expectProblemAt(pushRequestProblems(pushBody(wireDoc({ answers: { [key]: 'x' } }))), `/rows/0/newDocumentState/answers/${key}`, key);
    }
  });

  it('rejects answer keys that name Object.prototype machinery', () => {
    for (const key of ['constructor', 'prototype']) {
      expectProblemAt(pushRequestProblems(pushBody(wireDoc({ answers: { [key]: 'x' } }))), `/rows/0/newDocumentState/answers/${key}`);
    }
  });

  it('rejects answers longer than MAX_ANSWER_LENGTH', () => {
    expectProblemAt(pushRequestProblems(pushBody(wireDoc({ answers: { mainGoods: 'x'.repeat(4001) } }))),
      '/rows/0/newDocumentState/answers/mainGoods');
    assert.deepEqual(pushRequestProblems(pushBody(wireDoc({ answers: { mainGoods: 'x'.repeat(4000) } }))), []);
  });

  it('caps the number of problems reported', () => {
    const rows = Array.from({ length: 200 }, () => ({ newDocumentState: { id: 1 } }));
    const problems = pushRequestProblems({ rows });
    assert.ok(problems.length > 0 && problems.length <= 50, String(problems.length));
  });
});

describe('loginRequestProblems', () => {
  it('accepts a username and a password', () => {
    assert.deepEqual(loginRequestProblems({ username: 'pemohon1', password: 'demo12345' }), []);
  });

  it('rejects missing, empty, over-long, extra and wrongly typed fields', () => {
    expectProblemAt(loginRequestProblems({ username: 'pemohon1' }), '/', 'password');
    expectProblemAt(loginRequestProblems({ username: '', password: 'x' }), '/username');
    expectProblemAt(loginRequestProblems({ username: 'x'.repeat(65), password: 'x' }), '/username');
    expectProblemAt(loginRequestProblems({ username: 'pemohon1', password: 'x'.repeat(257) }), '/password');
    expectProblemAt(loginRequestProblems({ username: 'pemohon1', password: 'x', remember: true }), '/remember');
    expectProblemAt(loginRequestProblems({ username: ['pemohon1'], password: 'x' }), '/username');
    expectProblemAt(loginRequestProblems(parsed('{"username":"a","password":"b","__proto__":{}}')), '/__proto__');
    assert.ok(loginRequestProblems(undefined).length > 0, 'an absent sign-in request has problems');
  });
});
