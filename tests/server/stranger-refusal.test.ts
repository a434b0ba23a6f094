/**
 * A push by an account that may not write the row is refused the same way whether the id is
 * another account's document or an id nobody uses (sync/collections/applications.ts): same status,
 * code, problem path and text, and no state. Were the answers different, a stranger could learn
 * which ids exist by guessing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { PER_ROW_REFUSALS_HEADER, type PushResponse, type PushRow } from '../../common/sync-protocol.js';
import { draft, expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer } from './helpers.js';

describe('a stranger\'s refused push', () => {
  let server: TestServer;
  let alice: Session;
  let bob: Session;
  before(async () => {
    server = await startTestServer();
    alice = await server.freshSession('applicant');
    bob = await server.freshSession('applicant');
  });
  after(() => server.close());

  const push = (session: Session, rows: PushRow[], perRow: boolean): Promise<ApiResult> => server.api('/api/sync/applications/push', {
    body: { rows }, cookie: session.cookie, headers: perRow ? { [PER_ROW_REFUSALS_HEADER]: 'rows' } : {},
  });

  /**
   * Bob's guesses at Alice's document: rows at an id she uses (a copy naming her, a take-over naming
   * himself, a deletion) and at an id nobody uses in her name. (At an unused id in his own name he
   * simply makes a draft of his own: ids are random, so that tells nothing of hers.)
   */
  async function guesses(): Promise<ApplicationWireDoc[]> {
    const hers = draft(alice.user.userId, { companyName: 'CV Rahasia Alice' });
    await server.pushOk(alice.cookie, [{ newDocumentState: hers }]);
    return [
      { ...hers, updatedAt: hers.updatedAt + 1 },
      { ...hers, ownerId: bob.user.userId, answers: {}, updatedAt: hers.updatedAt + 1 },
      { ...hers, _deleted: true, updatedAt: hers.updatedAt + 1 },
      { ...hers, id: freshId() },
    ];
  }

  it('answers a row by row push the same for an existing id and an unused one', async () => {
    const docs = await guesses();
    const answers = [];
    for (const doc of docs) {
      const result = await push(bob, [{ newDocumentState: doc }], true);
      assert.equal(result.status, 200, result.text);
      const body = result.body as PushResponse;
      assert.deepEqual(body.conflicts, []);
      assert.equal(body.refused?.length, 1, `${doc.id}: ${result.text}`);
      const { id, ...rest } = body.refused?.[0] ?? { id: '' };
      assert.equal(id, doc.id, 'the refusal names the row sent');
      answers.push(rest);
    }
    assert.equal((answers[0] as { code?: string }).code, 'not-owner');
    assert.equal((answers[0] as { state?: unknown }).state, undefined, 'no stored state for a stranger');
    for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0], 'the same code, reason and problems for every guess');
    assert.equal(await server.stored(docs[3]?.id ?? ''), undefined, 'nothing stored at the unused id');
  });

  it('answers an all-or-nothing push (installed apps) the same for an existing id and an unused one', async () => {
    const errors = [];
    for (const doc of await guesses()) {
      const result = await push(bob, [{ newDocumentState: doc }], false);
      errors.push(expectError(result, 403, 'not-owner'));
      assert.ok(!result.text.includes('CV Rahasia Alice'), 'nothing of Alice\'s document');
    }
    assert.equal(errors[0]?.problems?.[0]?.path, '/rows/0/newDocumentState/ownerId');
    for (const error of errors.slice(1)) assert.deepEqual(error, errors[0], 'the same code, text and problems for every guess');
  });
});
